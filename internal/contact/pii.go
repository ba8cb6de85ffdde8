package contact

import (
	"cmp"
	"context"
	"maps"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/pii"
)

// PIIPolicies tells whether an organisation masks personal data and with what scanner;
// privacy.Service implements it with a per-organisation cache.
type PIIPolicies interface {
	AnyMasking(ctx context.Context, orgID string) (forAgents, atStorage bool, err error)
	Policy(ctx context.Context, orgID, inboxID string) (kefu.PIIPolicy, *pii.Scanner, error)
}

// Auditor appends security-relevant actions to the audit log (audit.Service), failing when
// the entry could not be committed.
type Auditor interface {
	Append(ctx context.Context, actor kefu.Actor, e kefu.AuditEntry) error
}

// scanner returns the scanner to mask a contact with for agents: nil unless an inbox the
// contact has written to masks. A contact belongs to the organisation, not to one inbox, so
// the strictest of its inboxes decides; an organisation where no inbox masks costs one cache
// lookup.
func (s *Service) scanner(ctx context.Context, c *kefu.Contact) (*pii.Scanner, error) {
	if s.pii == nil {
		return nil, nil
	}
	forAgents, _, err := s.pii.AnyMasking(ctx, c.OrgID)
	if err != nil || !forAgents {
		return nil, err
	}
	inboxes, err := s.store.ContactInboxIDs(ctx, c.OrgID, c.ID)
	if err != nil {
		return nil, err
	}
	for _, id := range inboxes {
		policy, sc, err := s.pii.Policy(ctx, c.OrgID, id)
		if err != nil || policy.Masks() {
			return cmp.Or(sc, &pii.Scanner{}), err
		}
	}
	return nil, nil
}

// maskForAgents masks c's name, email, phone and attribute values in place when the
// organisation masks, and flags it.
func (s *Service) maskForAgents(ctx context.Context, c *kefu.Contact) error {
	sc, err := s.scanner(ctx, c)
	if err != nil || sc == nil {
		return err
	}
	masked := *c
	masked.Attributes = maps.Clone(c.Attributes)
	changed := maskFields(sc, &masked)
	if changed {
		masked.PIIMasked = true
		*c = masked
	}
	return nil
}

// maskFields masks the fields of c that may hold personal data and reports whether any changed.
func maskFields(sc *pii.Scanner, c *kefu.Contact) bool {
	changed := false
	for _, f := range []*string{&c.Name, &c.Email, &c.Phone} {
		var ch bool
		*f, ch = sc.Mask(*f)
		changed = changed || ch
	}
	for k, v := range c.Attributes {
		if m, ch := sc.Mask(v); ch {
			c.Attributes[k], changed = m, true
		}
	}
	return changed
}

// keepMasked drops from p every field an agent sends back as the masked form they were shown,
// so that saving the contact editor never overwrites personal data with its mask.
func (s *Service) keepMasked(ctx context.Context, c *kefu.Contact, p *Patch) error {
	sc, err := s.scanner(ctx, c)
	if err != nil || sc == nil {
		return err
	}
	same := func(sent *string, stored string) *string {
		if m, ch := sc.Mask(stored); sent != nil && ch && *sent == m {
			return nil
		}
		return sent
	}
	p.Name, p.Email, p.Phone = same(p.Name, c.Name), same(p.Email, c.Email), same(p.Phone, c.Phone)
	for k, v := range p.Attributes {
		if m, ch := sc.Mask(c.Attributes[k]); ch && v == m {
			delete(p.Attributes, k)
		}
	}
	return nil
}

// Reveal returns a contact unmasked to an agent holding pii.reveal, after recording the reveal
// in the audit log: a reveal that cannot be recorded does not happen.
func (s *Service) Reveal(ctx context.Context, actor kefu.Actor, id string) (*kefu.Contact, error) {
	if !actor.IsAgent() || !kefu.ValidID(id) {
		return nil, kefu.ErrNotFound
	}
	c, err := s.store.GetContact(ctx, actor.OrgID, id)
	if err != nil {
		return nil, err
	}
	if !actor.Has(kefu.PermPIIReveal) {
		return nil, kefu.Errorf(kefu.CodeForbidden, "revealing masked data needs the pii.reveal permission")
	}
	if s.auditor == nil {
		return nil, kefu.Errorf(kefu.CodeUnavailable, "reveals are not audited on this server, so they are off")
	}
	err = s.auditor.Append(ctx, actor, kefu.AuditEntry{Action: kefu.ActionPIIRevealed,
		TargetType: "contact", TargetID: c.ID})
	if err != nil {
		return nil, kefu.Internal(err)
	}
	return c, nil
}
