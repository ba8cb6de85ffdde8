package retrieve

import (
	"slices"
	"strings"
)

// passageKind says where in an article a passage comes from.
type passageKind uint8

const (
	kindTitle passageKind = iota
	kindQuestion
	kindBody
)

// passage is a piece of an article scored on its own: the title, one alternative question,
// or the body. A customer's question usually paraphrases one alternative question, so each is
// compared with the query separately rather than pooled into one field.
type passage struct {
	kind  passageKind
	text  string
	terms []token // sorted, unique
	// sounds are the pinyin of the Chinese bigrams of a title or question (see pinyin.go):
	// sounds[i] is that of terms[i], "" for other terms. They match a query but are not
	// terms of their own, so a passage asked verbatim in characters still scores 1.
	sounds []token
	byTone []token // the non-empty sounds, sorted, for has
}

func newEntry(lx *lexicon, d Doc) *entry {
	d.Questions = slices.Clone(d.Questions)
	e := &entry{doc: d, locale: strings.ToLower(d.Locale)}
	e.passages = append(e.passages, newPassage(lx, kindTitle, d.Title))
	for _, q := range d.Questions {
		e.passages = append(e.passages, newPassage(lx, kindQuestion, q))
	}
	e.passages = append(e.passages, newPassage(lx, kindBody, d.Body))
	for _, p := range e.passages {
		e.terms = append(e.terms, p.terms...)
		e.terms = append(e.terms, p.byTone...)
	}
	e.terms = uniqueSorted(e.terms)
	return e
}

func newPassage(lx *lexicon, k passageKind, text string) passage {
	p := passage{kind: k, text: text, terms: uniqueSorted(lx.tokenize(text))}
	if k != kindBody {
		p.sounds, p.byTone = soundsOf(p.terms)
	}
	return p
}

func uniqueSorted(ts []token) []token {
	slices.Sort(ts)
	return slices.Compact(ts)
}

// has reports whether the passage contains t.
func (p *passage) has(t token) bool {
	_, ok := slices.BinarySearch(p.terms, t)
	if !ok && p.byTone != nil {
		_, ok = slices.BinarySearch(p.byTone, t)
	}
	return ok
}

// matchesLocale reports whether an article in locale l answers a query in want: "" takes any,
// "zh" takes "zh-cn", and "zh-cn" takes "zh-cn".
func matchesLocale(l, want string) bool {
	if want == "" || l == want {
		return true
	}
	lang, _, _ := strings.Cut(l, "-")
	return lang == want
}
