package retrieve

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
)

// SynonymGroup is a set of words and phrases that mean one thing to one organisation (its
// product names, its jargon: 月月有茶 / tea of the month / subscription box). Chinese entries
// are found anywhere in the folded text; English entries are words or phrases of words, matched
// after folding and stemming. Every text holding an entry also gets the group's own term, so a
// question naming the thing one way finds an article naming it another.
type SynonymGroup []string

// Option configures an Index at construction.
type Option func(*options)

// options are what New is given.
type options struct {
	synonyms []SynonymGroup
}

// WithSynonyms adds an organisation's synonym groups to the built-in customer-service lexicon
// (concept.go); given more than once, the groups add up. Groups are read once, when the index
// is built: an index given other groups must be built anew, since its articles' terms depend
// on them.
func WithSynonyms(groups ...SynonymGroup) Option {
	return func(o *options) {
		o.synonyms = append(o.synonyms, groups...)
	}
}

// lexicon holds the concepts that tokenizing adds to a text: the built-in table and, for an
// index given some, an organisation's synonym groups. It is immutable once built.
type lexicon struct {
	zh      map[rune][]conceptWord // Chinese entries by first character, longest first
	en      map[token][]token      // a stemmed English word → its concept terms
	phrases map[token][]enPhrase   // first stemmed word of an English phrase → the phrases
}

// conceptWord is a Chinese entry of a concept and the concept's term.
type conceptWord struct {
	word []rune
	term token // "" for a word of everyday language that belongs to no concept (commonZH)
}

// enPhrase is an English entry of several words, stemmed, and its concept's term.
type enPhrase struct {
	words []token
	term  token
}

// conceptPrefix marks a concept term; no word can start with it, so it never meets a real term.
const conceptPrefix = "~"

// baseLexicon is the built-in table, shared by every index built without synonyms.
var baseLexicon = newLexicon(conceptWords, nil)

// newLexicon reads the concept table ("中文 词 | english words, and phrases") and the groups.
func newLexicon(table map[string]string, groups []SynonymGroup) *lexicon {
	lx := &lexicon{zh: map[rune][]conceptWord{}, en: map[token][]token{}, phrases: map[token][]enPhrase{}}
	for name, words := range table {
		zhWords, enWords, _ := strings.Cut(words, "|")
		lx.addAll(conceptPrefix+name, strings.Fields(zhWords))
		lx.addAll(conceptPrefix+name, strings.Split(enWords, ","))
	}
	for i, g := range groups {
		lx.addAll(fmt.Sprintf("%ssyn%d", conceptPrefix, i), g)
	}
	lx.addAll("", commonZH)
	for r := range lx.zh {
		slices.SortStableFunc(lx.zh[r], func(a, b conceptWord) int { return len(b.word) - len(a.word) })
	}
	return lx
}

// addAll files each entry under term: Chinese ones by their first character, English ones
// as words or phrases (an English field of the table is comma-separated phrases of words).
func (lx *lexicon) addAll(term token, entries []string) {
	for _, e := range entries {
		for _, part := range strings.Fields(normalize(e)) {
			if hasHan(part) {
				r := []rune(part)
				lx.zh[r[0]] = append(lx.zh[r[0]], conceptWord{r, term})
			}
		}
		if words := latinWords(normalize(e)); len(words) == 1 {
			lx.en[words[0]] = appendNew(lx.en[words[0]], term)
		} else if len(words) > 1 {
			lx.phrases[words[0]] = append(lx.phrases[words[0]], enPhrase{words, term})
		}
	}
}

// latinWords returns the stemmed Latin words of s, stop words included (a phrase may hold one:
// log in, sign up), after the chat spellings are mapped.
func latinWords(s string) []token {
	var out []token
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !isWordRune(r) }) {
		if hasHan(w) {
			continue
		}
		if full, ok := colloquialEN[w]; ok {
			w = full
		}
		if w = strings.Trim(w, "'"); w != "" {
			out = append(out, stem(w))
		}
	}
	return out
}

// concepts returns the concept terms of the folded text s: its Chinese entries found anywhere
// (a particle may sit inside one: 坏了), and its English words and phrases.
func (lx *lexicon) concepts(s string) []token {
	return lx.enConcepts(latinWords(s), lx.zhConcepts([]rune(s)))
}

func (lx *lexicon) zhConcepts(rs []rune) []token {
	var out []token
	for i, r := range rs {
		for _, cw := range lx.zh[r] {
			if cw.term != "" && hasPrefixRunes(rs[i:], cw.word) {
				out = append(out, cw.term)
			}
		}
	}
	return out
}

// enConcepts appends to out the concepts of the stemmed words and of the phrases they hold.
func (lx *lexicon) enConcepts(words []token, out []token) []token {
	for i, w := range words {
		out = append(out, lx.en[w]...)
		for _, p := range lx.phrases[w] {
			if i+len(p.words) <= len(words) && slices.Equal(words[i:i+len(p.words)], p.words) {
				out = append(out, p.term)
			}
		}
	}
	return out
}

// covers marks in covered the characters of rs that belong to a Chinese entry of the lexicon:
// such characters are words the domain knows, even where no article uses them.
func (lx *lexicon) covers(rs []rune, covered []bool) {
	for i, r := range rs {
		for _, cw := range lx.zh[r] {
			if hasPrefixRunes(rs[i:], cw.word) {
				for j := range cw.word {
					covered[i+j] = true
				}
				break
			}
		}
	}
}

func hasPrefixRunes(s, prefix []rune) bool {
	return len(s) >= len(prefix) && slices.Equal(s[:len(prefix)], prefix)
}

func hasHan(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) }) >= 0
}

func appendNew(ts []token, t token) []token {
	if slices.Contains(ts, t) {
		return ts
	}
	return append(ts, t)
}
