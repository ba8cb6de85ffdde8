package retrieve

import (
	"slices"
	"testing"
)

func TestTokenizeChineseGivesCharactersAndBigrams(t *testing.T) {
	got := baseLexicon.tokenize("怎么退货")
	for _, want := range []string{"退货", "退", "货"} {
		if !slices.Contains(got, want) {
			t.Errorf("baseLexicon.tokenize(怎么退货) = %v, lacks %q", got, want)
		}
	}
	if slices.Contains(baseLexicon.tokenize("我的订单"), "的订") {
		t.Errorf("a bigram straddles the particle 的: %v", baseLexicon.tokenize("我的订单"))
	}
}

// Question words and fillers say how a customer asks, not what about: they leave no term, and
// no bigram straddles them; their pinyin is a stop word too.
func TestTokenizeDropsFunctionWords(t *testing.T) {
	for _, s := range []string{"请问可以怎么", "你好在吗", "zenme keyi", "what is it how do i"} {
		if got := baseLexicon.tokenize(s); len(got) != 0 {
			t.Errorf("tokenize(%q) = %v, want nothing", s, got)
		}
	}
	got := baseLexicon.tokenize("怎么退货")
	if slices.Contains(got, "怎") || slices.Contains(got, "么退") {
		t.Errorf("tokenize(怎么退货) = %v keeps the question word", got)
	}
}

func TestTokenizeFoldsWidthCaseTraditionalAndColloquial(t *testing.T) {
	cases := map[string]string{
		"ＲＥＦＵＮＤ":     "refund",
		"退貨":         "退货",
		"發票":         "发票",
		"咋退货":        "退货",
		"pls refund": "refund",
		"Shipping":   "ship",
		"木有收到":       "没",
	}
	for in, want := range cases {
		if got := baseLexicon.tokenize(in); !slices.Contains(got, want) {
			t.Errorf("baseLexicon.tokenize(%q) = %v, lacks %q", in, got, want)
		}
	}
	if got := baseLexicon.tokenize("can u pls tell me"); len(got) != 0 {
		t.Errorf("stop words and chat forms survive: %v", got)
	}
}

func TestStem(t *testing.T) {
	cases := map[string]string{
		"refunds": "refund", "refunded": "refund", "shipped": "ship", "shipping": "ship",
		"cancelled": "cancel", "boxes": "box", "policies": "polici", "policy": "polici",
		"address": "address", "status": "status", "order's": "order", "use": "use",
		"tried": "tri", "tries": "tri", "located": "locat", "location": "locat",
	}
	for in, want := range cases {
		if got := stem(in); got != want {
			t.Errorf("stem(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWithinOneEdit(t *testing.T) {
	yes := [][2]string{{"refund", "refnd"}, {"refund", "refunf"}, {"refund", "rfeund"}, {"order", "orderr"}, {"same", "same"}}
	no := [][2]string{{"refund", "rfnd"}, {"refund", "return"}, {"order", "odrerr"}}
	for _, p := range yes {
		if !withinOneEdit(p[0], p[1]) {
			t.Errorf("withinOneEdit(%q, %q) = false", p[0], p[1])
		}
	}
	for _, p := range no {
		if withinOneEdit(p[0], p[1]) {
			t.Errorf("withinOneEdit(%q, %q) = true", p[0], p[1])
		}
	}
}

// A hyphenated word is also its parts written solid, and a negated auxiliary reads as not, so
// that the lexicon's phrases can hold it.
func TestTokenizeHyphensAndNegations(t *testing.T) {
	if got := baseLexicon.tokenize("pu-erh cake"); !slices.Contains(got, "puerh") || !slices.Contains(got, "erh") {
		t.Errorf("tokenize(pu-erh cake) = %v, want puerh and its parts", got)
	}
	if got := baseLexicon.tokenize("this isnt what i ordered"); !slices.Contains(got, "~mistake") {
		t.Errorf("tokenize(this isnt what i ordered) = %v, lacks ~mistake", got)
	}
	if got := baseLexicon.tokenize("the shop wants it"); slices.Contains(got, "want") {
		t.Errorf("a word stemming to a stop word survives: %v", got)
	}
}
