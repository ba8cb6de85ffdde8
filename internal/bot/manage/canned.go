package manage

import (
	"cmp"
	"slices"
	"strings"
	"unicode"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// rankCanned returns up to n canned replies sharing the most terms with text, best first (ties
// by shortcut); replies sharing none are left out. Terms are words of Latin and other spaced
// scripts, lower-cased, and pairs of neighbouring characters of Chinese, Japanese and Korean,
// which are written without spaces: 退款 in "怎么退款" and "退款需要3天" is the shared pair.
func rankCanned(text string, replies []kefu.CannedReply, n int) []kefu.CannedReply {
	want := terms(text)
	type scored struct {
		r     kefu.CannedReply
		score int
	}
	var hits []scored
	for _, r := range replies {
		have := terms(r.Shortcut + " " + r.Content)
		score := 0
		for t := range want {
			if have[t] {
				score++
			}
		}
		if score > 0 {
			hits = append(hits, scored{r, score})
		}
	}
	slices.SortStableFunc(hits, func(a, b scored) int {
		return cmp.Or(b.score-a.score, strings.Compare(a.r.Shortcut, b.r.Shortcut))
	})
	out := []kefu.CannedReply{}
	for _, h := range hits[:min(n, len(hits))] {
		out = append(out, h.r)
	}
	return out
}

// terms splits text into its distinct terms: words of two letters or more that are not
// stop words, and bigrams of CJK runs (a run of one character is its own term).
func terms(text string) map[string]bool {
	out := map[string]bool{}
	var word, run []rune
	flush := func() {
		addWord(out, string(word))
		addRun(out, run)
		word, run = word[:0], run[:0]
	}
	for _, r := range strings.ToLower(text) {
		switch {
		case cjk(r):
			addWord(out, string(word))
			word = word[:0]
			run = append(run, r)
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			addRun(out, run)
			run = run[:0]
			word = append(word, r)
		default:
			flush()
		}
	}
	flush()
	return out
}

// addWord adds a word, a plural as its singular ("orders" is "order"); short and stop words
// are left out.
func addWord(out map[string]bool, w string) {
	if len([]rune(w)) < 2 || stopWord(w) {
		return
	}
	if len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") {
		w = w[:len(w)-1]
	}
	out[w] = true
}

// addRun adds the bigrams of a CJK run, but the question words and greetings every message
// has (什么, 请问, 您好).
func addRun(out map[string]bool, run []rune) {
	if len(run) == 1 {
		out[string(run)] = true
	}
	for i := 0; i+1 < len(run); i++ {
		if pair := string(run[i : i+2]); !stopWord(pair) {
			out[pair] = true
		}
	}
}

// cjk reports whether r is of a script written without spaces between words.
func cjk(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}

// stopWord reports whether w, an English word or a CJK pair, is too common to tell replies
// apart.
func stopWord(w string) bool {
	switch w {
	case "the", "an", "and", "or", "is", "are", "to", "of", "in", "on", "for", "it", "my", "your", "you",
		"me", "do", "does", "can", "how", "what", "be", "this", "that", "with", "we", "our", "at", "as",
		"if", "hi", "please", "hello",
		"什么", "怎么", "为什", "请问", "可以", "我的", "你们", "我们", "您好", "你好", "一下", "这个", "那个", "是不", "不是":
		return true
	}
	return false
}
