package auth

import (
	"context"
	"strings"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// InvitationPrefix marks the secret of an invitation link (see internal/admin).
const InvitationPrefix = "kfi_"

// IsInvitationToken reports whether token is shaped like an invitation secret kefu issues, so
// a malformed link is refused without a database lookup.
func IsInvitationToken(token string) bool {
	body, ok := strings.CutPrefix(token, InvitationPrefix)
	return ok && len(body) == secretBodyLen && isBase64URL(body)
}

// GuardSecretGuess throttles a public call that takes a secret from a link (an invitation) as
// sign-in is throttled: the attempt counts against the client address's sign-in counter
// before the secret is looked up, and an address locked out of sign-in is locked out here
// too. Call the returned function with whether the secret was valid: a valid one takes the
// attempt back, so only guesses count.
func (s *Service) GuardSecretGuess(ctx context.Context, clientIP string) (func(valid bool), error) {
	addr := addressKey(clientIP)
	if addr == "" {
		return func(bool) {}, nil
	}
	subjects := []subject{{key: "ip:" + addr, limit: addressLimit, reason: "address_locked"}}
	if err := s.admit(ctx, subjects, nil, clientIP); err != nil {
		return nil, err
	}
	return func(valid bool) {
		if valid {
			s.takeBack(ctx, subjects)
		}
	}, nil
}

// SignInNew opens the first session of an agent who has just chosen their password (an
// accepted invitation): it is the same session a password sign-in opens, without checking the
// password again.
func (s *Service) SignInNew(ctx context.Context, agent *kefu.Agent, client SessionClient) (string, *kefu.Session, error) {
	if !active(agent) {
		return "", nil, errUnauthenticated()
	}
	token, sess, err := s.openSession(s.auditSignedIn(ctx, agent), agent, client.clean())
	if err != nil {
		return "", nil, err
	}
	s.log.InfoContext(ctx, "login", "org_id", agent.OrgID, "agent_id", agent.ID, "client_ip", client.IP, "via", "new_account")
	return token, sess, nil
}
