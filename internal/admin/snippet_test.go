package admin_test

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kefu-dev/kefu/internal/admin"
	"github.com/kefu-dev/kefu/internal/kefu"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

func TestEmbedSnippetGolden(t *testing.T) {
	got := admin.EmbedSnippet(&kefu.Inbox{WidgetKey: "wk_abcDEF123-_"}, "https://support.example.com/")
	path := filepath.Join("testdata", "snippet.golden")
	if *update {
		if err := os.WriteFile(path, []byte(got+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file (run with -update to create it): %v", err)
	}
	if got+"\n" != string(want) {
		t.Errorf("snippet:\n got %s\nwant %s", got, want)
	}
}

func TestEmbedSnippetEscapes(t *testing.T) {
	tests := []struct {
		name, key, base string
	}{
		{"script breakout in key", "x';</script><script>alert(1)//", "https://a.example.com"},
		{"quote in base", "wk_x", "https://a.example.com/'+alert(1)+'"},
		{"html in base", "wk_x", `https://a.example.com/"><img src=x onerror=alert(1)>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := admin.EmbedSnippet(&kefu.Inbox{WidgetKey: tt.key}, tt.base)
			body := strings.TrimSuffix(strings.TrimPrefix(got, "<script>"), "</script>")
			for _, bad := range []string{"<", ">", `"`} {
				if strings.Contains(body, bad) {
					t.Errorf("snippet body contains %q: %s", bad, got)
				}
			}
			// Every quote must be one of the template's own: a value that adds one has broken
			// out of its string literal.
			safe := admin.EmbedSnippet(&kefu.Inbox{WidgetKey: "k"}, "https://b.example.com")
			if g, w := strings.Count(got, "'"), strings.Count(safe, "'"); g != w {
				t.Errorf("quotes in snippet: got %d, want %d: %s", g, w, got)
			}
		})
	}
}

func TestInboxSnippetUsesPublicURL(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		a := e.mustOrg(t, "acme")
		ib, err := e.svc.CreateInbox(context.Background(), a.actor(kefu.RoleAdmin), admin.InboxInput{Name: "Site"})
		if err != nil {
			t.Fatalf("CreateInbox: %v", err)
		}
		got, err := e.svc.InboxSnippet(context.Background(), a.actor(kefu.RoleAgent), ib.ID, "http://ignored.example")
		if err != nil {
			t.Fatalf("InboxSnippet: %v", err)
		}
		if !strings.Contains(got, "https://support.example.com/widget.js") || !strings.Contains(got, ib.WidgetKey) {
			t.Errorf("snippet: got %s, want the public URL and widget key %s", got, ib.WidgetKey)
		}
	})
}
