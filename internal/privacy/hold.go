package privacy

import (
	"context"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// ContactPrivacy returns a contact's legal hold and tombstone to an agent who may see contacts.
func (s *Service) ContactPrivacy(ctx context.Context, actor kefu.Actor, id string) (*kefu.ContactPrivacy, error) {
	if !actor.Has(kefu.PermContactsView) || !kefu.ValidID(id) {
		return nil, kefu.ErrNotFound
	}
	return s.store.ContactPrivacy(ctx, actor.OrgID, id)
}

// SetContactHold puts a contact under legal hold (hold) or releases it: while held, neither
// retention nor erasure touches the contact or its conversations.
func (s *Service) SetContactHold(ctx context.Context, actor kefu.Actor, id string, hold bool) error {
	if err := authorize(ctx, actor, id, kefu.PermSecurityManage, s.contactExists); err != nil {
		return err
	}
	ctx = s.audit.Within(ctx, actor, holdEntry(actor, "contact", id, hold))
	return s.store.SetContactHold(ctx, actor.OrgID, id, hold)
}

// ConversationHold reports whether a conversation is under legal hold.
func (s *Service) ConversationHold(ctx context.Context, actor kefu.Actor, id string) (bool, error) {
	if err := authorize(ctx, actor, id, kefu.PermSecurityManage, s.conversationExists); err != nil {
		return false, err
	}
	return s.store.ConversationHold(ctx, actor.OrgID, id)
}

// SetConversationHold puts one conversation under legal hold or releases it.
func (s *Service) SetConversationHold(ctx context.Context, actor kefu.Actor, id string, hold bool) error {
	if err := authorize(ctx, actor, id, kefu.PermSecurityManage, s.conversationExists); err != nil {
		return err
	}
	ctx = s.audit.Within(ctx, actor, holdEntry(actor, "conversation", id, hold))
	return s.store.SetConversationHold(ctx, actor.OrgID, id, hold)
}

func holdEntry(actor kefu.Actor, kind, id string, hold bool) kefu.AuditEntry {
	action := ActionHoldCleared
	if hold {
		action = ActionHoldSet
	}
	return entry(actor, action, kind, id, map[string]any{"legal_hold": hold})
}
