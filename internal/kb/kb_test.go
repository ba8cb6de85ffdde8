package kb_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/kefu-dev/kefu/internal/kb"
	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/store"
	"github.com/kefu-dev/kefu/internal/store/storetest"
)

// pairs opens two stores on one database, as two kefu processes would: SQLite always,
// PostgreSQL when the test database is configured.
func pairs(t *testing.T) map[string]func(t testing.TB) (*store.Store, *store.Store) {
	p := map[string]func(t testing.TB) (*store.Store, *store.Store){"sqlite": storetest.OpenSQLitePair}
	if os.Getenv(storetest.PostgresEnv) != "" {
		p["postgres"] = storetest.OpenPostgresPair
	}
	return p
}

// newOrg creates an organisation and returns its owner as an actor.
func newOrg(t *testing.T, s *store.Store) kefu.Actor { return newOrgB(t, s) }

func newOrgB(t testing.TB, s *store.Store) kefu.Actor {
	t.Helper()
	org := &kefu.Org{Name: "KB", Settings: kefu.DefaultOrgSettings()}
	owner := &kefu.Agent{Email: "kb-owner@example.com", Name: "Owner", Role: kefu.RoleOwner, Capacity: 1}
	if err := s.CreateOrgWithOwner(context.Background(), org, owner); err != nil {
		t.Fatal(err)
	}
	return kefu.Actor{Kind: kefu.ActorAgent, OrgID: org.ID, AgentID: owner.ID, Role: kefu.RoleOwner}
}

func ptr[T any](v T) *T { return &v }

// TestSearchAcrossProcesses checks that a process's index follows changes another process
// makes through the same database: the stored version tells it to rebuild.
func TestSearchAcrossProcesses(t *testing.T) {
	for name, open := range pairs(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			sa, sb := open(t)
			a, b := kb.New(kb.Options{Store: sa}), kb.New(kb.Options{Store: sb})
			owner := newOrg(t, sa)
			if hits, err := b.Search(ctx, owner, "退款", "", 3); err != nil || len(hits) != 0 {
				t.Fatalf("empty knowledge base: %d hits, %v", len(hits), err)
			}
			art, err := a.Create(ctx, owner, kb.Input{Patch: kb.Patch{Title: ptr("退款多久到账"), Body: ptr("1-3 天"), Status: ptr("published")}})
			if err != nil {
				t.Fatal(err)
			}
			hits, err := b.Search(ctx, owner, "退款", "", 3)
			if err != nil || len(hits) == 0 || hits[0].Article.ID != art.ID {
				t.Fatalf("process B after A's create: %+v, %v; want the article", hits, err)
			}
			if _, err := a.Update(ctx, owner, art.ID, kb.Patch{Status: ptr("draft")}); err != nil {
				t.Fatal(err)
			}
			if hits, _ := b.Search(ctx, owner, "退款", "", 3); len(hits) != 0 {
				t.Errorf("process B after A unpublished: %d hits, want none", len(hits))
			}
		})
	}
}

// TestRenderHTML checks that Markdown renders, HTML typed in a body shows as text, and nothing
// that runs survives.
func TestRenderHTML(t *testing.T) {
	s := kb.New(kb.Options{})
	cases := map[string]struct{ want, not string }{
		"**粗体**":                                    {"<strong>粗体</strong>", ""},
		"<script>alert(1)</script>":                 {"", "<script"},
		"[x](javascript:alert(1))":                  {"", "javascript:"},
		"<img src=x onerror=alert(1)>":              {"&lt;img", "<img"},
		"| a | b |\n|---|---|\n| 1 | 2 |":           {"<table>", ""},
		"[docs](https://example.com/help)":          {`noreferrer`, ""},
		"<a href=\"https://e.com\" onclick=x>a</a>": {"&lt;a href", "<a href"},
	}
	for md, c := range cases {
		got := s.RenderHTML(md)
		if c.want != "" && !strings.Contains(got, c.want) {
			t.Errorf("%q → %q, want it to contain %q", md, got, c.want)
		}
		if c.not != "" && strings.Contains(got, c.not) {
			t.Errorf("%q → %q, must not contain %q", md, got, c.not)
		}
	}
}
