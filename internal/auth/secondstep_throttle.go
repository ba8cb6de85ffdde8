package auth

import (
	"context"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// Two-factor codes are throttled by the sign-in throttle (throttle.go), on the agent's account
// and the client's address, so guesses at a code cost what guesses at a password do. These
// three are the only places two-factor code touches it.

// admitCode counts a code attempt before the code is checked and refuses it while the account
// or the address is locked out, as admit does for passwords. It returns the attempt's subjects
// for codePassed.
func (s *Service) admitCode(ctx context.Context, agent *kefu.Agent, clientIP string) ([]subject, error) {
	subjects := s.loginSubjects(agent.Email, agent, "", clientIP)
	return subjects, s.admit(ctx, subjects, agent, clientIP)
}

// codeFailed logs a wrong code (or a wrong password offered as proof); admitCode already
// counted it.
func (s *Service) codeFailed(ctx context.Context, agent *kefu.Agent, clientIP string) {
	s.refuse(ctx, "wrong_code", agent, clientIP)
}

// codePassed takes the attempt back once the whole sign-in succeeded (see forgiveAttempt).
func (s *Service) codePassed(ctx context.Context, subjects []subject) {
	s.forgiveAttempt(ctx, subjects)
}
