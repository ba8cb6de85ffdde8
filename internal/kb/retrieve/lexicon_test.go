package retrieve

import (
	"slices"
	"strings"
	"testing"
)

func TestLexiconFindsWordsAndPhrases(t *testing.T) {
	cases := map[string]token{
		"how do i log in":         "~login",
		"Signed up yesterday":     "~register",
		"杯子碎了":                    "~damage",
		"袋子剪开了":                   "~unsealed",
		"can i get my money back": "~refund",
		"ＰＡＹＰＡＬ?":                 "~wallet",
	}
	for in, want := range cases {
		if got := baseLexicon.concepts(normalize(in)); !slices.Contains(got, want) {
			t.Errorf("concepts(%q) = %v, lacks %s", in, got, want)
		}
	}
	if got := baseLexicon.concepts("log"); slices.Contains(got, "~login") {
		t.Errorf("one word of the phrase log in gives the concept: %v", got)
	}
}

// An organisation's own words (a product's name) join the words articles use.
func TestWithSynonymsJoinsAnOrganisationsWords(t *testing.T) {
	groups := []SynonymGroup{{"月月有茶", "tea of the month", "订阅", "subscription"}}
	docs := []Doc{
		{ID: "zh-sub", Locale: "zh-CN", Title: "取消订阅", Body: "在账户设置里可以暂停或取消。"},
		{ID: "en-sub", Locale: "en", Title: "Cancelling your subscription", Body: "Pause or cancel any time."},
		{ID: "zh-order", Locale: "zh-CN", Title: "取消订单", Body: "发货前可以取消。"},
	}
	plain, tuned := New(), New(WithSynonyms(groups...), WithSynonyms(SynonymGroup{"茶点", "snacks"}))
	for _, d := range docs {
		plain.Upsert(d)
		tuned.Upsert(d)
	}
	tuned.Upsert(Doc{ID: "zh-snacks", Locale: "zh-CN", Title: "茶点配料"})
	for q, want := range map[string]string{"月月有茶怎么停": "zh-sub", "stop my tea of the month": "en-sub", "snacks 有坚果吗": "zh-snacks"} {
		locale, _, _ := strings.Cut(want, "-")
		got := top(t, tuned, q, locale)
		if got.ID != want {
			t.Errorf("with synonyms, Search(%q) top = %s, want %s", q, got.ID, want)
		}
		if hits := plain.Search(q, locale, 1); len(hits) > 0 && hits[0].ID == want && hits[0].Confidence >= got.Confidence {
			t.Errorf("without synonyms %q finds %s as surely: the synonyms did nothing", q, want)
		}
	}
}
