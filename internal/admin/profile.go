package admin

import (
	"context"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// ProfilePatch is what an agent changes about themselves; nil fields and an empty NewPassword
// leave things as they are.
type ProfilePatch struct {
	Name            *string
	AvatarURL       *string
	Availability    *kefu.Availability
	Signature       *string // plain text, up to 2000 characters; "" = none
	CurrentPassword string  // required with NewPassword
	NewPassword     string
}

// Me returns the acting agent.
func (s *Service) Me(ctx context.Context, actor kefu.Actor) (*kefu.Agent, error) {
	if err := requireMember(actor); err != nil {
		return nil, err
	}
	return s.store.GetAgent(ctx, actor.OrgID, actor.AgentID)
}

// UpdateProfile changes the acting agent's own name, avatar, signature, availability or password. A new
// password needs the current one, so a session left open on someone else's screen cannot be
// turned into a permanent takeover.
func (s *Service) UpdateProfile(ctx context.Context, actor kefu.Actor, p ProfilePatch) (*kefu.Agent, error) {
	a, err := s.Me(ctx, actor)
	if err != nil {
		return nil, err
	}
	if err := applyProfilePatch(a, p); err != nil {
		return nil, err
	}
	if p.NewPassword != "" {
		if err := checkOutlives(actor, "set passwords"); err != nil {
			return nil, err
		}
		if a.PasswordHash, err = s.changePassword(ctx, a, p.CurrentPassword, p.NewPassword); err != nil {
			return nil, err
		}
	}
	audited := ctx
	if p.NewPassword != "" {
		audited = s.within(ctx, actor, ActionPasswordChanged, "agent", a.ID, nil, nil)
	}
	if err := s.store.UpdateAgent(audited, a); err != nil {
		return nil, err
	}
	if p.NewPassword != "" {
		s.log.InfoContext(ctx, "password changed", "org_id", a.OrgID, "agent_id", a.ID)
	}
	return a, nil
}

// applyProfilePatch validates the plain fields of p and applies them to a.
func applyProfilePatch(a *kefu.Agent, p ProfilePatch) error {
	var err error
	if p.Name != nil {
		if a.Name, err = cleanName("name", *p.Name, maxNameLen); err != nil {
			return err
		}
	}
	if p.AvatarURL != nil {
		if a.AvatarURL, err = cleanAvatarURL("avatar_url", *p.AvatarURL); err != nil {
			return err
		}
	}
	if p.Signature != nil {
		if a.Signature, err = cleanText("signature", *p.Signature, maxSignatureLen); err != nil {
			return err
		}
	}
	if p.Availability != nil {
		if !p.Availability.Valid() {
			return kefu.FieldError("availability", "availability must be online, away or offline")
		}
		a.Availability = *p.Availability
	}
	return nil
}

// changePassword checks the current password and returns the hash of the new one. The policy
// is checked first so a weak new password does not cost a hash verification.
func (s *Service) changePassword(ctx context.Context, a *kefu.Agent, current, next string) (string, error) {
	if err := s.checkPassword(ctx, "new_password", next, a.Email, a.OrgID); err != nil {
		return "", err
	}
	ok, err := s.hasher.Verify(ctx, a.PasswordHash, current)
	if err != nil {
		return "", hashError(err)
	}
	if !ok {
		return "", kefu.Errorf(kefu.CodeForbidden, "current password is wrong")
	}
	return s.hashPasswordUnchecked(ctx, next)
}
