package retrieve

import (
	"strings"
	"unicode"
)

// token is one indexed unit: a Chinese character, a Chinese bigram, or an English word or
// number after stemming.
type token = string

// stopZH are the particles and fillers that carry no topic. They split Chinese runs, so no
// bigram straddles them (我的订单 gives 订单, not 的订).
const stopZH = "的了吗呢啊吧呀哦嘛哈嗯么哎喔诶额呃亲您你我他她它是在有和与及就都也还很请想要"

// stopEN are English words that carry no topic in a customer's question.
var stopEN = map[string]bool{
	"a": true, "an": true, "the": true, "is": true, "are": true, "am": true, "was": true,
	"were": true, "be": true, "been": true, "to": true, "of": true, "in": true, "on": true,
	"at": true, "for": true, "and": true, "or": true, "i": true, "me": true, "my": true,
	"you": true, "your": true, "we": true, "our": true, "it": true, "its": true, "this": true,
	"that": true, "do": true, "does": true, "did": true, "can": true, "could": true,
	"would": true, "should": true, "will": true, "please": true, "hi": true, "hello": true,
	"hey": true, "thanks": true, "thank": true, "with": true, "there": true, "any": true,
	"so": true, "just": true, "some": true, "get": true, "got": true, "have": true,
	"has": true, "if": true, "about": true, "from": true, "by": true, "what": true,
	"want": true, "need": true, "know": true, "tell": true, "pls": true, "im": true,
}

// tokenize turns normalised text into tokens: Chinese runs into single characters and
// overlapping bigrams, Latin runs into stemmed words without stop words. Digits stay with the
// letters they touch (12315, 7days).
func tokenize(s string) []token {
	var out []token
	var run []rune
	isHan := false
	flush := func() {
		if isHan {
			out = appendHan(out, run)
		} else if len(run) > 0 {
			out = appendWords(out, string(run))
		}
		run = run[:0]
	}
	for _, r := range normalize(s) {
		han := unicode.Is(unicode.Han, r) && !strings.ContainsRune(stopZH, r)
		word := unicode.IsLetter(r) && !unicode.Is(unicode.Han, r) || unicode.IsDigit(r) || r == '\''
		if (!han && !word) || (len(run) > 0 && han != isHan) {
			flush()
		}
		if han || word {
			isHan = han
			run = append(run, r)
		}
	}
	flush()
	return out
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

// appendWords adds an English word (or number) unless it is a stop word, after mapping its
// chat spelling to the full word and stemming it.
func appendWords(out []token, w string) []token {
	w = strings.Trim(w, "'")
	if full, ok := colloquialEN[w]; ok {
		w = full
	}
	if w == "" || stopEN[w] {
		return out
	}
	return append(out, stem(w))
}

// isUnigram reports whether t is a single Chinese character: such tokens match loosely (退 is
// in 退款 and 退货), so they weigh less than bigrams and words.
func isUnigram(t token) bool {
	r := []rune(t)
	return len(r) == 1 && unicode.Is(unicode.Han, r[0])
}
