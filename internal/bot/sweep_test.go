package bot

import (
	"fmt"
	"testing"
)

// TestThresholdSweep prints how the figures move with the thresholds (go test -v -run Sweep);
// docs/bot.md carries its tables. The suggest threshold moves accuracy and hand-offs; the
// answer threshold only splits what is not handed over between direct answers and suggestions,
// so its rows show the share answered directly and how often those answers are right. The
// held-out sets are printed for reading, never for choosing a threshold.
func TestThresholdSweep(t *testing.T) {
	if !testing.Verbose() {
		t.Skip("prints a table; run with -v")
	}
	for _, set := range []string{"questions", "holdout"} {
		for _, locale := range []string{"zh-CN", "en"} {
			sweepSuggest(t, set, locale)
		}
	}
	for _, locale := range []string{"zh-CN", "en"} {
		sweepAnswer(t, locale)
	}
}

func sweepSuggest(t *testing.T, set, locale string) {
	ix := NewIndex(readFile(t, "kb."+locale+".json", ReadKB))
	qs := readFile(t, set+"."+locale+".jsonl", ReadQuestions)
	for _, s := range []float64{0.1, 0.15, 0.2, 0.25, 0.3, 0.35} {
		r := Evaluate(ix, qs, Config{SuggestThreshold: s, AnswerThreshold: max(s, DefaultAnswerThreshold)})
		fmt.Printf("| %s %s | %.2f | %.1f | %.1f | %.1f | %.1f |\n", set, locale, s, 100*r.Top1, 100*r.Top3, 100*r.HandoffPrecision, 100*r.HandoffRecall)
	}
}

func sweepAnswer(t *testing.T, locale string) {
	ix := NewIndex(readFile(t, "kb."+locale+".json", ReadKB))
	qs := readFile(t, "questions."+locale+".jsonl", ReadQuestions)
	for _, a := range []float64{0.45, 0.55, 0.65, 0.75} {
		r := Evaluate(ix, qs, Config{AnswerThreshold: a})
		fmt.Printf("| %s | %.2f | %.1f | %.1f |\n", locale, a, 100*r.Answered, 100*r.AnswerAccuracy)
	}
}
