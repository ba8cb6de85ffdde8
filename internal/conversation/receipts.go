package conversation

import (
	"context"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// MarkRead records that the actor's side has read every message up to seq. Read markers only
// move forward, so a late or repeated receipt changes nothing.
func (s *Service) MarkRead(ctx context.Context, actor kefu.Actor, id string, seq int64) error {
	c, err := s.visible(ctx, actor, id)
	if err != nil {
		return err
	}
	if seq < 0 || seq > c.LastSeq {
		return kefu.FieldError("seq", "seq must be between 0 and the conversation's last seq (%d)", c.LastSeq)
	}
	if readSeq(actor, c) >= seq {
		return nil
	}
	_, err = s.store.UpdateConversation(ctx, c.OrgID, c.ID, func(_ kefu.ConversationTx, c *kefu.Conversation) (*kefu.Message, error) {
		if actor.IsVisitor() {
			c.ContactLastReadSeq = max(c.ContactLastReadSeq, seq)
		} else {
			c.AgentLastReadSeq = max(c.AgentLastReadSeq, seq)
		}
		return nil, nil
	})
	return err
}

func readSeq(actor kefu.Actor, c *kefu.Conversation) int64 {
	if actor.IsVisitor() {
		return c.ContactLastReadSeq
	}
	return c.AgentLastReadSeq
}

// Typing tells the other side that the actor is (or stopped) typing. It is never stored. A
// private typing signal (an agent writing a note) reaches only agents.
func (s *Service) Typing(ctx context.Context, actor kefu.Actor, id string, typing, private bool) error {
	c, err := s.visible(ctx, actor, id)
	if err != nil {
		return err
	}
	if err := mayWrite(actor); err != nil {
		return err
	}
	t := &kefu.Typing{Typing: typing}
	if actor.IsVisitor() {
		t.SenderType, t.SenderID = kefu.SenderContact, actor.ContactID
		private = false
	} else {
		agent, err := s.store.GetAgent(ctx, actor.OrgID, actor.AgentID)
		if err != nil {
			return err
		}
		t.SenderType, t.SenderID, t.Name = kefu.SenderAgent, agent.ID, agent.Name
	}
	ev := kefu.Event{
		OrgID: c.OrgID, Type: kefu.EventTyping, ConversationID: c.ID, ContactID: c.ContactID,
		InboxID: c.InboxID, Typing: t, CreatedAt: s.now(), Ref: new(c.Ref()),
	}
	if private {
		ev.ContactID = "" // routes to agents only
	}
	if s.ephemeral != nil {
		s.ephemeral.Publish([]kefu.Event{ev})
	}
	return nil
}
