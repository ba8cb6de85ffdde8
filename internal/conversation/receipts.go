package conversation

import (
	"context"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// MarkRead records that the actor has read every message up to seq. Read markers only move
// forward, so a late or repeated receipt changes nothing. A visitor moves the contact's
// marker. An agent moves their own (see markAgentRead); only the assignee's reading moves the
// marker the visitor sees.
func (s *Service) MarkRead(ctx context.Context, actor kefu.Actor, id string, seq int64) error {
	c, err := s.visible(ctx, actor, id)
	if err != nil {
		return err
	}
	if seq < 0 || seq > c.LastSeq {
		return kefu.FieldError("seq", "seq must be between 0 and the conversation's last seq (%d)", c.LastSeq)
	}
	if actor.IsAgent() {
		return s.markAgentRead(ctx, actor, c, seq)
	}
	if c.ContactLastReadSeq >= seq {
		return nil
	}
	_, err = s.store.UpdateConversation(ctx, c.OrgID, c.ID, func(_ kefu.ConversationTx, c *kefu.Conversation) (*kefu.Message, error) {
		c.ContactLastReadSeq = max(c.ContactLastReadSeq, seq)
		return nil, nil
	})
	return err
}

// markAgentRead moves the agent's own marker and, when they are the one the visitor waits on,
// the visible one. An agent who is not (c says so before the write; a transfer committing
// meanwhile cannot make them so) writes only their marker: one small upsert. When the marker
// moved, the agent's other tabs hear of it.
func (s *Service) markAgentRead(ctx context.Context, actor kefu.Actor, c *kefu.Conversation, seq int64) error {
	var visible kefu.ConversationChange
	if kefu.MovesVisibleRead(c, actor.AgentID) && c.AgentLastReadSeq < seq {
		visible = moveVisibleRead(actor.AgentID, seq)
	}
	moved, err := s.store.MarkAgentRead(ctx, c.OrgID, c.ID, actor.AgentID, seq, visible)
	if err != nil || !moved {
		return err
	}
	s.publishRead(actor, c, seq)
	return nil
}

// moveVisibleRead moves the visitor-visible marker to seq if agentID still may, decided on the
// conversation locked in the write: after a transfer the previous assignee's tab reads for
// itself only.
func moveVisibleRead(agentID string, seq int64) kefu.ConversationChange {
	return func(_ kefu.ConversationTx, c *kefu.Conversation) (*kefu.Message, error) {
		if kefu.MovesVisibleRead(c, agentID) {
			c.AgentLastReadSeq = max(c.AgentLastReadSeq, seq)
		}
		return nil, nil
	}
}

// publishRead tells the agent's own connections their new marker. It is ephemeral: a tab that
// misses it gets the marker with its next conversation list or read.
func (s *Service) publishRead(actor kefu.Actor, c *kefu.Conversation, seq int64) {
	if s.ephemeral == nil {
		return
	}
	s.ephemeral.Publish([]kefu.Event{{
		OrgID: c.OrgID, Type: kefu.EventRead, ConversationID: c.ID, InboxID: c.InboxID,
		Read: &kefu.ReadMarker{AgentID: actor.AgentID, Seq: seq}, ForAgentID: actor.AgentID,
		CreatedAt: s.now(), Ref: new(c.Ref()),
	}})
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
