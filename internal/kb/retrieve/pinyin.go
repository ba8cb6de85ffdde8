package retrieve

import (
	"unicode"

	"github.com/mozillazg/go-pinyin"
)

// Customers without a Chinese keyboard type pinyin (dingdan zhuangtai, fahuo), and those with
// one pick the wrong character of the right sound (发漂 for 发票, 物留 for 物流). So every
// Chinese bigram of a title or alternative question is also indexed as its toneless pinyin
// (订单 → dingdan): a typed pinyin word then matches like any English word (with prefix and
// typo tolerance), and a bigram of the query that no article contains is read as its pinyin.
// Bodies are left out: they are long, and a title or question names the topic.

// pinyinArgs asks for toneless pinyin and one reading per character (the commonest; the
// index and the query make the same choice, so a polyphone still matches itself).
var pinyinArgs = pinyin.NewArgs()

// pinyinOf returns the pinyin of a two-character Chinese term, or "" when t is not one or a
// character has no reading.
func pinyinOf(t token) string {
	r := []rune(t)
	if len(r) != 2 || !unicode.Is(unicode.Han, r[0]) || !unicode.Is(unicode.Han, r[1]) {
		return ""
	}
	a, b := pinyin.SinglePinyin(r[0], pinyinArgs), pinyin.SinglePinyin(r[1], pinyinArgs)
	if len(a) == 0 || len(b) == 0 {
		return ""
	}
	return a[0] + b[0]
}

// soundsOf returns the pinyin of each Chinese bigram of terms (aligned with terms, "" for
// other terms), and those pinyin sorted and unique; both nil when there is none.
func soundsOf(terms []token) (sounds, sorted []token) {
	for i, t := range terms {
		p := pinyinOf(t)
		if p == "" {
			continue
		}
		if sounds == nil {
			sounds = make([]token, len(terms))
		}
		sounds[i] = p
		sorted = append(sorted, p)
	}
	return sounds, uniqueSorted(sorted)
}

// homophones replaces each Chinese bigram of the query that no article contains by its pinyin
// when an article's title or question has that pinyin.
func (ix *Index) homophones(ts []token) []token {
	for i, t := range ts {
		if len(ix.postings[t]) > 0 {
			continue
		}
		if p := pinyinOf(t); p != "" && len(ix.postings[p]) > 0 {
			ts[i] = p
		}
	}
	return ts
}
