package admin

import (
	"context"

	"github.com/kefu-dev/kefu/internal/auth"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// AcceptRequest is the invitee's form.
type AcceptRequest struct {
	Token    string
	Name     string
	Password string
}

// LookupInvitation returns the pending invitation of token, or why its link no longer works:
// not_found for a link kefu never issued (or one re-issued since: the old secret is gone),
// invitation_used, invitation_revoked or invitation_expired.
func (s *Service) LookupInvitation(ctx context.Context, token string) (*kefu.Invitation, *kefu.Org, error) {
	inv, err := s.pendingInvitation(ctx, token)
	if err != nil {
		return nil, nil, err
	}
	org, err := s.store.GetOrg(ctx, inv.OrgID)
	if err != nil {
		return nil, nil, err
	}
	return inv, org, nil
}

// AcceptInvitation creates the invited agent with the name and password the invitee chose,
// under the organisation's password policy, and marks the invitation used, in one transaction:
// a link creates at most one agent however often it is sent.
func (s *Service) AcceptInvitation(ctx context.Context, req AcceptRequest) (*kefu.Agent, error) {
	inv, err := s.pendingInvitation(ctx, req.Token)
	if err != nil {
		return nil, err
	}
	a, err := s.newAgent(ctx, req.Name, inv.Email, req.Password, inv.OrgID)
	if err != nil {
		return nil, err
	}
	a.ID, a.OrgID, a.Role, a.CustomRoleID = newID(), inv.OrgID, inv.Role, inv.CustomRoleID
	a.Capacity, a.Availability = kefu.DefaultCapacity, kefu.Online
	if err := s.acceptAudited(ctx, inv, a); err != nil {
		return nil, err
	}
	s.log.InfoContext(ctx, "invitation accepted", "org_id", a.OrgID, "agent_id", a.ID, "invitation_id", inv.ID)
	return s.store.GetAgent(ctx, a.OrgID, a.ID)
}

// acceptAudited stores the acceptance with its audit entries, acted by the new agent: the
// creation of the agent and the use of the invitation.
func (s *Service) acceptAudited(ctx context.Context, inv *kefu.Invitation, a *kefu.Agent) error {
	newcomer := kefu.Actor{Kind: kefu.ActorAgent, OrgID: a.OrgID, AgentID: a.ID, Role: a.Role}
	audited := s.audit.Within(ctx, newcomer,
		change(newcomer, ActionInvitationAccepted, "invitation", inv.ID, nil, invitationFields(inv)),
		change(newcomer, ActionAgentCreated, "agent", a.ID, nil, auditFields(a)))
	err := s.store.AcceptInvitation(audited, inv.TokenHash, a, s.now())
	if kefu.IsNotFound(err) { // its custom role was deleted since
		return kefu.Errorf(kefu.CodeConflict, "the role of this invitation no longer exists; ask for a new invitation")
	}
	return err
}

// pendingInvitation finds the invitation of token and fails unless it can still be accepted.
func (s *Service) pendingInvitation(ctx context.Context, token string) (*kefu.Invitation, error) {
	if !auth.IsInvitationToken(token) {
		return nil, errNoInvitation()
	}
	inv, err := s.store.GetInvitationByHash(ctx, auth.HashSecret(token))
	if kefu.IsNotFound(err) {
		return nil, errNoInvitation()
	}
	if err != nil {
		return nil, err
	}
	return inv, invitationUsable(inv.StatusAt(s.now()))
}

// invitationUsable is the error for an invitation in status st, nil while it is pending.
func invitationUsable(st kefu.InvitationStatus) error {
	switch st {
	case kefu.InvitationAccepted:
		return kefu.Errorf(kefu.CodeInvitationUsed, "this invitation was used already: sign in instead")
	case kefu.InvitationRevoked:
		return kefu.Errorf(kefu.CodeInvitationRevoked, "this invitation was withdrawn; ask your administrator for a new one")
	case kefu.InvitationExpired:
		return kefu.Errorf(kefu.CodeInvitationExpired, "this invitation has expired; ask your administrator for a new one")
	}
	return nil
}

func errNoInvitation() *kefu.Error {
	return kefu.Errorf(kefu.CodeNotFound, "this invitation link is not valid; check that it was copied whole")
}
