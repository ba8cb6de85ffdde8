package manage

import (
	"maps"
	"slices"
	"testing"

	"github.com/kefu-dev/kefu/internal/kefu"
)

func TestTerms(t *testing.T) {
	cases := map[string][]string{
		"怎么退款？":                    {"么退", "退款"},
		"Refund my ORDERS, please": {"refund", "order"},
		"ships class":              {"ship", "class"},
		"订单123号":                   {"订单", "123", "号"},
		"a b 我":                    {"我"},
		"退款refund退":                {"退款", "refund", "退"},
	}
	for text, want := range cases {
		got := slices.Sorted(maps.Keys(terms(text)))
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("terms(%q) = %v, want %v", text, got, want)
		}
	}
}

// TestRankCanned ranks canned replies by the terms they share with the customer's message.
func TestRankCanned(t *testing.T) {
	replies := []kefu.CannedReply{
		{ID: "1", Shortcut: "hello", Content: "您好，请问有什么可以帮您？"},
		{ID: "2", Shortcut: "refund", Content: "退款会在 1-3 个工作日内原路退回。"},
		{ID: "3", Shortcut: "refund-time", Content: "退款到账时间：退款审核通过后 1-3 天到账。"},
		{ID: "4", Shortcut: "shipping", Content: "Orders ship within 2 days; tracking is emailed."},
		{ID: "5", Shortcut: "address", Content: "You can change the shipping address before the order ships."},
	}
	cases := []struct {
		text string
		want []string
	}{
		{"我的退款什么时候到账？", []string{"3", "2"}},
		{"I need to change my address", []string{"5"}},
		{"Does this mean tracking is emailed?", []string{"4"}},
		{"How do I change my shipping address?", []string{"5", "4"}},
		{"天气怎么样", []string{}},
		{"the of and", []string{}},
	}
	for _, tt := range cases {
		got := []string{}
		for _, r := range rankCanned(tt.text, replies, 3) {
			got = append(got, r.ID)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("rank %q = %v, want %v", tt.text, got, tt.want)
		}
	}
	if got := rankCanned("退款", replies, 1); len(got) != 1 || got[0].ID != "2" {
		t.Errorf("one reply for 退款 = %v, want the first by shortcut of the tie (refund)", got)
	}
}

func TestAssistHelpers(t *testing.T) {
	for lang, want := range map[string]string{"zh-CN": "zh-CN", "zh-TW": "zh-CN", "ZH": "zh-CN", "en-GB": "en", "en": "en", "ja": "", "": ""} {
		if got := articleLocale(lang); got != want {
			t.Errorf("articleLocale(%q) = %q, want %q", lang, got, want)
		}
	}
	if got := cutBytes("退款很慢", 7); got != "退款" {
		t.Errorf("cutBytes = %q, want 退款 (two whole characters)", got)
	}
	if got := cutRunes("一二三四五", 3); got != "一二…" {
		t.Errorf("cutRunes = %q, want 一二…", got)
	}
	if got := cutRunes("一二三", 3); got != "一二三" {
		t.Errorf("cutRunes of a short text = %q, want it whole", got)
	}
}
