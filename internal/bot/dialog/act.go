package dialog

import (
	"context"
	"errors"
	"time"

	"github.com/kefu-dev/kefu/internal/bot"
	"github.com/kefu-dev/kefu/internal/conversation"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// replyID is the client message id of the bot's reply to a customer message: a retried turn
// finds it and writes nothing again.
func replyID(messageID string) string { return "bot:" + messageID }

// act writes what the turn decided: a hand-off, or one reply with the session and events.
func (s *Service) act(ctx context.Context, t *turn) error {
	if t.decision.Action == bot.ActionHandoff {
		return s.handOff(ctx, t.conv, handoff{
			reason: t.decision.Reason, emotion: t.decision.Emotion, words: t.words, settings: t.inbox.Bot,
			trigger: t.msg, guesses: s.cardArticles(t, t.decision.ArticleIDs), clientID: replyID(t.msg.ID),
		})
	}
	reply, events := s.compose(t)
	reply.ClientMsgID = replyID(t.msg.ID)
	return s.write(ctx, t.conv, t.decision.Emotion, reply, events, func(sess *kefu.BotSession) {
		next := bot.State{LowConfidenceRun: sess.LowRun}.Next(t.decision) // the run as the transaction reads it
		sess.LowRun, sess.Turns = next.LowConfidenceRun, sess.Turns+1
	})
}

// write appends the bot's reply in one transaction with its session and events, only while
// the bot still holds the conversation (else the write is dropped: done).
func (s *Service) write(ctx context.Context, c *kefu.Conversation, emotion string, reply *kefu.Message,
	events []kefu.BotEvent, update func(*kefu.BotSession)) error {
	_, err := s.opts.Store.UpdateConversation(ctx, c.OrgID, c.ID, func(tx kefu.ConversationTx, c *kefu.Conversation) (*kefu.Message, error) {
		if !botHolds(c) {
			return nil, errNotTheBots
		}
		c.Emotion = kefu.StrongerEmotion(c.Emotion, emotion)
		if err := saveSession(tx, c, update, events); err != nil {
			return nil, err
		}
		m := *reply
		return &m, nil
	})
	if errors.Is(err, errNotTheBots) {
		return nil
	}
	return err
}

// saveSession updates the conversation's bot session (starting it, and counting the start,
// the first time) and records the events.
func saveSession(tx kefu.BotTx, c *kefu.Conversation, update func(*kefu.BotSession), events []kefu.BotEvent) error {
	sess, err := tx.BotSession()
	if err != nil {
		return err
	}
	if sess == nil {
		sess = &kefu.BotSession{InboxID: c.InboxID}
		events = append([]kefu.BotEvent{{Kind: kefu.BotEventStarted, MessageID: c.ID}}, events...)
	}
	update(sess)
	if err := tx.SaveBotSession(sess); err != nil {
		return err
	}
	for i := range events {
		e := events[i]
		e.InboxID = c.InboxID
		if err := tx.RecordBotEvent(&e); err != nil {
			return err
		}
	}
	return nil
}

// handoff is a hand-off to make: why, what the customer said last, and the bot's guesses.
type handoff struct {
	reason, emotion string
	words           texts
	settings        kefu.BotSettings
	trigger         *kefu.Message // the customer's message that caused it; nil for a button
	question        string        // the question to keep for the knowledge base, when not the trigger's
	guesses         []kefu.BotCardArticle
	clientID        string
	events          []kefu.BotEvent
}

// handOff gives the conversation to the router with the bot's hand-off note and message. A
// conversation the bot no longer holds is left as it is.
func (s *Service) handOff(ctx context.Context, c *kefu.Conversation, h handoff) error {
	_, err := s.handOver(ctx, c, h)
	if errors.Is(err, conversation.ErrBotNotActive) {
		return nil
	}
	return err
}

// handOver is handOff returning the conversation after, and ErrBotNotActive as an error.
func (s *Service) handOver(ctx context.Context, c *kefu.Conversation, h handoff) (*kefu.Conversation, error) {
	msg := botMessage(h.settings, h.words, h.words.handoff, &kefu.BotCard{Action: kefu.BotCardHandoff, ReplyTo: triggerID(h)})
	msg.ClientMsgID = h.clientID
	question := h.questionText()
	events := append(h.events, kefu.BotEvent{Kind: kefu.BotEventHandoff, MessageID: msg.ClientMsgID, Reason: h.reason,
		ArticleID: firstID(h.guesses), Question: question})
	if h.reason == kefu.HandoffLowConfidence && h.trigger != nil {
		events = append(events, kefu.BotEvent{Kind: kefu.BotEventUnanswered, MessageID: h.trigger.ID,
			ArticleID: firstID(h.guesses), Question: question})
	}
	return s.opts.Router.HandOffFromBot(ctx, c.OrgID, c.ID, conversation.BotHandoff{Emotion: h.emotion,
		Write: func(tx kefu.ConversationTx, c *kefu.Conversation) (*kefu.Message, error) {
			err := saveSession(tx, c, func(sess *kefu.BotSession) { h.note(sess, question, c, s.now()) }, events)
			m := *msg
			return &m, err
		}})
}

// note writes the hand-off into the session, for the agent who takes the conversation.
func (h handoff) note(sess *kefu.BotSession, question string, c *kefu.Conversation, at time.Time) {
	sess.Reason, sess.Emotion, sess.Question, sess.Guesses = h.reason, c.Emotion, question, h.guesses
	if h.trigger != nil {
		sess.Turns++
	}
	sess.LowRun, sess.HandedOffAt = 0, &at
}

// questionText is the customer's text the hand-off is about.
func (h handoff) questionText() string {
	if h.question != "" {
		return clip(h.question, maxQuestion)
	}
	if h.trigger != nil && h.trigger.Kind == kefu.KindText {
		return clip(h.trigger.Content, maxQuestion)
	}
	return ""
}

func triggerID(h handoff) string {
	if h.trigger == nil {
		return ""
	}
	return h.trigger.ID
}

func firstID(as []kefu.BotCardArticle) string {
	if len(as) == 0 {
		return ""
	}
	return as[0].ID
}
