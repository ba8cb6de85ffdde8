package main

import (
	"net/url"
	"strings"
	"testing"
)

// kbArticle is an article as the API returns it.
type kbArticle struct {
	ID        string   `json:"id"`
	Title     string   `json:"title"`
	Body      string   `json:"body"`
	BodyHTML  string   `json:"body_html"`
	Category  string   `json:"category"`
	Locale    string   `json:"locale"`
	Status    string   `json:"status"`
	Questions []string `json:"questions"`
	UpdatedBy string   `json:"updated_by"`
}

// kbSearch returns the ids of the hits for q, best first.
func (s *testServer) kbSearch(token, q, locale string) []string {
	s.t.Helper()
	var out struct {
		Hits []struct {
			Article    kbArticle `json:"article"`
			Confidence float64   `json:"confidence"`
		} `json:"hits"`
	}
	s.mustDo(200, "GET", "/api/v1/kb/search?"+url.Values{"q": {q}, "locale": {locale}}.Encode(), token, nil).JSON(s.t, &out)
	ids := make([]string, len(out.Hits))
	for i, h := range out.Hits {
		ids[i] = h.Article.ID
	}
	return ids
}

// kbList returns the articles the caller lists with query q.
func (s *testServer) kbList(token, q string) map[string]kbArticle {
	s.t.Helper()
	var out struct {
		Articles []kbArticle `json:"articles"`
	}
	s.mustDo(200, "GET", "/api/v1/kb/articles"+q, token, nil).JSON(s.t, &out)
	byID := map[string]kbArticle{}
	for _, a := range out.Articles {
		byID[a.ID] = a
	}
	return byID
}

