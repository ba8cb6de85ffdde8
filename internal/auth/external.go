package auth

import (
	"context"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// SignInVerified opens a session for an agent whose identity another party vouched for (an
// OpenID Connect provider): no password, and no TOTP step, the provider being in charge of
// the factors. A disabled agent is refused like a bad credential.
func (s *Service) SignInVerified(ctx context.Context, agent *kefu.Agent, client SessionClient) (string, *kefu.Session, error) {
	if !active(agent) {
		return "", nil, errUnauthenticated()
	}
	token, sess, err := s.openSession(ctx, agent, client.clean())
	if err != nil {
		return "", nil, err
	}
	s.log.InfoContext(ctx, "login", "org_id", agent.OrgID, "agent_id", agent.ID, "client_ip", client.IP, "via", "sso")
	return token, sess, nil
}
