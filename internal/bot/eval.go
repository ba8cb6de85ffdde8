package bot

import (
	"slices"
	"time"

	"github.com/kefu-dev/kefu/internal/kb/retrieve"
)

// searchLimit is how many hits the bot retrieves for a message.
const searchLimit = 10

// Report is the outcome of an evaluation run. Rates are in 0..1.
type Report struct {
	Questions        int           `json:"questions"`
	Articles         int           `json:"articles"`
	Top1             float64       `json:"top1"`              // expected article first answered or suggested, or handed over as expected
	Top3             float64       `json:"top3"`              // expected article among the first three, or handed over as expected
	HandoffPrecision float64       `json:"handoff_precision"` // hand-overs that were expected
	HandoffRecall    float64       `json:"handoff_recall"`    // expected hand-overs that happened
	Answered         float64       `json:"answered"`          // questions answered directly, not suggested or handed over
	AnswerAccuracy   float64       `json:"answer_accuracy"`   // direct answers whose article was the expected one
	LatencyP50       time.Duration `json:"latency_p50_ns"`
	LatencyP99       time.Duration `json:"latency_p99_ns"`
	Misses           []Miss        `json:"misses,omitempty"`
}

// Miss is a question the bot got wrong at top-1, for reading the set and tuning honestly.
type Miss struct {
	Question string   `json:"question"`
	Expected string   `json:"expected"`
	Action   string   `json:"action"`
	Got      []string `json:"got"`
}

// tally counts the outcomes while the questions run.
type tally struct {
	top1, top3, handed, handedRight, expectHandoff int
	answered, answeredRight                        int
	latencies                                      []time.Duration
	misses                                         []Miss
}

// Evaluate runs the bot on each question as a new conversation and measures it. When the
// bot says it did not understand (low confidence, no hand-over yet), the customer asks the
// same again, as one does, until the bot answers, suggests or hands over; the last decision
// counts. The latency is one retrieval plus one decision.
func Evaluate(ix *retrieve.Index, qs []Question, cfg Config) Report {
	var t tally
	for _, q := range qs {
		t.add(q, t.converse(ix, q.Question, cfg))
	}
	return t.report(len(qs), ix.Len())
}

// converse plays one conversation of the same question repeated while the bot asks to
// rephrase; LowConfidenceLimit bounds it.
func (t *tally) converse(ix *retrieve.Index, text string, cfg Config) Decision {
	var st State
	for {
		start := time.Now()
		d := Decide(text, ix.Search(text, "", searchLimit), st, cfg)
		t.latencies = append(t.latencies, time.Since(start))
		if d.Action == ActionHandoff || d.Reason != ReasonLowConfidence {
			return d
		}
		st = st.Next(d)
	}
}

func (t *tally) add(q Question, d Decision) {
	wantHandoff := q.Expected == ExpectHandoff
	handed := d.Action == ActionHandoff
	if wantHandoff {
		t.expectHandoff++
	}
	if handed {
		t.handed++
	}
	top1, top3 := handed && wantHandoff, handed && wantHandoff
	if !handed && !wantHandoff && len(d.ArticleIDs) > 0 {
		top1 = d.ArticleIDs[0] == q.Expected
		top3 = slices.Contains(d.ArticleIDs[:min(3, len(d.ArticleIDs))], q.Expected)
	}
	t.count(top1, top3, handed && wantHandoff)
	t.countAnswer(d.Action == ActionAnswer, top1)
	if !top1 {
		t.misses = append(t.misses, Miss{q.Question, q.Expected, d.Action, d.ArticleIDs})
	}
}

func (t *tally) count(top1, top3, handedRight bool) {
	if top1 {
		t.top1++
	}
	if top3 {
		t.top3++
	}
	if handedRight {
		t.handedRight++
	}
}

// countAnswer counts a direct answer and whether its article was the expected one.
func (t *tally) countAnswer(answered, right bool) {
	if answered {
		t.answered++
		if right {
			t.answeredRight++
		}
	}
}

func (t *tally) report(questions, articles int) Report {
	return Report{
		Questions: questions, Articles: articles,
		Top1: ratio(t.top1, questions), Top3: ratio(t.top3, questions),
		HandoffPrecision: ratio(t.handedRight, t.handed), HandoffRecall: ratio(t.handedRight, t.expectHandoff),
		Answered: ratio(t.answered, questions), AnswerAccuracy: ratio(t.answeredRight, t.answered),
		LatencyP50: percentile(t.latencies, 50), LatencyP99: percentile(t.latencies, 99),
		Misses: t.misses,
	}
}

// ratio is n/d, and 1 when there was nothing to count (no hand-over made means none was wrong).
func ratio(n, d int) float64 {
	if d == 0 {
		return 1
	}
	return float64(n) / float64(d)
}

// percentile returns the p-th percentile (nearest rank) of ds.
func percentile(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Sorted(slices.Values(ds))
	i := (len(s)*p + 99) / 100
	return s[max(0, min(i, len(s))-1)]
}
