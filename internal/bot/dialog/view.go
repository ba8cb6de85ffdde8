package dialog

import (
	"context"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// Handoff is the bot's note on a conversation it had, for the agents: where it stands with the
// bot, and why and with what it handed over.
type Handoff struct {
	ConversationID string                `json:"conversation_id"`
	State          kefu.BotState         `json:"state" enum:"active,handed_off"`
	Reason         string                `json:"reason" enum:",low_confidence,asked_for_human,negative_emotion,not_helpful,button,llm_unsure,bot_failed" doc:"why the bot handed over; empty while it answers, or when a person took the conversation"`
	Emotion        string                `json:"emotion" enum:",negative,angry"`
	Question       string                `json:"question" doc:"the customer's message that caused the hand-off, when one did"`
	Guesses        []kefu.BotCardArticle `json:"guesses" doc:"the bot's best articles, best first"`
	Turns          int                   `json:"turns" doc:"customer messages the bot handled"`
	At             *time.Time            `json:"at" doc:"when it handed over; null while it answers"`
}

// HandoffNote returns the bot's note on a conversation the agent may see; not found when the
// bot never had it.
func (s *Service) HandoffNote(ctx context.Context, actor kefu.Actor, convID string) (*Handoff, error) {
	if !actor.IsAgent() {
		return nil, kefu.ErrNotFound
	}
	c, err := s.opts.Router.Get(ctx, actor, convID)
	if err != nil {
		return nil, err
	}
	if c.BotState == kefu.BotNone {
		return nil, kefu.ErrNotFound
	}
	sess, err := s.opts.Store.GetBotSession(ctx, c.OrgID, c.ID)
	if kefu.IsNotFound(err) {
		sess, err = &kefu.BotSession{}, nil // taken before the customer wrote
	}
	if err != nil {
		return nil, err
	}
	return &Handoff{ConversationID: c.ID, State: c.BotState, Reason: sess.Reason, Emotion: c.Emotion, Question: sess.Question,
		Guesses: orEmpty(sess.Guesses), Turns: sess.Turns, At: sess.HandedOffAt}, nil
}

func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
