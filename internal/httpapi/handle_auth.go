package httpapi

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/kefu-dev/kefu/internal/admin"
	"github.com/kefu-dev/kefu/internal/auth"
	"github.com/kefu-dev/kefu/internal/kefu"
)

type setupStatusOutput struct {
	Body struct {
		NeedsSetup bool `json:"needs_setup" doc:"True until the first organisation and owner exist"`
	}
}

func (s *server) setupStatus(ctx context.Context, _ *struct{}) (*setupStatusOutput, error) {
	needs, err := s.Admin.NeedsSetup(ctx)
	if err != nil {
		return nil, err
	}
	out := &setupStatusOutput{}
	out.Body.NeedsSetup = needs
	return out, nil
}

type setupInput struct {
	UserAgent string `header:"User-Agent" doc:"Recorded on the owner's first session for the session list"`
	Body      struct {
		OrgName  string `json:"org_name" maxLength:"100" doc:"Organisation name"`
		Name     string `json:"name" maxLength:"100" doc:"Owner's display name"`
		Email    string `json:"email" maxLength:"254"`
		Password string `json:"password" maxLength:"256"`
	}
}

type setupOutput struct {
	SetCookie []http.Cookie `header:"Set-Cookie"`
	Body      setupBody
}

// setupBody is the new organisation and owner, and the owner's first session as login answers
// it. The session fields are empty in the rare case the organisation was created but the
// session could not be opened: the owner then signs in as usual.
type setupBody struct {
	Org         *kefu.Org   `json:"org"`
	Agent       *kefu.Agent `json:"agent"`
	Token       string      `json:"token,omitempty" doc:"The owner's session: bearer token for the Authorization header"`
	CSRFToken   string      `json:"csrf_token,omitempty" doc:"Send as X-CSRF-Token on writes authenticated by the session cookie"`
	ExpiresAt   time.Time   `json:"expires_at,omitzero" doc:"Sliding expiry: each use extends it"`
	Permissions []string    `json:"permissions" doc:"What the owner's session may do, as GET /auth/me answers"`
}

// setup is the first-run page's call: it works once, while no organisation exists. It signs
// the new owner in (session cookie, audit entry) so the browser goes straight to the workspace.
func (s *server) setup(ctx context.Context, in *setupInput) (*setupOutput, error) {
	org, agent, err := s.Admin.Setup(ctx, admin.SetupRequest{
		OrgName: in.Body.OrgName, Name: in.Body.Name, Email: in.Body.Email, Password: in.Body.Password,
	})
	if err != nil {
		return nil, err
	}
	out := &setupOutput{Body: setupBody{Org: org, Agent: agent, Permissions: []string{}}}
	res, err := s.Auth.SignInNewOwner(ctx, agent, auth.SessionClient{IP: clientIPFrom(ctx), UserAgent: in.UserAgent})
	if err != nil {
		// The organisation exists: that is the answer that matters, signing in can be retried.
		s.log.WarnContext(ctx, "setup: could not sign the new owner in", "org_id", org.ID, "err", err)
		return out, nil
	}
	signed := s.signedIn(res.Token, res.Session, res.Agent)
	out.SetCookie = append(signed.SetCookie, s.deviceCookie(res.Device, res.DeviceExpires))
	b := signed.Body
	out.Body.Token, out.Body.CSRFToken, out.Body.ExpiresAt, out.Body.Permissions = b.Token, b.CSRFToken, b.ExpiresAt, b.Permissions
	return out, nil
}

type loginInput struct {
	UserAgent string `header:"User-Agent" doc:"Recorded on the session for the session list"`
	Device    string `cookie:"kefu_device" doc:"Known-device cookie set by an earlier sign-in; exempts this browser's attempts on that account from the address throttle"`
	Body      struct {
		Email    string `json:"email" maxLength:"254"`
		Password string `json:"password" maxLength:"256"`
	}
}

type loginOutput struct {
	SetCookie []http.Cookie `header:"Set-Cookie"`
	Body      loginBody
}

type loginBody struct {
	// Set instead of a session when the agent signs in with a second factor.
	TwoFactorRequired bool        `json:"two_factor_required,omitempty" doc:"The password was right; send a code with challenge to /auth/login/second-step"`
	Challenge         string      `json:"challenge,omitempty" doc:"Short-lived second-step challenge (not a session)"`
	ChallengeExpires  time.Time   `json:"challenge_expires_at,omitzero"`
	Token             string      `json:"token" doc:"Bearer token for the Authorization header"`
	CSRFToken         string      `json:"csrf_token" doc:"Send as X-CSRF-Token on writes authenticated by the session cookie"`
	ExpiresAt         time.Time   `json:"expires_at" doc:"Sliding expiry: each use extends it"`
	Agent             *kefu.Agent `json:"agent"`
	// Enrol2FARequired: the session may only enrol in two-factor sign-in until the agent has.
	Enrol2FARequired bool `json:"two_factor_enrolment_required,omitempty" doc:"Enrol in two-factor sign-in before anything else"`
	// Permissions are what the session may do, as GET /auth/me also answers.
	Permissions []string `json:"permissions"`
}

