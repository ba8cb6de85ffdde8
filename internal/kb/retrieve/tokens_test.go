package retrieve

import (
	"slices"
	"testing"
)

func TestTokenizeChineseGivesCharactersAndBigrams(t *testing.T) {
	got := tokenize("怎么退货")
	for _, want := range []string{"退货", "退", "货", "怎"} {
		if !slices.Contains(got, want) {
			t.Errorf("tokenize(怎么退货) = %v, lacks %q", got, want)
		}
	}
	if slices.Contains(tokenize("我的订单"), "的订") {
		t.Errorf("a bigram straddles the particle 的: %v", tokenize("我的订单"))
	}
}

func TestTokenizeFoldsWidthCaseTraditionalAndColloquial(t *testing.T) {
	cases := map[string]string{
		"ＲＥＦＵＮＤ":     "refund",
		"退貨":         "退货",
		"發票":         "发票",
		"咋退货":        "怎",
		"pls refund": "refund",
		"Shipping":   "ship",
		"木有收到":       "没",
	}
	for in, want := range cases {
		if got := tokenize(in); !slices.Contains(got, want) {
			t.Errorf("tokenize(%q) = %v, lacks %q", in, got, want)
		}
	}
	if got := tokenize("can u pls tell me"); len(got) != 0 {
		t.Errorf("stop words and chat forms survive: %v", got)
	}
}

func TestStem(t *testing.T) {
	cases := map[string]string{
		"refunds": "refund", "refunded": "refund", "shipped": "ship", "shipping": "ship",
		"cancelled": "cancel", "boxes": "box", "policies": "policy", "address": "address",
		"status": "status", "order's": "order", "use": "use",
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
