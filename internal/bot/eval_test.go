package bot

import (
	"io"
	"os"
	"path/filepath"
	"testing"
)

// The targets are top-1 85 %, top-3 95 %, hand-off recall 98 % and precision 95 %.
// The engine does not reach them all yet (docs/bot.md has the figures), so the floors below
// are the reached level minus a small margin: two points on the sets the engine was tuned on,
// three on the held-out sets written before that tuning (fewer questions, so each weighs
// more). They catch a regression, and are to be raised as retrieval improves, never lowered
// to pass.
var floors = map[string]map[string]struct{ top1, top3, recall, precision float64 }{
	"questions": {
		"zh-CN": {0.841, 0.946, 0.891, 0.924},
		"en":    {0.825, 0.914, 0.855, 0.922},
	},
	"holdout": {
		"zh-CN": {0.742, 0.891, 0.748, 0.970},
		"en":    {0.716, 0.900, 0.859, 0.970},
	},
}

// minSetSize is the size below which a set is too small to measure the engine with.
var minSetSize = map[string]int{"questions": 300, "holdout": 100}

// evalSet runs the evaluation on testdata/kb.<locale>.json and <set>.<locale>.jsonl.
func evalSet(t *testing.T, set, locale string, cfg Config) Report {
	t.Helper()
	arts := readFile(t, "kb."+locale+".json", ReadKB)
	qs := readFile(t, set+"."+locale+".jsonl", ReadQuestions)
	if err := CheckExpected(arts, qs); err != nil {
		t.Fatal(err)
	}
	if len(arts) < 40 || len(qs) < minSetSize[set] {
		t.Fatalf("%s %s: %d articles and %d questions, want ≥ 40 and ≥ %d", set, locale, len(arts), len(qs), minSetSize[set])
	}
	return Evaluate(NewIndex(arts), qs, cfg)
}

func readFile[T any](t *testing.T, name string, read func(io.Reader) (T, error)) T {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	v, err := read(f)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return v
}

func TestEvaluationSetsMeetTheFloors(t *testing.T) {
	for _, set := range []string{"questions", "holdout"} {
		for _, locale := range []string{"zh-CN", "en"} {
			t.Run(set+"/"+locale, func(t *testing.T) {
				r := evalSet(t, set, locale, Config{})
				t.Logf("%s %s: top-1 %.1f%% top-3 %.1f%% hand-off precision %.1f%% recall %.1f%% p50 %v p99 %v",
					set, locale, 100*r.Top1, 100*r.Top3, 100*r.HandoffPrecision, 100*r.HandoffRecall, r.LatencyP50, r.LatencyP99)
				logMisses(t, set, r)
				f := floors[set][locale]
				check(t, "top-1", r.Top1, f.top1)
				check(t, "top-3", r.Top3, f.top3)
				check(t, "hand-off recall", r.HandoffRecall, f.recall)
				check(t, "hand-off precision", r.HandoffPrecision, f.precision)
			})
		}
	}
}

// logMisses lists the misses of a tuning set with -v. The held-out sets' misses are not
// printed: reading them to tune would make them tuning sets.
func logMisses(t *testing.T, set string, r Report) {
	if !testing.Verbose() || set == "holdout" {
		return
	}
	for _, m := range r.Misses {
		t.Logf("miss: %q want %s got %s %v", m.Question, m.Expected, m.Action, m.Got)
	}
}

func check(t *testing.T, name string, got, want float64) {
	t.Helper()
	if got < want {
		t.Errorf("%s %.1f%%, want ≥ %.1f%%", name, 100*got, 100*want)
	}
}
