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
}

func newEntry(d Doc) *entry {
	d.Questions = slices.Clone(d.Questions)
	e := &entry{doc: d, locale: strings.ToLower(d.Locale)}
	e.passages = append(e.passages, newPassage(kindTitle, d.Title))
	for _, q := range d.Questions {
		e.passages = append(e.passages, newPassage(kindQuestion, q))
	}
	e.passages = append(e.passages, newPassage(kindBody, d.Body))
	for _, p := range e.passages {
		e.terms = append(e.terms, p.terms...)
	}
	e.terms = uniqueSorted(e.terms)
	return e
}

func newPassage(k passageKind, text string) passage {
	return passage{kind: k, text: text, terms: uniqueSorted(tokenize(text))}
}

func uniqueSorted(ts []token) []token {
	slices.Sort(ts)
	return slices.Compact(ts)
}

// has reports whether the passage contains t.
func (p *passage) has(t token) bool {
	_, ok := slices.BinarySearch(p.terms, t)
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
