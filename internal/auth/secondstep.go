package auth

import (
	"context"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// challengeTTL is how long a second-step challenge lasts: time to find the phone, not more.
const challengeTTL = 5 * time.Minute

// challengeAudience keeps a challenge from being mistaken for any other token signed by kefu.
const challengeAudience = "kefu-2fa"

// SecondStepRequired is LoginFrom's answer for an agent with two-factor sign-in: the password
// was right, but no session is opened until CompleteSecondStep gets a code with Challenge.
// It is returned as the error so that every caller of LoginFrom that ignores it still opens no
// session.
type SecondStepRequired struct {
	Challenge string    // signed, short-lived; not a session
	ExpiresAt time.Time // when the challenge stops working
}

func (e *SecondStepRequired) Error() string { return "two-factor code required" }

// challengeClaims are a challenge's claims: sub is the agent.
type challengeClaims struct {
	Org string `json:"org"`
	jwt.RegisteredClaims
}

// secondStep returns a challenge when agent has two-factor sign-in on, nil when the password
// alone signs them in.
func (s *Service) secondStep(ctx context.Context, agent *kefu.Agent) (*SecondStepRequired, error) {
	on, err := s.totpEnabled(ctx, agent)
	if err != nil || !on {
		return nil, err
	}
	now := s.now()
	ch := &SecondStepRequired{ExpiresAt: now.Add(challengeTTL)}
	claims := challengeClaims{Org: agent.OrgID, RegisteredClaims: jwt.RegisteredClaims{
		Audience: jwt.ClaimStrings{challengeAudience}, Subject: agent.ID,
		IssuedAt: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(ch.ExpiresAt),
	}}
	ch.Challenge, err = jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(s.challengeKey)
	if err != nil {
		return nil, kefu.Internal(err)
	}
	return ch, nil
}

// totpEnabled reports whether agent signs in with a second factor.
func (s *Service) totpEnabled(ctx context.Context, agent *kefu.Agent) (bool, error) {
	if s.twoFactor == nil {
		return false, nil
	}
	tp, err := s.twoFactor.GetTOTP(ctx, agent.OrgID, agent.ID)
	if kefu.IsNotFound(err) {
		return false, nil
	}
	if err != nil {
		return false, kefu.Internal(err)
	}
	return tp.Enabled, nil
}

// parseChallenge returns the org and agent a challenge was issued for.
func (s *Service) parseChallenge(challenge string) (orgID, agentID string, err error) {
	p := jwt.NewParser(jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithAudience(challengeAudience), jwt.WithExpirationRequired(), jwt.WithTimeFunc(s.now))
	var c challengeClaims
	_, err = p.ParseWithClaims(challenge, &c, func(*jwt.Token) (any, error) { return s.challengeKey, nil })
	if err != nil || c.Org == "" || c.Subject == "" {
		return "", "", kefu.Errorf(kefu.CodeUnauthenticated, "the sign-in challenge is invalid or expired; sign in again")
	}
	return c.Org, c.Subject, nil
}

// CompleteSecondStep finishes a sign-in with a TOTP code or a recovery code and opens the
// session. Wrong codes count in the sign-in backoff like wrong passwords; a TOTP code works
// once, a recovery code is used up.
func (s *Service) CompleteSecondStep(ctx context.Context, challenge, code string, client SessionClient) (string, *kefu.Session, *kefu.Agent, error) {
	orgID, agentID, err := s.parseChallenge(challenge)
	if err != nil {
		return "", nil, nil, err
	}
	agent, err := s.activeAgent(ctx, orgID, agentID)
	if err != nil {
		return "", nil, nil, err
	}
	subjects, err := s.admitCode(ctx, agent, client.IP)
	if err != nil {
		return "", nil, nil, err
	}
	if err := s.checkSecondFactor(ctx, agent, code); err != nil {
		if kefu.ErrorCode(err) == kefu.CodeUnauthenticated {
			s.codeFailed(ctx, agent, client.IP)
		}
		return "", nil, nil, err
	}
	s.codePassed(ctx, subjects)
	agent.PasswordHash = ""
	token, sess, err := s.openSession(ctx, agent, client.clean())
	if err != nil {
		return "", nil, nil, err
	}
	s.log.InfoContext(ctx, "login", "org_id", agent.OrgID, "agent_id", agent.ID, "client_ip", client.IP, "second_factor", true)
	return token, sess, agent, nil
}

// errBadCode is the one answer to a wrong, replayed or used-up code.
func errBadCode() *kefu.Error {
	return kefu.Errorf(kefu.CodeUnauthenticated, "invalid two-factor code")
}

// checkSecondFactor accepts a current TOTP code not used before, or an unused recovery code
// (which it consumes).
func (s *Service) checkSecondFactor(ctx context.Context, agent *kefu.Agent, code string) error {
	code = strings.TrimSpace(code)
	if looksLikeRecoveryCode(code) {
		err := s.twoFactor.UseRecoveryCode(ctx, agent.OrgID, agent.ID, hashRecoveryCode(code))
		if kefu.IsNotFound(err) {
			return errBadCode()
		}
		return err
	}
	return s.useTOTPCode(ctx, agent, code)
}

// useTOTPCode accepts a current code of agent's enabled TOTP and uses its step up, so the same
// code cannot sign in twice.
func (s *Service) useTOTPCode(ctx context.Context, agent *kefu.Agent, code string) error {
	tp, err := s.twoFactor.GetTOTP(ctx, agent.OrgID, agent.ID)
	if kefu.IsNotFound(err) || (err == nil && !tp.Enabled) {
		return errBadCode()
	}
	if err != nil {
		return kefu.Internal(err)
	}
	step, ok := matchTOTP(tp.Secret, code, s.now())
	if !ok || step <= tp.LastStep {
		return errBadCode()
	}
	if err := s.twoFactor.UseTOTPStep(ctx, agent.OrgID, agent.ID, step); err != nil {
		if kefu.ErrorCode(err) == kefu.CodeConflict { // a concurrent sign-in used it first
			return errBadCode()
		}
		return err
	}
	return nil
}
