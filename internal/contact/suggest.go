package contact

import (
	"context"
	"slices"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// Suggestions lists the contacts that are likely the same customer as contact id, and why:
// they share an e-mail or phone (on the profile or as an identity), or an identity that is
// verified on one side only. Only contacts the agent may see are listed (contacts.view).
func (s *Service) Suggestions(ctx context.Context, actor kefu.Actor, id string) ([]kefu.MergeSuggestion, error) {
	if err := s.maySee(ctx, actor, id); err != nil {
		return nil, err
	}
	c, err := s.store.GetContact(ctx, actor.OrgID, id)
	if err != nil {
		return nil, err
	}
	emails, phones := contactKeys(c)
	cands, err := s.merges.MergeCandidates(ctx, actor.OrgID, id, emails, phones)
	if err != nil {
		return nil, err
	}
	out := []kefu.MergeSuggestion{}
	for _, cand := range cands {
		sg, ok, err := s.suggestion(ctx, actor, cand)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, sg)
		}
	}
	return out, nil
}

// suggestion loads a candidate as the agent may see it; ok is false when they may not.
func (s *Service) suggestion(ctx context.Context, actor kefu.Actor, cand kefu.MergeCandidate) (kefu.MergeSuggestion, bool, error) {
	if err := s.mustSee(ctx, actor, cand.ContactID); kefu.IsNotFound(err) {
		return kefu.MergeSuggestion{}, false, nil
	} else if err != nil {
		return kefu.MergeSuggestion{}, false, err
	}
	other, err := s.store.GetContact(ctx, actor.OrgID, cand.ContactID)
	if err != nil {
		return kefu.MergeSuggestion{}, false, err
	}
	if err := s.maskForAgents(ctx, other); err != nil {
		return kefu.MergeSuggestion{}, false, err
	}
	sg := kefu.MergeSuggestion{Contact: *other, Reason: cand.Reason, Value: cand.Value}
	if other.PIIMasked {
		sg.Value = "" // the shared address is as personal as the masked fields
	}
	return sg, true, nil
}

// contactKeys are the e-mail addresses and phone numbers a contact is known by, as compared.
func contactKeys(c *kefu.Contact) (emails, phones []string) {
	add := func(list []string, v string) []string {
		if v == "" || slices.Contains(list, v) {
			return list
		}
		return append(list, v)
	}
	if e, err := normaliseEmail(c.Email); err == nil {
		emails = add(emails, e)
	}
	phones = add(add(phones, c.Phone), PhoneKey(c.Phone))
	for _, id := range c.Identities {
		switch id.Channel {
		case kefu.ChannelEmail:
			emails = add(emails, id.ExternalID)
		case kefu.IdentityPhone:
			phones = add(phones, id.ExternalID)
		}
	}
	return emails, phones
}

// DismissSuggestion records that contact otherID is not the same customer as id
// (contacts.edit), so neither suggests the other again.
func (s *Service) DismissSuggestion(ctx context.Context, actor kefu.Actor, id, otherID string) error {
	if err := s.mayMerge(ctx, actor, id); err != nil {
		return err
	}
	if !kefu.ValidID(otherID) || otherID == id {
		return kefu.FieldError("other_id", "other_id must be another contact's id")
	}
	if err := s.mustSee(ctx, actor, otherID); err != nil {
		return err
	}
	return s.merges.DismissMergeSuggestion(ctx, actor.OrgID, id, otherID, actor.AgentID)
}
