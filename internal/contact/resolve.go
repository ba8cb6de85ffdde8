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
}

// Resolve returns the contact behind (channel, externalID) in org, creating it with the
// profile on first sight; later sightings update the profile fields that are given. Profile
// data is never used to find a contact: typing someone's email reveals nothing of theirs.
func (s *Service) Resolve(ctx context.Context, orgID string, ch kefu.ChannelType, externalID string, verified bool, p Profile) (*kefu.Contact, error) {
	patch := Patch{Name: nonEmpty(p.Name), Email: nonEmpty(p.Email), Phone: nonEmpty(p.Phone), Level: p.Level, Attributes: p.Attributes}
	c, err := s.store.FindContactByIdentity(ctx, orgID, ch, externalID)
	if kefu.IsNotFound(err) {
		return s.create(ctx, orgID, ch, externalID, verified, patch)
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
	return c, nil
}

func (s *Service) create(ctx context.Context, orgID string, ch kefu.ChannelType, externalID string, verified bool, p Patch) (*kefu.Contact, error) {
	now := s.now()
	c := &kefu.Contact{
		OrgID: orgID, LastSeenAt: &now,
		Identities: []kefu.Identity{{OrgID: orgID, Channel: ch, ExternalID: externalID, Verified: verified}},
	}
	if err := apply(c, p); err != nil {
		return nil, err
	}
	err := s.store.CreateContact(ctx, c)
	if kefu.ErrorCode(err) == kefu.CodeConflict {
		// Another request created the same identity a moment ago: use theirs.
		return s.store.FindContactByIdentity(ctx, orgID, ch, externalID)
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
