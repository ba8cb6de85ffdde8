package bot

import (
	"github.com/kefu-dev/kefu/internal/kb/retrieve"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// Actions and hand-off reasons of a Decision. The reasons are the hand-off reasons kefu stores
// and shows (kefu.Handoff*), so a decision's reason is recorded as it is.
const (
	ActionAnswer  = "answer"
	ActionSuggest = "suggest"
	ActionHandoff = "handoff"

	ReasonLowConfidence   = kefu.HandoffLowConfidence
	ReasonAskedForHuman   = kefu.HandoffAskedForHuman
	ReasonNegativeEmotion = kefu.HandoffNegativeEmotion
)

// maxSuggestions is how many "did you mean" articles the bot offers at most.
const maxSuggestions = 3

// Config holds the thresholds of the decision. The zero value takes the defaults.
type Config struct {
	AnswerThreshold    float64 // confidence at or above which the bot answers with the top article
	SuggestThreshold   float64 // confidence at or above which it suggests articles
	LowConfidenceLimit int     // the low-confidence message in a row that hands over
	// AnswerMargin is how far the top article's confidence must lead the second's for a direct
	// answer: two articles as likely are offered side by side instead. Negative disables it.
	AnswerMargin float64
}

// Defaults of Config, chosen on the evaluation sets (docs/bot.md shows how they move).
const (
	DefaultAnswerThreshold    = 0.55
	DefaultSuggestThreshold   = 0.2
	DefaultLowConfidenceLimit = 2
	DefaultAnswerMargin       = 0.1
)

// withDefaults fills the fields left zero.
func (c Config) withDefaults() Config {
	if c.AnswerThreshold == 0 {
		c.AnswerThreshold = DefaultAnswerThreshold
	}
	if c.SuggestThreshold == 0 {
		c.SuggestThreshold = DefaultSuggestThreshold
	}
	if c.LowConfidenceLimit == 0 {
		c.LowConfidenceLimit = DefaultLowConfidenceLimit
	}
	if c.AnswerMargin == 0 {
		c.AnswerMargin = DefaultAnswerMargin
	}
	return c
}

// State is what the decision needs to remember of the conversation so far.
type State struct {
	LowConfidenceRun int // low-confidence messages in a row just before this one
}

// Next returns the state after d: a low-confidence reply extends the run, anything else ends it.
func (s State) Next(d Decision) State {
	if d.Reason == ReasonLowConfidence && d.Action != ActionHandoff {
		return State{LowConfidenceRun: s.LowConfidenceRun + 1}
	}
	return State{}
}

// Decision is what the bot does with one customer message.
type Decision struct {
	Action string // answer, suggest or handoff
	// ArticleIDs are, for an answer, the article first and then up to two related ones
	// (shown under it); for a suggestion, up to three; for a hand-over, the best guesses
	// passed to the agent. A low-confidence reply that asks to rephrase has none.
	ArticleIDs []string
	Reason     string // why it hands over, or low_confidence when it did not understand
	Emotion    string // "", "negative" or "angry"
}

// Decide answers, suggests or hands over for query given the retrieved hits (best first). A
// request for a person or anger hands over at once; otherwise the top hit's confidence picks
// answer (when it also leads the second hit by AnswerMargin) or suggest; below both thresholds
// the message is low confidence, and the LowConfidenceLimit-th such message in a row hands over.
func Decide(query string, hits []retrieve.Hit, st State, cfg Config) Decision {
	cfg = cfg.withDefaults()
	d := Decision{Emotion: Emotion(query)}
	switch {
	case AsksForHuman(query):
		return d.handoff(ReasonAskedForHuman, hits)
	case d.Emotion != "":
		return d.handoff(ReasonNegativeEmotion, hits)
	case len(hits) > 0 && hits[0].Confidence >= cfg.AnswerThreshold && leads(hits, cfg.AnswerMargin):
		d.Action, d.ArticleIDs = ActionAnswer, idsAbove(hits, cfg.SuggestThreshold)
		return d
	case len(hits) > 0 && hits[0].Confidence >= cfg.SuggestThreshold:
		d.Action, d.ArticleIDs = ActionSuggest, idsAbove(hits, cfg.SuggestThreshold)
		return d
	case st.LowConfidenceRun+1 >= cfg.LowConfidenceLimit:
		return d.handoff(ReasonLowConfidence, hits)
	}
	d.Action, d.Reason = ActionSuggest, ReasonLowConfidence
	return d
}

// leads reports whether the top hit's confidence is ahead of the second's by margin.
func leads(hits []retrieve.Hit, margin float64) bool {
	return len(hits) < 2 || hits[0].Confidence-hits[1].Confidence >= margin
}

// handoff hands over for reason, passing the best hits on as guesses for the agent.
func (d Decision) handoff(reason string, hits []retrieve.Hit) Decision {
	d.Action, d.Reason = ActionHandoff, reason
	d.ArticleIDs = idsAbove(hits, 0)
	return d
}

// idsAbove returns the ids of up to maxSuggestions hits whose confidence reaches min.
func idsAbove(hits []retrieve.Hit, min float64) []string {
	var ids []string
	for _, h := range hits {
		if len(ids) == maxSuggestions || h.Confidence < min {
			break
		}
		ids = append(ids, h.ID)
	}
	return ids
}
