package config

import (
	"flag"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the generated table in docs/configuration.md")

const (
	docsPath   = "../../docs/configuration.md"
	beginTable = "<!-- BEGIN config-reference: generated from internal/config by `go test ./internal/config -update`; do not edit -->\n"
	endTable   = "<!-- END config-reference -->"
)

// TestDocsTableIsCurrent fails when docs/configuration.md no longer matches Reference; run
// `go test ./internal/config -update` to regenerate the table between the markers.
func TestDocsTableIsCurrent(t *testing.T) {
	raw, err := os.ReadFile(docsPath)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(raw)
	before, rest, ok1 := strings.Cut(doc, beginTable)
	_, after, ok2 := strings.Cut(rest, endTable)
	if !ok1 || !ok2 {
		t.Fatalf("got no generated-table markers in %s, want %q ... %q", docsPath, beginTable, endTable)
	}
	want := before + beginTable + ReferenceMarkdown() + endTable + after
	if *update {
		if err := os.WriteFile(docsPath, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if doc != want {
		t.Fatalf("%s is out of date; run: go test ./internal/config -update", docsPath)
	}
	for _, o := range Reference() {
		for _, s := range []string{"`" + o.Key + "`", "`" + o.Env + "`"} {
			if !strings.Contains(doc, s) {
				t.Errorf("got no %s in %s, want every option documented", s, docsPath)
			}
		}
	}
}

func TestReferenceCoversConfig(t *testing.T) {
	keys := map[string]bool{}
	for _, o := range Reference() {
		keys[o.Key] = true
		if o.Env != "KEFU_"+strings.ToUpper(o.Key) {
			t.Errorf("%s: got env %s, want KEFU_ + upper key", o.Key, o.Env)
		}
		if o.Help == "" {
			t.Errorf("%s: got empty help, want a description", o.Key)
		}
	}
	for k := range Default().values() {
		if !keys[k] {
			t.Errorf("got no Reference entry for key %s, want every setting documented", k)
		}
	}
	if len(keys) != len(Default().values())+1 { // +1: the config file option
		t.Errorf("got %d reference keys for %d settings, want one each plus %q", len(keys), len(Default().values()), ConfigFileKey)
	}
}
