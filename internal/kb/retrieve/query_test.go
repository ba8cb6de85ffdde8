package retrieve

import (
	"slices"
	"testing"
)

func shippingKB() *Index {
	ix := New()
	ix.Upsert(Doc{ID: "ship-time", Locale: "zh-CN", Title: "下单后多久发货", Questions: []string{"今天下单今天能发吗"}, Body: "16 点前付款当天发货。"})
	ix.Upsert(Doc{ID: "cancel", Locale: "zh-CN", Title: "如何取消订单", Questions: []string{"订单不想要了"}, Body: "发货前可以取消。"})
	ix.Upsert(Doc{ID: "return", Locale: "zh-CN", Title: "怎么退货", Questions: []string{"衣服不合适能退吗"}, Body: "签收后七天内申请。"})
	return ix
}

// A Chinese word no article and no lexicon entry knows is found whole, while bigrams that cut
// across known words are not taken for unknown words.
func TestUnknownRunsAreTheWordsNoArticleKnows(t *testing.T) {
	ix := shippingKB()
	cases := map[string][]string{
		"今天股市怎么样":   {"股市"},
		"衣服不合适能退吗":  nil,
		"能帮我订一张机票吗": {"机票"},
		"昨天的订单":     nil, // 昨天 is everyday language, not a topic
	}
	for q, want := range cases {
		if got := ix.unknownRuns(q); !slices.Equal(got, want) {
			t.Errorf("unknownRuns(%q) = %v, want %v", q, got, want)
		}
	}
}

// An unknown word weighs on the confidence as the rarest word would: a question about something
// the knowledge base lacks, sharing one word with an article, is not answered with it.
func TestUnknownWordsLowerTheConfidence(t *testing.T) {
	ix := shippingKB()
	on := top(t, ix, "今天下单能发货吗", "")
	off := ix.Search("今天股市怎么样", "", 1)
	if len(off) == 0 {
		t.Fatal("今天 is in an article, so something is found")
	}
	if off[0].Confidence >= on.Confidence/2 || off[0].Confidence > 0.4 {
		t.Errorf("off-topic confidence %.2f against %.2f on topic", off[0].Confidence, on.Confidence)
	}
}

// English words the lexicon knows are carried by their concept in a Chinese knowledge base, so
// a question mixing the languages is not taken as full of unknown words.
func TestMixedLanguageQuestionsMeetTheirConcepts(t *testing.T) {
	ix := shippingKB()
	h := top(t, ix, "cancel order 怎么弄", "zh")
	if h.ID != "cancel" || h.Confidence < 0.5 {
		t.Errorf("cancel order 怎么弄: %s %.2f, want cancel with ≥ 0.5", h.ID, h.Confidence)
	}
}