// TestKnowledgeBase writes, reads, searches and guards articles over the API.
func TestKnowledgeBase(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		s := MustRunMain(t, testConfig(t, db))
		o := s.mustSetupOrg("KB")
		admin, agent, supervisor := o.Tokens["admin"], o.Tokens["agent"], o.Tokens["supervisor"]
		var refund, ship, draft kbArticle
		s.mustDo(201, "POST", "/api/v1/kb/articles", admin, map[string]any{
			"title": "退货退款政策", "body": "收到商品 **7 天内**可申请退款。<script>alert(1)</script>\n\n[x](javascript:alert(2))",
			"category": "售后", "locale": "zh-CN", "status": "published", "questions": []string{"怎么退货", "钱啥时候退回来", " 怎么退货 "},
		}).JSON(t, &refund)
		if !strings.Contains(refund.BodyHTML, "<strong>7 天内</strong>") || strings.Contains(refund.BodyHTML, "<script") || !strings.Contains(refund.BodyHTML, "&lt;script&gt;") || strings.Contains(refund.BodyHTML, "javascript:") {
			t.Errorf("body_html = %q: want the Markdown rendered, no script and no javascript: link", refund.BodyHTML)
		}
		if len(refund.Questions) != 2 || refund.UpdatedBy != o.AgentIDs["admin"] {
			t.Errorf("questions %v (want the duplicate dropped), updated_by %q", refund.Questions, refund.UpdatedBy)
		}
		s.mustDo(201, "POST", "/api/v1/kb/articles", supervisor, map[string]any{
			"title": "Shipping times", "body": "Orders ship within 2 days.", "category": "Logistics", "locale": "en",
			"status": "published", "questions": []string{"when will my order arrive"},
		}).JSON(t, &ship)
		s.mustDo(201, "POST", "/api/v1/kb/articles", admin, map[string]any{"title": "发票怎么开", "body": "草稿", "locale": "zh-CN"}).JSON(t, &draft)
		if draft.Status != "draft" {
			t.Errorf("an article created without status is %q, want draft", draft.Status)
		}

		if got := s.kbSearch(agent, "退款", ""); len(got) == 0 || got[0] != refund.ID {
			t.Errorf("search 退款 = %v, want the refund article first", got)
		}
		if got := s.kbSearch(agent, "SHIPPING", "en"); len(got) == 0 || got[0] != ship.ID {
			t.Errorf("search SHIPPING = %v, want the shipping article first", got)
		}
		if got := s.kbSearch(agent, "发票", ""); len(got) != 0 {
			t.Errorf("search 发票 = %v, want nothing: the only invoice article is a draft", got)
		}
		if got := s.kbList(agent, ""); len(got) < 2 || got[draft.ID].ID != "" {
			t.Errorf("the agent lists %d articles with the draft %v; want the published ones only", len(got), got[draft.ID].ID != "")
		}
		if r := s.do("GET", "/api/v1/kb/articles/"+draft.ID, agent, nil); r.Status != 404 {
			t.Errorf("an agent reading a draft: status %d, want 404", r.Status)
		}
		if got := s.kbList(admin, "?status=draft&locale=zh-CN"); len(got) != 1 || got[draft.ID].ID == "" {
			t.Errorf("admin's drafts in zh-CN = %v, want the invoice draft", got)
		}
		if got := s.kbList(admin, "?category="+url.QueryEscape("售后")); len(got) != 1 || got[refund.ID].ID == "" {
			t.Errorf("category 售后 = %v, want the refund article", got)
		}
		var cats struct {
			Categories []string `json:"categories"`
		}
		s.mustDo(200, "GET", "/api/v1/kb/categories", agent, nil).JSON(t, &cats)
		if strings.Join(cats.Categories, ",") != "Logistics,售后" {
			t.Errorf("categories = %v, want Logistics and 售后", cats.Categories)
		}

		var preview struct {
			BodyHTML string `json:"body_html"`
		}
		s.mustDo(200, "POST", "/api/v1/kb/preview", supervisor, map[string]string{"body": "# 标题\n<script>x()</script>"}).JSON(t, &preview)
		if !strings.Contains(preview.BodyHTML, "<h1") || strings.Contains(preview.BodyHTML, "<script") {
			t.Errorf("preview = %q, want a heading and no script", preview.BodyHTML)
		}

		// Agents read; only kb.manage writes.
		if r := s.do("POST", "/api/v1/kb/articles", agent, map[string]any{"title": "x", "body": "y", "locale": "en"}); r.Status != 403 {
			t.Errorf("an agent creating an article: status %d, want 403", r.Status)
		}
		if r := s.do("PATCH", "/api/v1/kb/articles/"+refund.ID, agent, map[string]any{"title": "mine"}); r.Status != 403 {
			t.Errorf("an agent editing an article: status %d, want 403", r.Status)
		}
		if r := s.do("DELETE", "/api/v1/kb/articles/"+refund.ID, agent, nil); r.Status != 403 {
			t.Errorf("an agent deleting an article: status %d, want 403", r.Status)
		}

		// A change is searchable at once: publish the draft, unpublish shipping.
		s.mustDo(200, "PATCH", "/api/v1/kb/articles/"+draft.ID, admin, map[string]any{"status": "published", "questions": []string{"开发票"}})
		s.mustDo(200, "PATCH", "/api/v1/kb/articles/"+ship.ID, admin, map[string]any{"status": "draft"})
		if got := s.kbSearch(agent, "发票", ""); len(got) == 0 || got[0] != draft.ID {
			t.Errorf("after publishing, search 发票 = %v, want the invoice article", got)
		}
		if got := s.kbSearch(agent, "shipping", ""); len(got) != 0 {
			t.Errorf("after unpublishing, search shipping = %v, want nothing", got)
		}
		s.mustDo(204, "DELETE", "/api/v1/kb/articles/"+draft.ID, admin, nil)
		if got := s.kbSearch(agent, "发票", ""); len(got) != 0 {
			t.Errorf("after deleting, search 发票 = %v, want nothing", got)
		}

		// Every change is in the audit log, with who made it and what changed.
		log := s.mustAudit(o.Tokens["owner"], url.Values{"action": {"kb."}, "target_id": {draft.ID}})
		var actions []string
		for _, e := range log.Entries {
			actions = append(actions, e.Action)
		}
		if strings.Join(actions, ",") != "kb.article_deleted,kb.article_updated,kb.article_created" {
			t.Errorf("audit of the invoice article = %v, want created, updated, deleted (newest first)", actions)
		}
		if len(log.Entries) == 3 && (log.Entries[1].ActorID != o.AgentIDs["admin"] || !strings.Contains(string(log.Entries[1].After), "published")) {
			t.Errorf("update entry = %+v, want by the admin with the new status", log.Entries[1])
		}

		// Another organisation sees none of it.
		other := s.mustSetupOrg("KBother")
		if got := s.kbList(other.Tokens["owner"], ""); len(got) != 0 {
			t.Errorf("another organisation lists %d articles, want none", len(got))
		}
		if got := s.kbSearch(other.Tokens["agent"], "退款", ""); len(got) != 0 {
			t.Errorf("another organisation's search 退款 = %v, want nothing", got)
		}
		for _, m := range []string{"GET", "PATCH", "DELETE"} {
			if r := s.do(m, "/api/v1/kb/articles/"+refund.ID, other.Tokens["owner"], map[string]any{"title": "x"}); r.Status != 404 {
				t.Errorf("another organisation's %s of an article: status %d, want 404", m, r.Status)
			}
		}
	})
}

