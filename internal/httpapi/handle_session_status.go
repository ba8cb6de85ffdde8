package httpapi

import (
	"context"

	"github.com/kefu-dev/kefu/internal/kefu"
)

type sessionStatusOutput struct {
	Body struct {
		SignedIn   bool `json:"signed_in" doc:"True when the request carries a valid agent session or token"`
		NeedsSetup bool `json:"needs_setup" doc:"True until the first organisation and owner exist (only answered when signed out)"`
		// The rest is what GET /auth/me answers, present only when signed in.
		Agent            *kefu.Agent `json:"agent,omitempty"`
		CSRFToken        string      `json:"csrf_token,omitempty" doc:"For cookie sessions: the X-CSRF-Token value"`
		Permissions      []string    `json:"permissions" doc:"What this session may do; empty when signed out"`
		Enrol2FARequired bool        `json:"two_factor_enrolment_required,omitempty" doc:"Enrol in two-factor sign-in before anything else"`
	}
}

// sessionStatus is the workspace's first question on every page load: is this browser signed
// in, and if not, does the installation still need its first-run setup? Unlike GET /auth/me it
// answers 200 when signed out (no credentials, or an expired or revoked session), so a signed-out
// page load logs no failed request; API clients that want a 401 for a bad token keep /auth/me.
func (s *server) sessionStatus(ctx context.Context, _ *struct{}) (*sessionStatusOutput, error) {
	out := &sessionStatusOutput{}
	out.Body.Permissions = []string{}
	if _, err := agentFrom(ctx); err != nil {
		needs, err := s.Admin.NeedsSetup(ctx)
		if err != nil {
			return nil, err
		}
		out.Body.NeedsSetup = needs
		return out, nil
	}
	me, err := s.me(ctx, nil)
	if err != nil {
		return nil, err
	}
	out.Body.SignedIn = true
	out.Body.Agent, out.Body.CSRFToken, out.Body.Permissions = me.Body.Agent, me.Body.CSRFToken, me.Body.Permissions
	out.Body.Enrol2FARequired = me.Body.Enrol2FARequired
	return out, nil
}
