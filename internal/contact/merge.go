package contact

import (
	"context"
	"encoding/json"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// MergeStore is what merging contacts needs of the database; Store satisfies it.
type MergeStore interface {
	// MergeContacts merges one contact into another in one transaction, recording what moved.
	MergeContacts(ctx context.Context, orgID, keptID, mergedID, by string) (*kefu.ContactMerge, error)
	// UnmergeContacts undoes a merge of the kept contact; a conflict when undone already.
	UnmergeContacts(ctx context.Context, orgID, keptID, mergeID, by string) (*kefu.ContactMerge, error)
	// ListContactMerges lists the merges into a contact, newest first.
	ListContactMerges(ctx context.Context, orgID, contactID string) ([]kefu.ContactMerge, error)
	// MergeCandidates lists other contacts sharing an identity, an e-mail or a phone.
	MergeCandidates(ctx context.Context, orgID, contactID string, emails, phones []string) ([]kefu.MergeCandidate, error)
	// DismissMergeSuggestion records that two contacts are not the same customer.
	DismissMergeSuggestion(ctx context.Context, orgID, contactID, otherID, by string) error
}

// MergeAuditor puts audit entries into the context of the store write that makes the change,
// so a merge and its record commit together (audit.Service.Within).
type MergeAuditor interface {
	Within(ctx context.Context, actor kefu.Actor, entries ...kefu.AuditEntry) context.Context
}

// Audit actions of merging.
const (
	ActionContactMerged   = "contact.merged"
	ActionContactUnmerged = "contact.unmerged"
)

// WithMerging lets agents merge and unmerge contacts, audited by a.
func WithMerging(st MergeStore, a MergeAuditor) Option {
	return func(s *Service) { s.merges, s.mergeAudit = st, a }
}

// Merge merges contact otherID into contact id (contacts.edit): the other's identities,
// conversations and missing profile values move to id, and the other is marked merged. Both
// must be contacts the agent may see.
func (s *Service) Merge(ctx context.Context, actor kefu.Actor, id, otherID string) (*kefu.ContactMerge, error) {
	if err := s.mayMerge(ctx, actor, id); err != nil {
		return nil, err
	}
	if otherID == id {
		return nil, kefu.FieldError("other_id", "a contact cannot be merged into itself")
	}
	if !kefu.ValidID(otherID) {
		return nil, kefu.ErrNotFound
	}
	if err := s.mustSee(ctx, actor, otherID); err != nil {
		return nil, err
	}
	ctx = s.audited(ctx, actor, ActionContactMerged, id, map[string]any{"merged_id": otherID})
	m, err := s.merges.MergeContacts(ctx, actor.OrgID, id, otherID, actor.AgentID)
	if err != nil {
		return nil, err
	}
	return m, s.maskMergeNames(ctx, actor.OrgID, id, []kefu.ContactMerge{*m}, m)
}

// Unmerge undoes merge mergeID of contact id (contacts.edit), restoring both contacts.
func (s *Service) Unmerge(ctx context.Context, actor kefu.Actor, id, mergeID string) (*kefu.ContactMerge, error) {
	if err := s.mayMerge(ctx, actor, id); err != nil {
		return nil, err
	}
	if !kefu.ValidID(mergeID) {
		return nil, kefu.ErrNotFound
	}
	ctx = s.audited(ctx, actor, ActionContactUnmerged, id, map[string]any{"merge_id": mergeID})
	m, err := s.merges.UnmergeContacts(ctx, actor.OrgID, id, mergeID, actor.AgentID)
	if err != nil {
		return nil, err
	}
	return m, s.maskMergeNames(ctx, actor.OrgID, id, []kefu.ContactMerge{*m}, m)
}

// Merges lists the merges into contact id, newest first, undone ones included (contacts.view).
func (s *Service) Merges(ctx context.Context, actor kefu.Actor, id string) ([]kefu.ContactMerge, error) {
	if err := s.maySee(ctx, actor, id); err != nil {
		return nil, err
	}
	ms, err := s.merges.ListContactMerges(ctx, actor.OrgID, id)
	if err != nil {
		return nil, err
	}
	return ms, s.maskMergeNames(ctx, actor.OrgID, id, ms, nil)
}

// maskMergeNames masks the merged contacts' names (a name or an e-mail) as the kept contact's
// own fields are masked for agents (the strictest policy of its inboxes); one is copied back
// into single when given.
func (s *Service) maskMergeNames(ctx context.Context, orgID, keptID string, ms []kefu.ContactMerge, single *kefu.ContactMerge) error {
	kept, err := s.store.GetContact(ctx, orgID, keptID)
	if err != nil {
		return err
	}
	sc, err := s.scanner(ctx, kept)
	if err != nil || sc == nil {
		return err
	}
	for i := range ms {
		ms[i].MergedName, _ = sc.Mask(ms[i].MergedName)
	}
	if single != nil {
		single.MergedName = ms[0].MergedName
	}
	return nil
}

// mayMerge checks that actor may merge into contact id.
func (s *Service) mayMerge(ctx context.Context, actor kefu.Actor, id string) error {
	if err := requirePerm(actor, kefu.PermContactsEdit); err != nil {
		return err
	}
	if s.merges == nil {
		return kefu.Errorf(kefu.CodeUnavailable, "merging contacts is not enabled")
	}
	if !kefu.ValidID(id) {
		return kefu.ErrNotFound
	}
	return s.mustSee(ctx, actor, id)
}

// maySee checks that actor may see contact id and its merges.
func (s *Service) maySee(ctx context.Context, actor kefu.Actor, id string) error {
	if err := requirePerm(actor, kefu.PermContactsView); err != nil {
		return err
	}
	if s.merges == nil {
		return kefu.Errorf(kefu.CodeUnavailable, "merging contacts is not enabled")
	}
	if !kefu.ValidID(id) {
		return kefu.ErrNotFound
	}
	if err := s.mustSee(ctx, actor, id); err != nil {
		return err
	}
	_, err := s.store.GetContact(ctx, actor.OrgID, id)
	return err
}

// audited returns ctx carrying the audit entry of a merge or unmerge, when auditing is wired.
func (s *Service) audited(ctx context.Context, actor kefu.Actor, action, id string, after map[string]any) context.Context {
	if s.mergeAudit == nil {
		return ctx
	}
	b, _ := json.Marshal(after) // ids only: never fails, never personal data
	return s.mergeAudit.Within(ctx, actor, kefu.AuditEntry{OrgID: actor.OrgID, Action: action, TargetType: "contact", TargetID: id, After: b})
}