// login signs an agent in, answering with a bearer token and setting the session cookie and
// the known-device cookie.
func (s *server) login(ctx context.Context, in *loginInput) (*loginOutput, error) {
	res, err := s.Auth.SignIn(ctx, auth.LoginRequest{
		Email: strings.TrimSpace(in.Body.Email), Password: in.Body.Password, ClientIP: clientIPFrom(ctx),
		UserAgent: in.UserAgent, Device: in.Device,
	})
	if ch, ok := errors.AsType[*auth.SecondStepRequired](err); ok {
		return &loginOutput{Body: loginBody{TwoFactorRequired: true, Challenge: ch.Challenge, ChallengeExpires: ch.ExpiresAt}}, nil
	}
	if err != nil {
		return nil, err
	}
	out := s.signedIn(res.Token, res.Session, res.Agent)
	out.SetCookie = append(out.SetCookie, s.deviceCookie(res.Device, res.DeviceExpires))
	return out, nil
}

// signedIn is the answer to a completed sign-in: the session as bearer token and cookie.
func (s *server) signedIn(token string, sess *kefu.Session, agent *kefu.Agent) *loginOutput {
	out := &loginOutput{SetCookie: []http.Cookie{s.sessionCookie(token, sess.ExpiresAt)}}
	out.Body = loginBody{Token: token, CSRFToken: sess.CSRFToken, ExpiresAt: sess.ExpiresAt, Agent: agent,
		Enrol2FARequired: sess.Enrol2FA, Permissions: agent.EffectivePerms().Names()}
	return out
}

// deviceCookie marks this browser as one that signed in to the account (see auth/device.go).
// Only the login call needs it, and no script does: HttpOnly, Strict, scoped to /api/v1/auth.
// It outlives sign-out on purpose, as it proves only a past sign-in, not a session.
func (s *server) deviceCookie(value string, expires time.Time) http.Cookie {
	return http.Cookie{
		Name: deviceCookie, Value: value, Path: "/api/v1/auth", Expires: expires,
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: strings.HasPrefix(s.PublicURL, "https://"),
	}
}

func (s *server) sessionCookie(value string, expires time.Time) http.Cookie {
	return http.Cookie{
		Name: sessionCookie, Value: value, Path: "/", Expires: expires,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.ServesTLS || strings.HasPrefix(s.PublicURL, "https://"),
	}
}

type logoutOutput struct {
	SetCookie http.Cookie `header:"Set-Cookie"`
}

func (s *server) logout(ctx context.Context, _ *struct{}) (*logoutOutput, error) {
	c := callerFrom(ctx)
	if c.session == nil {
		return nil, errUnauthenticated
	}
	if err := s.Auth.Logout(ctx, c.token); err != nil {
		return nil, err
	}
	expired := s.sessionCookie("", time.Unix(0, 0))
	expired.MaxAge = -1
	return &logoutOutput{SetCookie: expired}, nil
}

type meOutput struct {
	Body struct {
		Agent     *kefu.Agent `json:"agent"`
		CSRFToken string      `json:"csrf_token,omitempty" doc:"For cookie sessions: the X-CSRF-Token value"`
		// Permissions are what this session or token may do; the workspace hides the rest.
		Permissions []string `json:"permissions"`
		// Enrol2FARequired: the organisation requires two-factor sign-in and this session may
		// only enrol until the agent has.
		Enrol2FARequired bool `json:"two_factor_enrolment_required,omitempty" doc:"Enrol in two-factor sign-in before anything else"`
	}
}

func (s *server) me(ctx context.Context, _ *struct{}) (*meOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	agent, err := s.Admin.Me(ctx, actor)
	if err != nil {
		return nil, err
	}
	out := &meOutput{}
	out.Body.Agent = agent
	out.Body.Permissions = actor.Permissions().Names()
	if sess := callerFrom(ctx).session; sess != nil {
		out.Body.CSRFToken = sess.CSRFToken
		out.Body.Enrol2FARequired = sess.Enrol2FA
	}
	return out, nil
}

type updateMeInput struct {
	Body struct {
		Name            *string            `json:"name,omitempty" maxLength:"100"`
		AvatarURL       *string            `json:"avatar_url,omitempty" maxLength:"2048"`
		Availability    *kefu.Availability `json:"availability,omitempty" enum:"online,away,offline"`
		CurrentPassword string             `json:"current_password,omitempty" maxLength:"256"`
		NewPassword     string             `json:"new_password,omitempty" maxLength:"256"`
		Signature       *string            `json:"signature,omitempty" maxLength:"2000" doc:"Plain text closing your replies on channels that sign messages (email); empty for none"`
	}
}

type agentOutput struct {
	Body *kefu.Agent
}

func (s *server) updateMe(ctx context.Context, in *updateMeInput) (*agentOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	b := in.Body
	agent, err := s.Admin.UpdateProfile(ctx, actor, admin.ProfilePatch{
		Name: b.Name, AvatarURL: b.AvatarURL, Availability: b.Availability,
		CurrentPassword: b.CurrentPassword, NewPassword: b.NewPassword, Signature: b.Signature,
	})
	if err != nil {
		return nil, err
	}
	if b.NewPassword != "" {
		keep := ""
		if c := callerFrom(ctx); c.session != nil {
			keep = c.token // the session that changed the password stays signed in
		}
		if err := s.Auth.EndOtherSessions(ctx, actor, keep); err != nil {
			return nil, err
		}
	}
	return &agentOutput{Body: agent}, nil
}
