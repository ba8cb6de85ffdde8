package kb_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/kefu-dev/kefu/internal/kb"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// TestAddQuestion adds a customer's question to an article: folded to one line, searchable at
// once, harmless twice, and refused for a missing article, a non-editor and a full article.
func TestAddQuestion(t *testing.T) {
	for name, open := range pairs(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			st, _ := open(t)
			s := kb.New(kb.Options{Store: st})
			owner := newOrg(t, st)
			art, err := s.Create(ctx, owner, kb.Input{Patch: kb.Patch{Title: ptr("退款多久到账"), Body: ptr("1-3 天"), Status: ptr("published")}})
			if err != nil {
				t.Fatal(err)
			}
			v0, _ := st.KBVersion(ctx, owner.OrgID)
			got, err := s.AddQuestion(ctx, owner, art.ID, "  钱什么时候\n 能回来  ")
			if err != nil || !slices.Equal(got.Questions, []string{"钱什么时候 能回来"}) {
				t.Fatalf("add = %v, %v; want the question on one line", got, err)
			}
			v1, _ := st.KBVersion(ctx, owner.OrgID)
			if v1 <= v0 {
				t.Errorf("version after adding a question = %d, want above %d", v1, v0)
			}
			hits, err := s.Search(ctx, owner, "钱什么时候能回来", "", 1)
			if err != nil || len(hits) != 1 || hits[0].Article.ID != art.ID || hits[0].Matched != "钱什么时候 能回来" {
				t.Errorf("search by the new question = %+v, %v; want the article, matched by it", hits, err)
			}
			again, err := s.AddQuestion(ctx, owner, art.ID, "钱什么时候 能回来")
			if v2, _ := st.KBVersion(ctx, owner.OrgID); err != nil || len(again.Questions) != 1 || v2 != v1 {
				t.Errorf("adding it again = %v, %v, version %d → %d; want no change", again.Questions, err, v1, v2)
			}
			wantKBCode(t, "unknown article", s.AddQuestion, owner, "no-such-article", "x", kefu.CodeNotFound)
			wantKBCode(t, "blank question", s.AddQuestion, owner, art.ID, " \n ", kefu.CodeInvalid)
			wantKBCode(t, "too long", s.AddQuestion, owner, art.ID, strings.Repeat("长", kefu.MaxArticleQuestion+1), kefu.CodeInvalid)
			agent := owner
			agent.Role = kefu.RoleAgent
			wantKBCode(t, "an agent", s.AddQuestion, agent, art.ID, "y", kefu.CodeForbidden)
			full := make([]string, kefu.MaxArticleQuests)
			for i := range full {
				full[i] = "q" + strings.Repeat("x", i)
			}
			if _, err := s.Update(ctx, owner, art.ID, kb.Patch{Questions: &full}); err != nil {
				t.Fatal(err)
			}
			wantKBCode(t, "a full article", s.AddQuestion, owner, art.ID, "one more", kefu.CodeInvalid)
		})
	}
}

func wantKBCode(t *testing.T, what string, add func(context.Context, kefu.Actor, string, string) (*kefu.Article, error),
	actor kefu.Actor, id, q string, want kefu.Code) {
	t.Helper()
	if _, err := add(context.Background(), actor, id, q); kefu.ErrorCode(err) != want {
		t.Errorf("%s: error %v, want %s", what, err, want)
	}
}

// TestSnippet checks snippets' text: Markdown syntax gone, inline formatting joined, blocks
// and cells separated, entities decoded once, typed HTML kept as the text it is.
func TestSnippet(t *testing.T) {
	s := kb.New(kb.Options{})
	cases := map[string]string{
		"# 退款\n\n收到商品 **7 天内**可申请。": "退款 收到商品 7 天内可申请。",
		"- one\n- two":                           "• one • two",
		"see [the policy](https://e.com/p)":      "see the policy",
		"| a | b |\n|---|---|\n| 1 | 2 |":        "a b 1 2",
		"Tom &amp; Jerry &lt;3":                  "Tom & Jerry <3",
		"<script>alert(1)</script> hi":           "<script>alert(1)</script> hi",
		"line one  \nline two\n\n```\ncode\n```": "line one line two code",
	}
	for md, want := range cases {
		if got := s.Snippet(md); got != want {
			t.Errorf("Snippet(%q) = %q, want %q", md, got, want)
		}
	}
}

// TestPlainText checks the bot's text of an article: a line per paragraph, heading or list
// item, a blank line between paragraphs, none inside a list.
func TestPlainText(t *testing.T) {
	s := kb.New(kb.Options{})
	cases := map[string]string{
		"# 退款\n\n收到商品 **7 天内**可申请。\n\n另一段": "退款\n\n收到商品 7 天内可申请。\n\n另一段",
		"步骤：\n\n1. 申请\n2. 寄回":              "步骤：\n\n• 申请\n• 寄回",
		"Tom &amp; Jerry <b>x</b>":         "Tom & Jerry <b>x</b>",
	}
	for md, want := range cases {
		if got := s.PlainText(md); got != want {
			t.Errorf("PlainText(%q) = %q, want %q", md, got, want)
		}
	}
}
