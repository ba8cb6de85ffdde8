package contact

import (
	"context"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// Profile is what a channel knows about a sender, applied to the contact it resolves to.
type Profile struct {
	Name, Email, Phone string
	// Level is the contact's level when the channel vouches for it (a widget's signed setUser
	// attributes); nil leaves it as it is.
	Level      *string
	Attributes map[string]string
	// Linked are more ids of the same person that the platform vouches for along with a
	// verified sender's own (a WeChat UnionID next to the account's OpenID): the contact is
	// found by any of them and gains those it lacks. Ignored for an unverified sender.
	Linked []kefu.Identity
}

// Resolve returns the contact behind (channel, externalID) in org, creating it with the
// profile on first sight; later sightings update the profile fields that are given.
//
// Profile data finds a contact only when it is signed: a signed web user's e-mail and phone
// become verified identities, and a new signed user whose e-mail or phone equals another
// contact's verified one joins that contact. An unverified
// sender is found by its own identity only, and an unverified identity equal to a verified one
// is a different key: typing someone's email reveals nothing of theirs; such likely matches
// are merge suggestions (Suggestions), never joins.
func (s *Service) Resolve(ctx context.Context, orgID string, ch kefu.ChannelType, externalID string, verified bool, p Profile) (*kefu.Contact, error) {
	patch := Patch{Name: nonEmpty(p.Name), Email: nonEmpty(p.Email), Phone: nonEmpty(p.Phone), Level: p.Level, Attributes: p.Attributes}
	id := kefu.Identity{OrgID: orgID, Channel: ch, ExternalID: externalID, Verified: verified}
	extras := verifiedExtras(id, p)
	c, err := s.find(ctx, id, extras)
	if kefu.IsNotFound(err) {
		return s.create(ctx, id, patch, extras)
	}
	if err != nil {
		return nil, err
	}
	if err := apply(c, patch); err != nil {
		return nil, err
	}
	now := s.now()
	c.LastSeenAt = &now
	if err := s.store.UpdateContact(ctx, c); err != nil {
		return nil, err
	}
	return c, s.addExtras(ctx, c, extras)
}

// find looks the identity up, and for a verified one without a contact yet, joins the contact
// holding one of its verified e-mail or phone identities.
func (s *Service) find(ctx context.Context, id kefu.Identity, extras []kefu.Identity) (*kefu.Contact, error) {
	c, err := s.store.FindContactByExactIdentity(ctx, id.OrgID, id.Channel, id.ExternalID, id.Verified)
	if err == nil {
		return s.standing(ctx, c)
	}
	if !kefu.IsNotFound(err) {
		return nil, err
	}
	for _, x := range extras {
		c, err := s.store.FindContactByExactIdentity(ctx, id.OrgID, x.Channel, x.ExternalID, true)
		if kefu.IsNotFound(err) {
			continue
		}
		if err != nil {
			return nil, err
		}
		return s.join(ctx, c, id)
	}
	return nil, kefu.ErrNotFound
}

// standing follows a contact merged a moment ago (its identity read before the merge, the
// contact after) to the contact it was merged into, so the sighting lands where the merge put
// the identity.
func (s *Service) standing(ctx context.Context, c *kefu.Contact) (*kefu.Contact, error) {
	for hops := 0; c.MergedInto != "" && hops < 8; hops++ {
		next, err := s.store.GetContact(ctx, c.OrgID, c.MergedInto)
		if err != nil {
			return nil, err
		}
		c = next
	}
	return c, nil
}

// join ties identity id to contact c. Should another request have given id a contact a moment
// ago, that contact is the answer.
func (s *Service) join(ctx context.Context, c *kefu.Contact, id kefu.Identity) (*kefu.Contact, error) {
	id.ContactID = c.ID
	err := s.store.AddIdentity(ctx, &id)
	if kefu.ErrorCode(err) == kefu.CodeConflict {
		return s.store.FindContactByExactIdentity(ctx, id.OrgID, id.Channel, id.ExternalID, id.Verified)
	}
	if err != nil {
		return nil, err
	}
	c.Identities = append(c.Identities, id)
	return c, nil
}

func (s *Service) create(ctx context.Context, id kefu.Identity, p Patch, extras []kefu.Identity) (*kefu.Contact, error) {
	now := s.now()
	c := &kefu.Contact{OrgID: id.OrgID, LastSeenAt: &now, Identities: append([]kefu.Identity{id}, extras...)}
	if err := apply(c, p); err != nil {
		return nil, err
	}
	err := s.store.CreateContact(ctx, c)
	if kefu.ErrorCode(err) == kefu.CodeConflict {
		// Another request created the same identity, or one of its verified extras (the same
		// UnionID arriving through two accounts at once), a moment ago: find theirs, joining it
		// by the extra when that is what they share.
		return s.find(ctx, id, extras)
	}
	return c, err
}

// nonEmpty turns "" into nil, so an absent profile field never erases a known one.
func nonEmpty(v string) *string {
	if v == "" {
		return nil
	}
	return &v
}
