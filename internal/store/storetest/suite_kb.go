package storetest

import (
	"context"
	"slices"
	"testing"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/store"
)

// kbVersion reads an organisation's knowledge-base version or fails the test.
func kbVersion(t *testing.T, s *store.Store, orgID string) int64 {
	t.Helper()
	v, err := s.KBVersion(context.Background(), orgID)
	must(t, err)
	return v
}

// testArticles checks article CRUD: questions round-trip in order, ids chosen by an importer,
// conflicts, filters, categories, and that every change moves the version.
func testArticles(t *testing.T, open func(t *testing.T) *store.Store) {
	s := open(t)
	ctx := context.Background()
	w := newWorld(t, s)
	if v := kbVersion(t, s, w.org.ID); v != 0 {
		t.Fatalf("version before any article = %d, want 0", v)
	}
	refund := &kefu.Article{OrgID: w.org.ID, ID: "refund-policy", Title: "如何退款", Body: "**7 天**无理由退款",
		Category: "售后", Locale: kefu.LocaleZhCN, Status: kefu.ArticlePublished, Questions: []string{"怎么退款", "退钱", "refund?"}, UpdatedBy: w.owner.ID}
	must(t, s.CreateArticle(ctx, refund))
	draft := &kefu.Article{OrgID: w.org.ID, Title: "Shipping", Body: "3 days", Category: "Logistics", Locale: kefu.LocaleEn, Status: kefu.ArticleDraft}
	must(t, s.CreateArticle(ctx, draft))
	if !kefu.ValidID(draft.ID) {
		t.Errorf("generated id %q is not a kefu id", draft.ID)
	}
	v1 := kbVersion(t, s, w.org.ID)
	if v1 < 2 {
		t.Errorf("version after two creations = %d, want at least 2", v1)
	}
	wantCode(t, "duplicate id", s.CreateArticle(ctx, &kefu.Article{OrgID: w.org.ID, ID: "refund-policy", Title: "x", Body: "x", Locale: "en", Status: "draft"}), kefu.CodeConflict)
	got, err := s.GetArticle(ctx, w.org.ID, "refund-policy")
	must(t, err)
	if !slices.Equal(got.Questions, refund.Questions) || got.Body != refund.Body || got.UpdatedBy != w.owner.ID || got.Category != "售后" {
		t.Errorf("read back %+v, want %+v", got, refund)
	}
	published, err := s.ListArticles(ctx, w.org.ID, kefu.ArticleFilter{Status: kefu.ArticlePublished})
	must(t, err)
	if len(published) != 1 || published[0].ID != refund.ID {
		t.Errorf("published = %d articles, want the refund one only", len(published))
	}
	en, err := s.ListArticles(ctx, w.org.ID, kefu.ArticleFilter{Locale: kefu.LocaleEn, Category: "Logistics"})
	must(t, err)
	if len(en) != 1 || en[0].ID != draft.ID {
		t.Errorf("en+Logistics = %d articles, want the draft", len(en))
	}
	cats, err := s.ArticleCategories(ctx, w.org.ID)
	must(t, err)
	if len(cats) != 2 || !slices.Contains(cats, "售后") || !slices.Contains(cats, "Logistics") {
		t.Errorf("categories = %v, want 售后 and Logistics", cats)
	}
	draft.Status, draft.Questions = kefu.ArticlePublished, []string{"when does it ship"}
	must(t, s.UpdateArticle(ctx, draft))
	if v := kbVersion(t, s, w.org.ID); v <= v1 {
		t.Errorf("version after update = %d, want above %d", v, v1)
	}
	got, err = s.GetArticle(ctx, w.org.ID, draft.ID)
	must(t, err)
	if got.Status != kefu.ArticlePublished || len(got.Questions) != 1 {
		t.Errorf("after update: status %q, questions %v", got.Status, got.Questions)
	}
	must(t, s.DeleteArticle(ctx, w.org.ID, draft.ID))
	_, err = s.GetArticle(ctx, w.org.ID, draft.ID)
	wantCode(t, "get after delete", err, kefu.CodeNotFound)
	wantCode(t, "delete again", s.DeleteArticle(ctx, w.org.ID, draft.ID), kefu.CodeNotFound)
}

// testPutArticle checks the import's upsert: by id, creating then updating, never duplicating.
func testPutArticle(t *testing.T, open func(t *testing.T) *store.Store) {
	s := open(t)
	ctx := context.Background()
	w := newWorld(t, s)
	a := &kefu.Article{OrgID: w.org.ID, ID: "faq-1", Title: "Invoice", Body: "v1", Locale: "en", Status: "published", Questions: []string{}}
	created, err := s.PutArticle(ctx, a)
	must(t, err)
	if !created {
		t.Error("first put: created = false")
	}
	a.Body = "v2"
	created, err = s.PutArticle(ctx, a)
	must(t, err)
	if created {
		t.Error("second put: created = true, want an update")
	}
	list, err := s.ListArticles(ctx, w.org.ID, kefu.ArticleFilter{})
	must(t, err)
	if len(list) != 1 || list[0].Body != "v2" {
		t.Errorf("after two puts: %d articles, want one with body v2", len(list))
	}
}

// testArticleIsolation checks that one organisation never reads, changes or versions another's
// articles, even with the same id.
func testArticleIsolation(t *testing.T, open func(t *testing.T) *store.Store) {
	s := open(t)
	ctx := context.Background()
	a, b := newWorld(t, s), newWorld(t, s)
	mine := &kefu.Article{OrgID: a.org.ID, ID: "same-id", Title: "A", Body: "a", Category: "A-cat", Locale: "en", Status: "published"}
	must(t, s.CreateArticle(ctx, mine))
	theirs := &kefu.Article{OrgID: b.org.ID, ID: "same-id", Title: "B", Body: "b", Locale: "en", Status: "published"}
	must(t, s.CreateArticle(ctx, theirs))
	got, err := s.GetArticle(ctx, b.org.ID, "same-id")
	must(t, err)
	if got.Title != "B" {
		t.Errorf("org B reads title %q, want its own", got.Title)
	}
	vb := kbVersion(t, s, b.org.ID)
	mine.Body = "changed"
	must(t, s.UpdateArticle(ctx, mine))
	if v := kbVersion(t, s, b.org.ID); v != vb {
		t.Errorf("org A's change moved org B's version %d → %d", vb, v)
	}
	list, err := s.ListArticles(ctx, b.org.ID, kefu.ArticleFilter{})
	must(t, err)
	if len(list) != 1 || list[0].Body != "b" {
		t.Errorf("org B lists %d articles (%+v), want only its own unchanged one", len(list), list)
	}
	cats, err := s.ArticleCategories(ctx, b.org.ID)
	must(t, err)
	if len(cats) != 0 {
		t.Errorf("org B's categories = %v, want none (A-cat is org A's)", cats)
	}
	must(t, s.DeleteArticle(ctx, a.org.ID, "same-id"))
	if _, err := s.GetArticle(ctx, b.org.ID, "same-id"); err != nil {
		t.Errorf("org A's delete removed org B's article: %v", err)
	}
}
