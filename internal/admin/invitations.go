package admin

import (
	"context"
	"strings"
	"time"

	"github.com/kefu-dev/kefu/internal/auth"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// Invitations are how an admin adds an agent without choosing their password: kefu makes a
// link with a random single-use secret (stored hashed), the admin passes it on, and the invitee
// sets their own name and password. See invitation_accept.go for the public half.

// InvitationTTL is how long an invitation link works after it is issued or re-issued.
const InvitationTTL = 7 * 24 * time.Hour

// Audit actions of invitations.
const (
	ActionInvitationCreated  = "invitation.created"
	ActionInvitationReissued = "invitation.reissued"
	ActionInvitationRevoked  = "invitation.revoked"
	ActionInvitationAccepted = "invitation.accepted"
)

// Invitations stores invitations; AcceptInvitation creates the agent in the same transaction.
type Invitations interface {
	CreateInvitation(ctx context.Context, i *kefu.Invitation) error
	GetInvitation(ctx context.Context, orgID, id string) (*kefu.Invitation, error)
	GetInvitationByHash(ctx context.Context, hash []byte) (*kefu.Invitation, error)
	ListInvitations(ctx context.Context, orgID string) ([]kefu.Invitation, error)
	ReissueInvitation(ctx context.Context, orgID, id string, hash []byte, expires time.Time, by string) error
	RevokeInvitation(ctx context.Context, orgID, id string, at time.Time) error
	AcceptInvitation(ctx context.Context, hash []byte, a *kefu.Agent, at time.Time) error
}

// InvitationInput invites someone.
type InvitationInput struct {
	Email string
	Name  string
	Role  kefu.Role
	// CustomRoleID names the custom role when Role is kefu.RoleCustom.
	CustomRoleID string
}

// IssuedInvitation is an invitation with the secret of its link, which exists only in this
// answer: the store keeps its hash.
type IssuedInvitation struct {
	Invitation *kefu.Invitation
	Token      string
}

// CreateInvitation invites an agent (agents.manage), under the rules of CreateAgent: nobody
// grants a role with permissions they lack, and an expiring API token invites nobody.
func (s *Service) CreateInvitation(ctx context.Context, actor kefu.Actor, in InvitationInput) (*IssuedInvitation, error) {
	if err := s.checkInviter(ctx, actor, in.Role, in.CustomRoleID); err != nil {
		return nil, err
	}
	inv, err := newInvitation(in)
	if err != nil {
		return nil, err
	}
	token, hash := auth.NewSecret(auth.InvitationPrefix)
	now := s.now()
	inv.ID, inv.OrgID, inv.InvitedBy, inv.TokenHash = newID(), actor.OrgID, actor.AgentID, hash
	inv.CreatedAt, inv.ExpiresAt = now, now.Add(InvitationTTL)
	audited := s.within(ctx, actor, ActionInvitationCreated, "invitation", inv.ID, nil, invitationFields(inv))
	if err := s.store.CreateInvitation(audited, inv); err != nil {
		return nil, err
	}
	s.log.InfoContext(ctx, "agent invited", "org_id", inv.OrgID, "invitation_id", inv.ID, "role", inv.Role, "by", actor.AgentID)
	return &IssuedInvitation{Invitation: inv, Token: token}, nil
}

// checkInviter fails unless actor may add an agent with the role.
func (s *Service) checkInviter(ctx context.Context, actor kefu.Actor, role kefu.Role, customRoleID string) error {
	if err := requirePerm(actor, kefu.PermAgentsManage); err != nil {
		return err
	}
	if err := checkOutlives(actor, "invite agents"); err != nil {
		return err
	}
	return s.checkGrant(ctx, actor, role, customRoleID)
}

// newInvitation validates the invitee's e-mail and suggested name.
func newInvitation(in InvitationInput) (*kefu.Invitation, error) {
	email, err := cleanEmail("email", in.Email)
	if err != nil {
		return nil, err
	}
	name := strings.TrimSpace(in.Name)
	if name != "" {
		if name, err = cleanName("name", name, maxNameLen); err != nil {
			return nil, err
		}
	}
	return &kefu.Invitation{Email: strings.ToLower(email), Name: name, Role: in.Role, CustomRoleID: in.CustomRoleID}, nil
}

// ListInvitations returns the organisation's invitations, newest first (agents.manage).
func (s *Service) ListInvitations(ctx context.Context, actor kefu.Actor) ([]kefu.Invitation, error) {
	if err := requirePerm(actor, kefu.PermAgentsManage); err != nil {
		return nil, err
	}
	return s.store.ListInvitations(ctx, actor.OrgID)
}

// ReissueInvitation gives an invitation that was not accepted a new link and a fresh expiry;
// the old link stops working at once. The role is checked again: the re-issuer must be allowed
// to grant it too.
func (s *Service) ReissueInvitation(ctx context.Context, actor kefu.Actor, id string) (*IssuedInvitation, error) {
	inv, err := s.invitation(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	if err := s.checkInviter(ctx, actor, inv.Role, inv.CustomRoleID); err != nil {
		return nil, err
	}
	if inv.AcceptedAt != nil {
		return nil, kefu.Errorf(kefu.CodeConflict, "this invitation was accepted already")
	}
	token, hash := auth.NewSecret(auth.InvitationPrefix)
	expires := s.now().Add(InvitationTTL)
	audited := s.within(ctx, actor, ActionInvitationReissued, "invitation", inv.ID, nil, invitationFields(inv))
	if err := s.store.ReissueInvitation(audited, actor.OrgID, inv.ID, hash, expires, actor.AgentID); err != nil {
		return nil, err
	}
	return s.reissued(ctx, actor, inv.ID, token)
}

// reissued reads back a re-issued invitation for the answer.
func (s *Service) reissued(ctx context.Context, actor kefu.Actor, id, token string) (*IssuedInvitation, error) {
	inv, err := s.store.GetInvitation(ctx, actor.OrgID, id)
	if err != nil {
		return nil, err
	}
	return &IssuedInvitation{Invitation: inv, Token: token}, nil
}

// RevokeInvitation withdraws an invitation that was not accepted (agents.manage); its link
// then answers invitation_revoked.
func (s *Service) RevokeInvitation(ctx context.Context, actor kefu.Actor, id string) error {
	inv, err := s.invitation(ctx, actor, id)
	if err != nil {
		return err
	}
	if err := requirePerm(actor, kefu.PermAgentsManage); err != nil {
		return err
	}
	if inv.AcceptedAt != nil {
		return kefu.Errorf(kefu.CodeConflict, "this invitation was accepted already")
	}
	audited := s.within(ctx, actor, ActionInvitationRevoked, "invitation", inv.ID, nil, invitationFields(inv))
	return s.store.RevokeInvitation(audited, actor.OrgID, inv.ID, s.now())
}

// invitation loads an invitation of the actor's organisation; to anyone but an agent of it,
// it does not exist.
func (s *Service) invitation(ctx context.Context, actor kefu.Actor, id string) (*kefu.Invitation, error) {
	if err := requireMember(actor); err != nil {
		return nil, err
	}
	if !kefu.ValidID(id) {
		return nil, kefu.ErrNotFound
	}
	return s.store.GetInvitation(ctx, actor.OrgID, id)
}

// invitationFields are what the audit log shows of an invitation: never its secret's hash.
func invitationFields(i *kefu.Invitation) map[string]any {
	return map[string]any{"email": i.Email, "name": i.Name, "role": i.Role, "custom_role_id": i.CustomRoleID}
}
