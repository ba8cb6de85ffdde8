package conversation

import (
	"context"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// SetStatus opens, pends, snoozes or resolves a conversation. Snoozing takes an optional time
// in the future; without one the conversation sleeps until the customer writes again.
func (s *Service) SetStatus(ctx context.Context, actor kefu.Actor, id string, status kefu.Status, snoozeUntil *time.Time) (*kefu.Conversation, error) {
	if err := requirePerm(actor, kefu.PermConversationsReply); err != nil {
		return nil, err
	}
	if !status.Valid() {
		return nil, kefu.FieldError("status", "status must be open, pending, snoozed or resolved")
	}
	if snoozeUntil != nil && (status != kefu.StatusSnoozed || !snoozeUntil.After(s.now())) {
		return nil, kefu.FieldError("snoozed_until", "snoozed_until must be in the future and only with status snoozed")
	}
	c, err := s.visible(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	by, err := s.store.GetAgent(ctx, actor.OrgID, actor.AgentID)
	if err != nil {
		return nil, err
	}
	return s.store.UpdateConversation(ctx, c.OrgID, c.ID, func(_ kefu.ConversationTx, c *kefu.Conversation) (*kefu.Message, error) {
		if c.Status == status && status != kefu.StatusSnoozed {
			return nil, nil
		}
		c.Status, c.SnoozedUntil = status, snoozeUntil
		if status == kefu.StatusResolved {
			c.WaitingSince = nil // nobody waits on a resolved conversation
		}
		return activity{Action: "status_changed", Status: string(status), ByID: by.ID, ByName: by.Name}.message(c), nil
	})
}

// SetPriority changes a conversation's priority.
func (s *Service) SetPriority(ctx context.Context, actor kefu.Actor, id string, p kefu.Priority) (*kefu.Conversation, error) {
	if err := requirePerm(actor, kefu.PermConversationsReply); err != nil {
		return nil, err
	}
	if !p.Valid() {
		return nil, kefu.FieldError("priority", "priority must be none, low, medium, high or urgent")
	}
	c, err := s.visible(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	return s.store.UpdateConversation(ctx, c.OrgID, c.ID, func(_ kefu.ConversationTx, c *kefu.Conversation) (*kefu.Message, error) {
		c.Priority = p
		return nil, nil
	})
}

// SetLabels replaces a conversation's labels; each must be one of the organisation's labels.
func (s *Service) SetLabels(ctx context.Context, actor kefu.Actor, id string, labels []string) (*kefu.Conversation, error) {
	if err := requirePerm(actor, kefu.PermConversationsReply); err != nil {
		return nil, err
	}
	c, err := s.visible(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	known, err := s.store.ListLabels(ctx, actor.OrgID)
	if err != nil {
		return nil, err
	}
	names := map[string]bool{}
	for _, l := range known {
		names[l.Name] = true
	}
	unique := make([]string, 0, len(labels))
	seen := map[string]bool{}
	for _, l := range labels {
		if !names[l] {
			return nil, kefu.FieldError("labels", "unknown label %q", l)
		}
		if !seen[l] {
			seen[l] = true
			unique = append(unique, l)
		}
	}
	return s.store.UpdateConversation(ctx, c.OrgID, c.ID, func(_ kefu.ConversationTx, c *kefu.Conversation) (*kefu.Message, error) {
		c.Labels = unique
		return nil, nil
	})
}
