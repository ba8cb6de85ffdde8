package main

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// synonymGroup is a synonym group as the API returns it.
type synonymGroup struct {
	ID    string   `json:"id"`
	Terms []string `json:"terms"`
}

// TestKBSynonyms manages synonym groups over the API: a group makes search find an article
// by the organisation's own word, bad input is refused with the field named, agents without
// kb.manage read but do not write, and another organisation sees nothing.
func TestKBSynonyms(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		s := MustRunMain(t, testConfig(t, db))
		o := s.mustSetupOrg("Synonyms")
		admin, agent := o.Tokens["admin"], o.Tokens["agent"]
		var art kbArticle
		s.mustDo(201, "POST", "/api/v1/kb/articles", admin, map[string]any{
			"title": "取消订阅", "body": "在账户设置里可以暂停或取消。", "locale": "zh-CN", "status": "published",
		}).JSON(t, &art)
		if got := s.kbSearch(agent, "月月有茶", ""); slices.Contains(got, art.ID) {
			t.Fatalf("search 月月有茶 found %v before any group: the test proves nothing", got)
		}
		var g synonymGroup
		s.mustDo(201, "POST", "/api/v1/kb/synonyms", admin, map[string]any{"terms": []string{"月月有茶", " 订阅 ", "订阅"}}).JSON(t, &g)
		if !slices.Equal(g.Terms, []string{"月月有茶", "订阅"}) {
			t.Errorf("created terms %q, want trimmed and the repeat dropped", g.Terms)
		}
		if got := s.kbSearch(agent, "月月有茶", ""); len(got) == 0 || got[0] != art.ID {
			t.Errorf("search 月月有茶 with the group = %v, want the article", got)
		}
		s.mustDo(200, "PUT", "/api/v1/kb/synonyms/"+g.ID, admin, map[string]any{"terms": []string{"月月有茶", "会员"}}).JSON(t, &g)
		if got := s.kbSearch(agent, "月月有茶", ""); slices.Contains(got, art.ID) {
			t.Errorf("search 月月有茶 after the group no longer says 订阅 = %v, want not the article", got)
		}
		var list struct {
			Groups []synonymGroup `json:"groups"`
		}
		s.mustDo(200, "GET", "/api/v1/kb/synonyms", agent, nil).JSON(t, &list)
		if len(list.Groups) != 1 || !slices.Equal(list.Groups[0].Terms, []string{"月月有茶", "会员"}) {
			t.Errorf("an agent lists %+v, want the updated group", list.Groups)
		}
		checkSynonymBadInput(t, s, admin, g.ID)
		checkSynonymGuards(t, s, agent, g.ID)
		other := s.mustSetupOrg("OtherSynonyms")
		s.mustDo(200, "GET", "/api/v1/kb/synonyms", other.Tokens["agent"], nil).JSON(t, &list)
		if len(list.Groups) != 0 {
			t.Errorf("another organisation lists %d groups, want none", len(list.Groups))
		}
		if r := s.do("DELETE", "/api/v1/kb/synonyms/"+g.ID, other.Tokens["owner"], nil); r.Status != 404 {
			t.Errorf("another organisation deletes the group: status %d, want 404", r.Status)
		}
		s.mustDo(204, "DELETE", "/api/v1/kb/synonyms/"+g.ID, admin, nil)
		if r := s.do("DELETE", "/api/v1/kb/synonyms/"+g.ID, admin, nil); r.Status != 404 {
			t.Errorf("deleting the group again: status %d, want 404", r.Status)
		}
		log := s.mustAudit(o.Tokens["owner"], url.Values{"action": {"kb.synonyms"}, "target_id": {g.ID}})
		var actions []string
		for _, e := range log.Entries {
			actions = append(actions, e.Action)
		}
		if strings.Join(actions, ",") != "kb.synonyms_deleted,kb.synonyms_updated,kb.synonyms_created" {
			t.Errorf("audit of the group = %v, want created, updated, deleted (newest first)", actions)
		}
		if len(log.Entries) == 3 && !strings.Contains(string(log.Entries[1].After), "会员") {
			t.Errorf("the update's audit entry after = %s, want the new terms", log.Entries[1].After)
		}
	})
}

// checkSynonymBadInput sends groups that break each limit and expects 422 naming terms, and
// an unknown id 404.
func checkSynonymBadInput(t *testing.T, s *testServer, admin, id string) {
	t.Helper()
	many := make([]string, 21)
	for i := range many {
		many[i] = fmt.Sprint("term", i)
	}
	for name, terms := range map[string][]string{
		"one term": {"only"}, "21 terms": many, "an empty term": {"a", "  "}, "a term too long": {"a", strings.Repeat("x", 41)},
	} {
		for _, method := range []string{"POST", "PUT"} {
			path := "/api/v1/kb/synonyms"
			if method == "PUT" {
				path += "/" + id
			}
			r := s.do(method, path, admin, map[string]any{"terms": terms})
			if r.Status != 422 || r.Code(t) != "invalid_input" || !strings.Contains(string(r.Body), "terms") {
				t.Errorf("%s with %s: status %d %s, want 422 invalid_input naming terms", method, name, r.Status, r.Body)
			}
		}
	}
	for _, method := range []string{"PUT", "DELETE"} {
		if r := s.do(method, "/api/v1/kb/synonyms/no-such-group", admin, map[string]any{"terms": []string{"a", "b"}}); r.Status != 404 {
			t.Errorf("%s of an unknown group: status %d, want 404", method, r.Status)
		}
	}
}

// checkSynonymGuards expects an agent without kb.manage to be refused every write.
func checkSynonymGuards(t *testing.T, s *testServer, agent, id string) {
	t.Helper()
	body := map[string]any{"terms": []string{"a", "b"}}
	for _, c := range [][2]string{{"POST", "/api/v1/kb/synonyms"}, {"PUT", "/api/v1/kb/synonyms/" + id}, {"DELETE", "/api/v1/kb/synonyms/" + id}} {
		if r := s.do(c[0], c[1], agent, body); r.Status != 403 {
			t.Errorf("an agent without kb.manage: %s %s status %d, want 403", c[0], c[1], r.Status)
		}
	}
}
