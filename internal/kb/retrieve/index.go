package retrieve

import (
	"slices"
	"sync"
)

// Doc is one knowledge-base article as the index sees it.
type Doc struct {
	ID, Locale, Title, Body, Category string
	Questions                         []string // alternative questions (相似问法)
}

// Index is an in-memory inverted index over articles. Search may run concurrently with Upsert
// and Remove: readers share a read lock, writers take it alone.
type Index struct {
	mu       sync.RWMutex
	slots    []*entry           // articles by slot number; nil where one was removed
	free     []int32            // slot numbers to reuse
	byID     map[string]int32   // article id → slot
	postings map[token][]int32  // term → slots of the articles that contain it (df = len)
	typoKeys map[string][]token // one-letter deletion → terms it came from
	prefKeys map[string][]token // prefix → longer terms that start with it
	lex      *lexicon           // the concepts tokenizing adds; fixed at construction
}

// entry is an indexed article: its passages with their sorted unique terms.
type entry struct {
	doc      Doc
	locale   string
	passages []passage
	terms    []token // the union of the passages' terms, sorted
}

// New returns an empty index.
func New(opts ...Option) *Index {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	lex := baseLexicon
	if len(o.synonyms) > 0 {
		lex = newLexicon(conceptWords, o.synonyms)
	}
	return &Index{
		byID:     map[string]int32{},
		postings: map[token][]int32{},
		typoKeys: map[string][]token{},
		prefKeys: map[string][]token{},
		lex:      lex,
	}
}

// Len returns the number of indexed articles.
func (ix *Index) Len() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return len(ix.byID)
}

// Upsert indexes d, replacing the article with the same ID.
func (ix *Index) Upsert(d Doc) {
	e := newEntry(ix.lex, d)
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.remove(d.ID)
	slot := ix.allocSlot(e)
	ix.byID[d.ID] = slot
	for _, t := range e.terms {
		if len(ix.postings[t]) == 0 {
			ix.addVariants(t)
		}
		ix.postings[t] = append(ix.postings[t], slot)
	}
}

// Remove drops the article with id; an unknown id is ignored.
func (ix *Index) Remove(id string) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.remove(id)
}

func (ix *Index) remove(id string) {
	slot, ok := ix.byID[id]
	if !ok {
		return
	}
	for _, t := range ix.slots[slot].terms {
		ix.postings[t] = deleteValue(ix.postings[t], slot)
		if len(ix.postings[t]) == 0 {
			delete(ix.postings, t)
			ix.dropVariants(t)
		}
	}
	ix.slots[slot] = nil
	ix.free = append(ix.free, slot)
	delete(ix.byID, id)
}

func (ix *Index) allocSlot(e *entry) int32 {
	if n := len(ix.free); n > 0 {
		slot := ix.free[n-1]
		ix.free = ix.free[:n-1]
		ix.slots[slot] = e
		return slot
	}
	ix.slots = append(ix.slots, e)
	return int32(len(ix.slots) - 1)
}

// addVariants files a new vocabulary term under its deletion and prefix keys.
func (ix *Index) addVariants(t token) {
	if !isASCIIWord(t) {
		return
	}
	if len(t) >= minTypoLen {
		for _, k := range deletions(t) {
			ix.typoKeys[k] = append(ix.typoKeys[k], t)
		}
	}
	for _, k := range prefixes(t) {
		ix.prefKeys[k] = append(ix.prefKeys[k], t)
	}
}

// dropVariants undoes addVariants for a term that left the vocabulary.
func (ix *Index) dropVariants(t token) {
	if !isASCIIWord(t) {
		return
	}
	if len(t) >= minTypoLen {
		for _, k := range deletions(t) {
			ix.typoKeys[k] = dropKey(ix.typoKeys, k, t)
		}
	}
	for _, k := range prefixes(t) {
		ix.prefKeys[k] = dropKey(ix.prefKeys, k, t)
	}
}

func dropKey(m map[string][]token, k string, t token) []token {
	rest := deleteValue(m[k], t)
	if len(rest) == 0 {
		delete(m, k)
	}
	return rest
}

// deleteValue removes the first v from s, not keeping order (postings are unordered sets).
func deleteValue[T comparable](s []T, v T) []T {
	i := slices.Index(s, v)
	if i < 0 {
		return s
	}
	s[i] = s[len(s)-1]
	return s[:len(s)-1]
}