// TestKnowledgeBaseBadInput checks that bad articles are refused with the field at fault.
func TestKnowledgeBaseBadInput(t *testing.T) {
	s := MustRunMain(t, testConfig(t, databases()[0]))
	admin := s.mustSetupOrg("KBbad").Tokens["admin"]
	ok := func() map[string]any { return map[string]any{"title": "T", "body": "B", "locale": "en"} }
	cases := []struct {
		field string
		set   func(m map[string]any)
	}{
		{"title", func(m map[string]any) { m["title"] = "  " }},
		{"title", func(m map[string]any) { delete(m, "title") }},
		{"title", func(m map[string]any) { m["title"] = strings.Repeat("长", 201) }},
		{"body", func(m map[string]any) { m["body"] = strings.Repeat("b", 20_001) }},
		{"body", func(m map[string]any) { delete(m, "body") }},
		{"locale", func(m map[string]any) { m["locale"] = "fr" }},
		{"status", func(m map[string]any) { m["status"] = "live" }},
		{"category", func(m map[string]any) { m["category"] = strings.Repeat("c", 65) }},
		{"questions", func(m map[string]any) { m["questions"] = []string{strings.Repeat("问", 201)} }},
		{"questions", func(m map[string]any) { m["questions"] = []string{"a\nb"} }},
		{"id", func(m map[string]any) { m["id"] = "has space" }},
	}
	for _, c := range cases {
		body := ok()
		c.set(body)
		r := s.do("POST", "/api/v1/kb/articles", admin, body)
		if r.Status != 422 || !strings.Contains(string(r.Body), c.field) {
			t.Errorf("bad %s: status %d %s, want 422 naming %s", c.field, r.Status, r.Body, c.field)
		}
	}
	if r := s.do("GET", "/api/v1/kb/search?q=", admin, nil); r.Status != 422 {
		t.Errorf("an empty search: status %d, want 422", r.Status)
	}
	if r := s.doRaw("POST", "/api/v1/kb/import", admin, "text/plain", strings.NewReader("x")); r.Status != 415 {
		t.Errorf("an import as text/plain: status %d, want 415", r.Status)
	}
	if r := s.do("POST", "/api/v1/kb/import", admin, "{not json"); r.Status != 400 {
		t.Errorf("an import of broken JSON: status %d %s, want 400", r.Status, r.Body)
	}
}
