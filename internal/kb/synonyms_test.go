package kb_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/kefu-dev/kefu/internal/kb"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// TestSynonymsChangeSearchOnEveryProcess checks that an organisation's synonym group makes a
// question that found nothing find the article, in another process too, and that deleting
// the group takes that back.
func TestSynonymsChangeSearchOnEveryProcess(t *testing.T) {
	for name, open := range pairs(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			sa, sb := open(t)
			a, b := kb.New(kb.Options{Store: sa}), kb.New(kb.Options{Store: sb})
			owner := newOrg(t, sa)
			art, err := a.Create(ctx, owner, kb.Input{Patch: kb.Patch{Title: ptr("取消订阅"), Body: ptr("在账户设置里可以暂停或取消。"), Status: ptr("published")}})
			if err != nil {
				t.Fatal(err)
			}
			found := func(q string) bool {
				hits, err := b.Search(ctx, owner, q, "", 3)
				if err != nil {
					t.Fatal(err)
				}
				return len(hits) > 0 && hits[0].Article.ID == art.ID
			}
			if found("月月有茶") {
				t.Fatal("the article was found before any synonym group: the test proves nothing")
			}
			g, err := a.CreateSynonyms(ctx, owner, []string{" 月月有茶 ", "订阅", "tea of the month"})
			if err != nil {
				t.Fatal(err)
			}
			if !found("月月有茶") {
				t.Error("process B does not find the article once the group links 月月有茶 to 订阅")
			}
			if err := a.DeleteSynonyms(ctx, owner, g.ID); err != nil {
				t.Fatal(err)
			}
			if found("月月有茶") {
				t.Error("process B still finds the article after the group was deleted")
			}
		})
	}
}

// TestSynonymsValidation checks the limits on a group, that repeats are dropped, and who may
// read and write groups.
func TestSynonymsValidation(t *testing.T) {
	ctx := context.Background()
	s, _ := pairs(t)["sqlite"](t)
	svc := kb.New(kb.Options{Store: s})
	owner := newOrg(t, s)
	many := make([]string, kefu.MaxSynonymTerms+1)
	for i := range many {
		many[i] = fmt.Sprint("term", i)
	}
	for name, terms := range map[string][]string{
		"one term": {"only"}, "one after repeats": {"a", " A ", "a"}, "too many": many,
		"empty": {"a", " "}, "too long": {"a", strings.Repeat("长", kefu.MaxSynonymTerm+1)}, "two lines": {"a", "b\nc"},
	} {
		if _, err := svc.CreateSynonyms(ctx, owner, terms); kefu.ErrorCode(err) != kefu.CodeInvalid {
			t.Errorf("%s: error %v, want %s", name, err, kefu.CodeInvalid)
		}
	}
	g, err := svc.CreateSynonyms(ctx, owner, []string{"Box", "box", strings.Repeat("长", kefu.MaxSynonymTerm), "订阅"})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(g.Terms, []string{"Box", strings.Repeat("长", kefu.MaxSynonymTerm), "订阅"}) {
		t.Errorf("terms = %q, want the repeat dropped", g.Terms)
	}
	reader := owner
	reader.Role = kefu.RoleAgent
	if _, err := svc.CreateSynonyms(ctx, reader, []string{"a", "b"}); kefu.ErrorCode(err) != kefu.CodeForbidden {
		t.Errorf("agent without kb.manage creates: %v, want forbidden", err)
	}
	if list, err := svc.Synonyms(ctx, reader); err != nil || len(list) != 1 {
		t.Errorf("agent reads %d groups, %v; want the one", len(list), err)
	}
	if _, err := svc.UpdateSynonyms(ctx, owner, "no-such-group", []string{"a", "b"}); kefu.ErrorCode(err) != kefu.CodeNotFound {
		t.Errorf("update of an unknown group: %v, want not found", err)
	}
}
