package httpapi

import (
	"context"
	"strings"
	"time"

	"github.com/kefu-dev/kefu/internal/admin"
	"github.com/kefu-dev/kefu/internal/auth"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// invitationItem is an invitation with its status, which the list shows.
type invitationItem struct {
	*kefu.Invitation
	Status kefu.InvitationStatus `json:"status" enum:"pending,accepted,expired,revoked"`
}

type invitationsOutput struct {
	Body struct {
		Invitations []invitationItem `json:"invitations"`
	}
}

func (s *server) listInvitations(ctx context.Context, _ *struct{}) (*invitationsOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	list, err := s.Admin.ListInvitations(ctx, actor)
	if err != nil {
		return nil, err
	}
	out := &invitationsOutput{}
	out.Body.Invitations = make([]invitationItem, len(list))
	for i := range list {
		out.Body.Invitations[i] = invitationItem{&list[i], list[i].StatusAt(time.Now())}
	}
	return out, nil
}

type createInvitationInput struct {
	Body struct {
		Email string    `json:"email" maxLength:"254"`
		Name  string    `json:"name,omitempty" maxLength:"100" doc:"Suggested display name; the invitee may change it"`
		Role  kefu.Role `json:"role" enum:"owner,admin,supervisor,agent,custom"`
		// CustomRoleID names the custom role when role is custom.
		CustomRoleID string `json:"custom_role_id,omitempty" maxLength:"36"`
	}
}

type issuedInvitationOutput struct {
	Status int
	Body   struct {
		Invitation invitationItem `json:"invitation"`
		Token      string         `json:"token" doc:"The link's secret, shown once: only its hash is stored"`
		URL        string         `json:"url" doc:"The link to pass on, when the server knows its public URL; else build <origin>/invite/<token>"`
	}
}

func (s *server) createInvitation(ctx context.Context, in *createInvitationInput) (*issuedInvitationOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	b := in.Body
	issued, err := s.Admin.CreateInvitation(ctx, actor, admin.InvitationInput{Email: b.Email, Name: b.Name, Role: b.Role,
		CustomRoleID: b.CustomRoleID})
	if err != nil {
		return nil, err
	}
	return s.issued(201, issued), nil
}

func (s *server) reissueInvitation(ctx context.Context, in *idInput) (*issuedInvitationOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	issued, err := s.Admin.ReissueInvitation(ctx, actor, in.ID)
	if err != nil {
		return nil, err
	}
	return s.issued(200, issued), nil
}

// issued answers an invitation with its link, which this answer alone carries.
func (s *server) issued(status int, issued *admin.IssuedInvitation) *issuedInvitationOutput {
	out := &issuedInvitationOutput{Status: status}
	inv := issued.Invitation
	out.Body.Invitation, out.Body.Token = invitationItem{inv, inv.StatusAt(time.Now())}, issued.Token
	if s.PublicURL != "" {
		out.Body.URL = strings.TrimSuffix(s.PublicURL, "/") + "/invite/" + issued.Token
	}
	return out
}

func (s *server) revokeInvitation(ctx context.Context, in *idInput) (*struct{}, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	return nil, s.Admin.RevokeInvitation(ctx, actor, in.ID)
}

// The invitee's calls are public: the link's secret is the credential. It travels in the body,
// not the path, so it stays out of access logs.

type invitationTokenInput struct {
	Body struct {
		Token string `json:"token" maxLength:"100"`
	}
}

type invitationLookupOutput struct {
	Body struct {
		OrgName   string    `json:"org_name"`
		Email     string    `json:"email"`
		Name      string    `json:"name"`
		ExpiresAt time.Time `json:"expires_at"`
	}
}

// lookupInvitation tells the invitee's page whose invitation the link is, or why it no longer
// works.
func (s *server) lookupInvitation(ctx context.Context, in *invitationTokenInput) (*invitationLookupOutput, error) {
	var inv *kefu.Invitation
	var org *kefu.Org
	err := s.guardInvitation(ctx, func() (err error) {
		inv, org, err = s.Admin.LookupInvitation(ctx, in.Body.Token)
		return err
	})
	if err != nil {
		return nil, err
	}
	out := &invitationLookupOutput{}
	out.Body.OrgName, out.Body.Email, out.Body.Name, out.Body.ExpiresAt = org.Name, inv.Email, inv.Name, inv.ExpiresAt
	return out, nil
}

type acceptInvitationInput struct {
	UserAgent string `header:"User-Agent" doc:"Recorded on the session for the session list"`
	Body      struct {
		Token    string `json:"token" maxLength:"100"`
		Name     string `json:"name" maxLength:"100"`
		Password string `json:"password" maxLength:"256"`
	}
}

// acceptInvitation creates the invited agent and signs them in, answering as login does.
func (s *server) acceptInvitation(ctx context.Context, in *acceptInvitationInput) (*loginOutput, error) {
	var agent *kefu.Agent
	err := s.guardInvitation(ctx, func() (err error) {
		agent, err = s.Admin.AcceptInvitation(ctx, admin.AcceptRequest{Token: in.Body.Token, Name: in.Body.Name,
			Password: in.Body.Password})
		return err
	})
	if err != nil {
		return nil, err
	}
	res, err := s.Auth.SignInNew(ctx, agent, auth.SessionClient{IP: clientIPFrom(ctx), UserAgent: in.UserAgent})
	if err != nil {
		return nil, err
	}
	out := s.signedIn(res.Token, res.Session, agent)
	out.SetCookie = append(out.SetCookie, s.deviceCookie(res.Device, res.DeviceExpires))
	return out, nil
}

// guardInvitation runs a call that takes an invitation secret under the sign-in throttle of
// the client's address: a link that kefu never issued counts as a failed guess.
func (s *server) guardInvitation(ctx context.Context, call func() error) error {
	done, err := s.Auth.GuardSecretGuess(ctx, clientIPFrom(ctx))
	if err != nil {
		return err
	}
	err = call()
	done(!kefu.IsNotFound(err))
	return err
}
