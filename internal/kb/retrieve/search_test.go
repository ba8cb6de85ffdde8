package retrieve

import (
	"fmt"
	"sync"
	"testing"
)

// smallKB is a handful of articles written for these unit tests (the labelled evaluation
// sets live in internal/bot/testdata and are not used here).
func smallKB() *Index {
	ix := New()
	for _, d := range []Doc{
		{ID: "zh-return", Locale: "zh-CN", Title: "如何申请退货", Body: "签收后七天内可在订单页面申请退货，商品需保持完好。", Questions: []string{"怎么退货", "衣服不合适能退吗", "退货流程是什么"}},
		{ID: "zh-refund", Locale: "zh-CN", Title: "退款多久到账", Body: "退款在审核通过后一到三个工作日原路返回。", Questions: []string{"钱什么时候退回来", "退款到账时间"}},
		{ID: "zh-invoice", Locale: "zh-CN", Title: "开具发票", Body: "在订单详情页点击申请发票，电子发票会发送到邮箱。", Questions: []string{"怎么开发票", "能开增值税专用发票吗"}},
		{ID: "zh-track", Locale: "zh-CN", Title: "查询物流", Body: "在我的订单中查看物流信息。", Questions: []string{"快递到哪了", "物流信息怎么查"}},
		{ID: "en-return", Locale: "en", Title: "How to return an item", Body: "You can return items within 30 days of delivery.", Questions: []string{"how do I send something back", "return policy"}},
		{ID: "en-refund", Locale: "en", Title: "When will I get my refund", Body: "Refunds are issued to the original payment method within 5 business days.", Questions: []string{"where is my money", "refund status"}},
		{ID: "en-track", Locale: "en", Title: "Track your order", Body: "Use the tracking number in your shipping confirmation email.", Questions: []string{"where is my package", "has my order shipped"}},
		{ID: "en-password", Locale: "en", Title: "Reset your password", Body: "Click forgot password on the sign-in page.", Questions: []string{"I forgot my password", "can't log in"}},
	} {
		ix.Upsert(d)
	}
	return ix
}

func top(t *testing.T, ix *Index, q, locale string) Hit {
	t.Helper()
	hits := ix.Search(q, locale, 3)
	if len(hits) == 0 {
		t.Fatalf("Search(%q) found nothing", q)
	}
	return hits[0]
}

func TestSearchFindsTheArticle(t *testing.T) {
	ix := smallKB()
	cases := map[string]string{
		"怎么退货":                 "zh-return",
		"咋退货啊":                 "zh-return",
		"退款啥时候到账":              "zh-refund",
		"我要开发票":                "zh-invoice",
		"發票":                   "zh-invoice",
		"我的快递到哪里了":             "zh-track",
		"how do i return this": "en-return",
		"RETURN POLICY":        "en-return",
		"refnd status":         "en-refund",
		"wheres my pakage":     "en-track",
		"forgot pasword":       "en-password",
		"ｐａｓｓｗｏｒｄ":             "en-password",
		"order shipping":       "en-track",
	}
	for q, want := range cases {
		if got := top(t, ix, q, ""); got.ID != want {
			t.Errorf("Search(%q) top = %s (%.2f), want %s", q, got.ID, got.Confidence, want)
		}
	}
}

func TestConfidenceIsComparableAcrossQueries(t *testing.T) {
	ix := smallKB()
	for _, q := range []string{"怎么退货", "return policy", "退款到账时间"} {
		if h := top(t, ix, q, ""); h.Confidence < 0.9 || h.Confidence > 1 {
			t.Errorf("an alternative question asked verbatim: %q confidence %.2f, want ≥ 0.9", q, h.Confidence)
		}
	}
	for _, q := range []string{"你们店在哪个城市", "what is the weather like", "天气"} {
		hits := ix.Search(q, "", 1)
		if len(hits) > 0 && hits[0].Confidence > 0.5 {
			t.Errorf("unrelated %q: confidence %.2f for %s", q, hits[0].Confidence, hits[0].ID)
		}
	}
	if h := top(t, ix, "怎么退货", ""); h.Matched != "怎么退货" {
		t.Errorf("Matched = %q, want the alternative question", h.Matched)
	}
}

func TestSearchFiltersLocaleAndNothingMatches(t *testing.T) {
	ix := smallKB()
	for _, h := range ix.Search("退货 return", "en", 10) {
		if h.ID[:3] != "en-" {
			t.Errorf("locale en returned %s", h.ID)
		}
	}
	if got := ix.Search("退货", "zh", 1); len(got) != 1 || got[0].ID != "zh-return" {
		t.Errorf("language-only locale zh: %v", got)
	}
	if got := ix.Search("!!! ...", "", 5); len(got) != 0 {
		t.Errorf("a query without terms found %v", got)
	}
	if got := ix.Search("xylophone", "", 5); len(got) != 0 {
		t.Errorf("an unknown word found %v", got)
	}
}

func TestUpsertReplacesAndRemoveForgets(t *testing.T) {
	ix := smallKB()
	ix.Upsert(Doc{ID: "zh-return", Locale: "zh-CN", Title: "会员积分规则"})
	if ix.Len() != 8 {
		t.Fatalf("Len after replacing = %d, want 8", ix.Len())
	}
	if h := top(t, ix, "积分", ""); h.ID != "zh-return" {
		t.Errorf("the replaced article is not found by its new title: %v", h)
	}
	if got := ix.Search("申请退货", "", 5); len(got) > 0 && got[0].ID == "zh-return" {
		t.Errorf("the replaced article is still found by its old text: %v", got)
	}
	ix.Remove("en-password")
	ix.Remove("no-such-id")
	if got := ix.Search("password", "", 5); len(got) != 0 {
		t.Errorf("a removed article is found: %v", got)
	}
	if ix.Len() != 7 {
		t.Errorf("Len after Remove = %d, want 7", ix.Len())
	}
}

func TestConcurrentSearchAndUpsert(t *testing.T) {
	ix := smallKB()
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				id := fmt.Sprintf("gen-%d-%d", w, i%20)
				ix.Upsert(Doc{ID: id, Locale: "en", Title: fmt.Sprintf("generated topic %d", i)})
				ix.Search("generated topic refund", "", 3)
				if i%3 == 0 {
					ix.Remove(id)
				}
			}
		}()
	}
	wg.Wait()
	if h := top(t, ix, "refund status", "en"); h.ID != "en-refund" {
		t.Errorf("after concurrent writes: %v", h)
	}
}
