package auth

import (
	"context"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// SignInNewOwner opens the first session of the owner that first-run setup has just created,
// so the person who typed the password a moment ago is not asked for it again. It is a
// sign-in like any other: audited, logged, with a session record and a known-device cookie.
// Only the setup call may use it, right after it created owner. The account is read back from
// the store, which is what fills in the role's permissions, as for any sign-in.
func (s *Service) SignInNewOwner(ctx context.Context, owner *kefu.Agent, client SessionClient) (*LoginResult, error) {
	agent, err := s.account(ctx, owner.Email)
	if err != nil {
		return nil, err
	}
	if agent == nil || agent.ID != owner.ID {
		return nil, errUnauthenticated()
	}
	agent.PasswordHash = ""
	return s.SignInNew(ctx, agent, client)
}
