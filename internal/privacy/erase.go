package privacy

import (
	"context"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// Erase erases a contact for a data subject request (contacts.erase): messages, attachments
// and their files, events, identities and profile go; the contact's id stays as a tombstone
// with when and by whom, and its conversations stay, empty, so references and report counts
// hold. A legal hold on the contact or one of its conversations refuses it (conflict). The
// contact.erased entry commits with the tombstone and holds no personal data. Afterwards the
// erased contact's visitors are signed out and, on SQLite, freed pages are scrubbed.
func (s *Service) Erase(ctx context.Context, actor kefu.Actor, contactID string) (*kefu.Erasure, error) {
	if err := authorize(ctx, actor, contactID, kefu.PermContactsErase, s.contactExists); err != nil {
		return nil, err
	}
	audited := s.audit.Within(ctx, actor, entry(actor, ActionContactErased, "contact", contactID, map[string]any{"erased": true}))
	out, err := s.store.EraseContact(audited, actor.OrgID, contactID, actor.AgentID)
	if err != nil {
		return nil, err
	}
	s.deleteFiles(ctx, out.StorageKeys)
	if s.revoker != nil {
		s.revoker.Contact(actor.OrgID, contactID)
	}
	if err := s.store.ScrubFreed(context.WithoutCancel(ctx)); err != nil {
		s.log.ErrorContext(ctx, "scrubbing freed pages after an erasure failed", "err", err)
	}
	return out, nil
}
