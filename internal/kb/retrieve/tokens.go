package retrieve

import (
	"regexp"
	"strings"
	"unicode"
)

// token is one indexed unit: a Chinese character, a Chinese bigram, an English word or number
// after stemming, or a concept term (concept.go).
type token = string

// tokenize turns text into tokens: Chinese runs into single characters and overlapping bigrams,
// Latin runs into stemmed words without stop words, and the concepts of the whole text. Digits
// stay with the letters they touch (12315, 7days).
func (lx *lexicon) tokenize(s string) []token {
	norm := normalize(s)
	var out []token
	scanRuns(functionZH.Replace(norm), func(run []rune, han bool) {
		if han {
			out = appendHan(out, run)
		} else {
			out = appendWords(out, string(run))
		}
	})
	for _, c := range hyphenated.FindAllString(norm, -1) {
		out = appendWords(out, strings.ReplaceAll(c, "-", ""))
	}
	return append(out, lx.concepts(norm)...)
}

// hyphenated finds words joined by hyphens (pu-erh, e-invoice): each part is a word, and so is
// the whole written solid, as customers often type it (puerh, einvoice).
var hyphenated = regexp.MustCompile(`[a-z0-9]+(-[a-z0-9]+)+`)

// scanRuns calls emit with each run of Chinese characters (stop characters split them) and
// each Latin word of s.
func scanRuns(s string, emit func(run []rune, han bool)) {
	var run []rune
	isHan := false
	flush := func() {
		if len(run) > 0 {
			emit(run, isHan)
		}
		run = run[:0]
	}
	for _, r := range s {
		han := isContentHan(r)
		word := isWordRune(r)
		if (!han && !word) || (len(run) > 0 && han != isHan) {
			flush()
		}
		if han || word {
			isHan = han
			run = append(run, r)
		}
	}
	flush()
}

func isContentHan(r rune) bool {
	return unicode.Is(unicode.Han, r) && !strings.ContainsRune(stopZH, r)
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) && !unicode.Is(unicode.Han, r) || unicode.IsDigit(r) || r == '\''
}

// appendHan adds each character and each overlapping pair of a run of Chinese characters.
func appendHan(out []token, run []rune) []token {
	for i, r := range run {
		out = append(out, string(r))
		if i > 0 {
			out = append(out, string(run[i-1:i+1]))
		}
	}
	return out
}

// appendWords adds an English word (or number) unless it is a stop word, before or after
// stemming (wants → want), after mapping its chat spelling to the full word.
func appendWords(out []token, w string) []token {
	w = strings.Trim(w, "'")
	if full, ok := colloquialEN[w]; ok {
		w = full
	}
	if w == "" || isStopEN(w) {
		return out
	}
	if st := stem(w); !isStopEN(st) {
		out = append(out, st)
	}
	return out
}

// isUnigram reports whether t is a single Chinese character: such tokens match loosely (退 is
// in 退款 and 退货), so they weigh less than bigrams and words.
func isUnigram(t token) bool {
	r := []rune(t)
	return len(r) == 1 && unicode.Is(unicode.Han, r[0])
}

// isBigram reports whether t is a pair of Chinese characters.
func isBigram(t token) bool {
	r := []rune(t)
	return len(r) == 2 && unicode.Is(unicode.Han, r[0]) && unicode.Is(unicode.Han, r[1])
}
