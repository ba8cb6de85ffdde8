package conversation

import (
	"context"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// Auditor appends security-relevant actions to the audit log (audit.Service), failing when
// the entry could not be committed.
type Auditor interface {
	Append(ctx context.Context, actor kefu.Actor, e kefu.AuditEntry) error
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
	_, after := kefu.AuditDiff(nil, map[string]any{"conversation_id": c.ID})
	err = s.auditor.Append(ctx, actor, kefu.AuditEntry{Action: kefu.ActionPIIRevealed,
		TargetType: "message", TargetID: m.ID, After: after})
	if err != nil {
		return nil, kefu.Internal(err)
	}
	return m, nil
}
