package auth

import "github.com/kefu-dev/kefu/internal/kefu"

// Two-factor codes are throttled by the sign-in backoff, under the same keys as passwords (the
// agent's e-mail and the client's address), so guesses at a code cost what guesses at a
// password do. These three are the only places two-factor code touches the backoff.

// admitCode refuses a code attempt while the agent or the address is locked out.
func (s *Service) admitCode(agent *kefu.Agent, clientIP string) error {
	if d := s.backoff.wait(loginKeys(agent.Email, clientIP)...); d > 0 {
		return rateLimited(d)
	}
	return nil
}

// codeFailed counts a wrong code (or a wrong password offered as proof).
func (s *Service) codeFailed(agent *kefu.Agent, clientIP string) {
	s.backoff.fail(loginKeys(agent.Email, clientIP)...)
}

// codePassed forgets the agent's failures once the whole sign-in succeeded.
func (s *Service) codePassed(agent *kefu.Agent) {
	s.backoff.reset(loginKeys(agent.Email, "")[0])
}
