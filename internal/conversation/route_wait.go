package conversation

import (
	"context"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/routing"
)

// noteWaiting records why c still waits — a queued decision, or overflowed when its target
// was widened — but only when that differs from the last decision about it: one row per change
// of reason, never one per drain pass. What this node recorded is remembered, so an unchanged
// conversation costs no write at all.
func (s *Service) noteWaiting(ctx context.Context, c *kefu.Conversation, rule kefu.RoutingRule, target kefu.RoutingTarget, overflowed bool, d routing.Decision) error {
	kind := kefu.DecisionQueued
	if overflowed {
		kind = kefu.DecisionOverflowed
	}
	key := string(kind) + "/" + d.Reason + "/" + c.QueueTime().String()
	if s.notedAs(c.ID) == key {
		return nil
	}
	_, err := s.store.UpdateConversation(ctx, c.OrgID, c.ID, func(tx kefu.ConversationTx, c *kefu.Conversation) (*kefu.Message, error) {
		if c.AssigneeID != "" {
			return nil, nil // taken meanwhile: nothing to explain
		}
		last, err := tx.LastDecision()
		if err != nil || (last != nil && last.Kind == kind && last.Reason == d.Reason) {
			return nil, err
		}
		return nil, tx.RecordDecision(decision(kind, rule, target, c, d, ""))
	})
	if err == nil {
		s.note(c.ID, key)
	}
	return err
}

func (s *Service) notedAs(convID string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.noted[convID]
}

// maxNoted bounds the memory of recorded reasons; forgetting costs one read per conversation.
const maxNoted = 100_000

func (s *Service) note(convID, key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.noted) >= maxNoted {
		clear(s.noted)
	}
	s.noted[convID] = key
}

// forgetNoted drops what was remembered of a conversation that left the queue.
func (s *Service) forgetNoted(convID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.noted, convID)
}
