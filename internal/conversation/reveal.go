package conversation

import (
	"context"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// Auditor records security-relevant actions. The audit log implements it; until it exists,
// cmd/kefu wires one that writes the log.
type Auditor interface {
	Record(ctx context.Context, e kefu.AuditEntry) error
}

// Reveal returns a message of a conversation the actor may see as it is stored, unmasked, to an
// agent holding pii.reveal, after recording the reveal in the audit log: a reveal that cannot
// be recorded does not happen. Under mask_at_storage the stored text is already masked, so that
// is what it returns.
func (s *Service) Reveal(ctx context.Context, actor kefu.Actor, conversationID, messageID string) (*kefu.Message, error) {
	c, err := s.visible(ctx, actor, conversationID)
	if err != nil {
		return nil, err
	}
	if !actor.Has(kefu.PermPIIReveal) {
		return nil, kefu.Errorf(kefu.CodeForbidden, "revealing masked data needs the pii.reveal permission")
	}
	if !kefu.ValidID(messageID) {
		return nil, kefu.ErrNotFound
	}
	m, err := s.store.GetMessage(ctx, c.OrgID, messageID)
	if err != nil || m.ConversationID != c.ID {
		return nil, kefu.ErrNotFound
	}
	if s.auditor == nil {
		return nil, kefu.Errorf(kefu.CodeUnavailable, "reveals are not audited on this server, so they are off")
	}
	err = s.auditor.Record(ctx, kefu.AuditEntry{OrgID: c.OrgID, ActorID: actor.AgentID, Action: kefu.ActionPIIReveal,
		TargetType: "message", TargetID: m.ID, Detail: map[string]string{"conversation_id": c.ID}})
	if err != nil {
		return nil, kefu.Internal(err)
	}
	return m, nil
}
