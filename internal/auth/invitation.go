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
// accepted invitation, first-run setup): the same sign-in a password opens — audited, logged,
// with a session record and a known-device cookie — without checking the password again.
func (s *Service) SignInNew(ctx context.Context, agent *kefu.Agent, client SessionClient) (*LoginResult, error) {
	if !active(agent) {
		return nil, errUnauthenticated()
	}
	return s.signedIn(s.auditSignedIn(ctx, agent), agent, "", client)
}
