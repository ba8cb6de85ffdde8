package auth

import (
	"cmp"
	"context"
	"strings"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// Login checks an agent's email and password and opens a session. Unknown email, wrong password
// and disabled agent all fail alike with unauthenticated "invalid email or password" after the
// same amount of hashing work. Repeated failures per email and per client address lock further
// attempts out for a while (rate_limited, the lockout's remaining time in the error's RetryAfter).
func (s *Service) Login(ctx context.Context, email, password, clientIP string) (token string, sess *kefu.Session, agent *kefu.Agent, err error) {
	return s.LoginFrom(ctx, email, password, SessionClient{IP: clientIP})
}

// LoginFrom is Login recording the client's address and User-Agent on the session, for the
// agent's session list.
func (s *Service) LoginFrom(ctx context.Context, email, password string, client SessionClient) (token string, sess *kefu.Session, agent *kefu.Agent, err error) {
	email, clientIP := strings.TrimSpace(email), client.IP
	keys := loginKeys(email, clientIP)
	if d := s.backoff.wait(keys...); d > 0 {
		return "", nil, nil, rateLimited(d)
	}
	agent, err = s.checkPassword(ctx, email, password)
	if err != nil {
		if kefu.ErrorCode(err) == kefu.CodeUnauthenticated {
			s.backoff.fail(keys...)
			s.log.InfoContext(ctx, "login failed", "client_ip", clientIP)
		}
		return "", nil, nil, err
	}
	// Two-factor agents get a challenge, not a session; their backoff resets only once the
	// code is right, so password retries cannot clear failed codes.
	if ch, err := s.secondStep(ctx, agent); ch != nil || err != nil {
		return "", nil, nil, cmp.Or[error](err, ch)
	}
	s.backoff.reset(keys[0])
	token, sess, err = s.openSession(ctx, agent, client.clean())
	if err != nil {
		return "", nil, nil, err
	}
	s.log.InfoContext(ctx, "login", "org_id", agent.OrgID, "agent_id", agent.ID, "client_ip", clientIP)
	return token, sess, agent, nil
}

// loginKeys are the backoff keys of an attempt: the email (case-folded, so case variants share
// one counter) first, then the client address when known.
func loginKeys(email, clientIP string) []string {
	keys := []string{"email:" + strings.ToLower(email)}
	if clientIP != "" {
		keys = append(keys, "ip:"+clientIP)
	}
	return keys
}

// checkPassword returns the enabled agent whose email and password match.
func (s *Service) checkPassword(ctx context.Context, email, password string) (*kefu.Agent, error) {
	fail := kefu.Errorf(kefu.CodeUnauthenticated, "invalid email or password")
	if email == "" || password == "" || len(password) > passwordMaxByte {
		s.burnDummyHash(password)
		return nil, fail
	}
	agent, err := s.store.GetAgentByEmail(ctx, email)
	if kefu.IsNotFound(err) {
		s.burnDummyHash(password)
		return nil, fail
	}
	if err != nil {
		return nil, kefu.Internal(err)
	}
	ok, err := VerifyPassword(agent.PasswordHash, password)
	if err != nil {
		// A corrupt hash is our bug, but the caller still just gets "invalid".
		s.log.ErrorContext(ctx, "bad password hash", "agent_id", agent.ID, "err", err)
		return nil, fail
	}
	if !ok || agent.Disabled {
		return nil, fail
	}
	agent.PasswordHash = ""
	return agent, nil
}

// burnDummyHash spends the same work as verifying a real password, so response time does not
// reveal whether an email exists.
func (s *Service) burnDummyHash(password string) {
	s.dummyOnce.Do(func() {
		s.dummyHash, _ = HashPassword("kefu-dummy-password", s.params)
	})
	_, _ = VerifyPassword(s.dummyHash, password)
}

// openSession creates and stores a new session for agent.
func (s *Service) openSession(ctx context.Context, agent *kefu.Agent, client SessionClient) (string, *kefu.Session, error) {
	token, hash := NewSecret(SessionPrefix)
	now := s.now()
	sess := &kefu.Session{
		Hash:       hash,
		ID:         kefu.SessionID(hash),
		OrgID:      agent.OrgID,
		AgentID:    agent.ID,
		CSRFToken:  newCSRFToken(),
		CreatedAt:  now,
		ExpiresAt:  now.Add(s.sessionTTL),
		LastSeenAt: now,
		ClientIP:   client.IP,
		UserAgent:  client.UserAgent,
	}
	if err := s.holdToEnrolment(ctx, agent, sess); err != nil {
		return "", nil, err
	}
	if err := s.store.CreateSession(ctx, sess); err != nil {
		return "", nil, kefu.Internal(err)
	}
	return token, sess, nil
}

// Logout ends the session of token and closes its open connections. Logging out an unknown or
// already ended session succeeds.
func (s *Service) Logout(ctx context.Context, token string) error {
	if SecretKind(token) != SessionPrefix {
		return errUnauthenticated()
	}
	hash := HashSecret(token)
	sess, _, err := s.store.GetSessionAgent(ctx, hash)
	if kefu.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return kefu.Internal(err)
	}
	if err := s.store.DeleteSession(ctx, hash); err != nil && !kefu.IsNotFound(err) {
		return kefu.Internal(err)
	}
	s.revoker.Session(sess.OrgID, sess.AgentID, kefu.SessionID(hash))
	return nil
}

// EndOtherSessions signs the agent out of every session but the one authenticated by keep
// ("" ends them all) and closes their open connections: after a password change, old sessions
// must not outlive the old password.
func (s *Service) EndOtherSessions(ctx context.Context, agent kefu.Actor, keep string) error {
	if !agent.IsAgent() {
		return errUnauthenticated()
	}
	keepHash := HashSecret(keep)
	if err := s.store.DeleteOtherAgentSessions(ctx, agent.OrgID, agent.AgentID, keepHash); err != nil {
		return err
	}
	keepID := ""
	if keep != "" {
		keepID = kefu.SessionID(keepHash)
	}
	s.revoker.OtherSessions(agent.OrgID, agent.AgentID, keepID)
	return nil
}

// PruneSessions deletes the sessions that expired by now: they already fail to authenticate,
// and deleting them keeps the table the size of the signed-in agents.
func (s *Service) PruneSessions(ctx context.Context, now time.Time) (int64, error) {
	return s.store.DeleteExpiredSessions(ctx, now)
}
