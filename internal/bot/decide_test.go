package bot

import (
	"slices"
	"testing"

	"github.com/kefu-dev/kefu/internal/kb/retrieve"
)

var someHits = []retrieve.Hit{{ID: "a", Confidence: 0.9}, {ID: "b", Confidence: 0.4}, {ID: "c", Confidence: 0.25}, {ID: "d", Confidence: 0.1}}

func TestDecide(t *testing.T) {
	cfg := Config{AnswerThreshold: 0.6, SuggestThreshold: 0.3}
	low := []retrieve.Hit{{ID: "x", Confidence: 0.1}}
	close := []retrieve.Hit{{ID: "a", Confidence: 0.9}, {ID: "b", Confidence: 0.88}}
	mid := []retrieve.Hit{{ID: "b", Confidence: 0.5}, {ID: "c", Confidence: 0.35}, {ID: "e", Confidence: 0.31}, {ID: "f", Confidence: 0.3}}
	cases := []struct {
		name, query string
		hits        []retrieve.Hit
		st          State
		want        Decision
	}{
		{"answer", "q", someHits, State{}, Decision{Action: ActionAnswer, ArticleIDs: []string{"a", "b"}}},
		{"suggest three", "q", mid, State{}, Decision{Action: ActionSuggest, ArticleIDs: []string{"b", "c", "e"}}},
		{"two as likely are suggested", "q", close, State{}, Decision{Action: ActionSuggest, ArticleIDs: []string{"a", "b"}}},
		{"first low", "q", low, State{}, Decision{Action: ActionSuggest, Reason: ReasonLowConfidence}},
		{"nothing matched", "q", nil, State{}, Decision{Action: ActionSuggest, Reason: ReasonLowConfidence}},
		{"second low", "q", low, State{LowConfidenceRun: 1}, Decision{Action: ActionHandoff, Reason: ReasonLowConfidence, ArticleIDs: []string{"x"}}},
		{"human beats a good match", "转人工", someHits, State{}, Decision{Action: ActionHandoff, Reason: ReasonAskedForHuman, ArticleIDs: []string{"a", "b", "c"}}},
		{"anger", "我要投诉", someHits, State{}, Decision{Action: ActionHandoff, Reason: ReasonNegativeEmotion, Emotion: "negative", ArticleIDs: []string{"a", "b", "c"}}},
	}
	for _, c := range cases {
		got := Decide(c.query, c.hits, c.st, cfg)
		if got.Action != c.want.Action || got.Reason != c.want.Reason || got.Emotion != c.want.Emotion || !slices.Equal(got.ArticleIDs, c.want.ArticleIDs) {
			t.Errorf("%s: Decide = %+v, want %+v", c.name, got, c.want)
		}
	}
}

func TestAnswerMarginNegativeDisablesIt(t *testing.T) {
	close := []retrieve.Hit{{ID: "a", Confidence: 0.9}, {ID: "b", Confidence: 0.9}}
	if d := Decide("q", close, State{}, Config{AnswerMargin: -1}); d.Action != ActionAnswer {
		t.Errorf("margin disabled: %+v, want an answer", d)
	}
	if d := Decide("q", close, State{}, Config{}); d.Action != ActionSuggest {
		t.Errorf("default margin: %+v, want a suggestion", d)
	}
}

func TestStateCountsLowConfidenceInARow(t *testing.T) {
	st := State{}.Next(Decision{Action: ActionSuggest, Reason: ReasonLowConfidence})
	if st.LowConfidenceRun != 1 {
		t.Fatalf("after one low-confidence reply: %+v", st)
	}
	if st = st.Next(Decision{Action: ActionAnswer}); st.LowConfidenceRun != 0 {
		t.Errorf("an answer does not end the run: %+v", st)
	}
	if d := Decide("q", nil, State{LowConfidenceRun: 2}, Config{LowConfidenceLimit: 4}); d.Action == ActionHandoff {
		t.Errorf("the limit of 4 handed over at the third: %+v", d)
	}
}
