package auth

import (
	"cmp"
	"context"
	"errors"
	"strings"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// LoginRequest is one sign-in attempt.
type LoginRequest struct {
	Email    string
	Password string
	ClientIP string // the caller's address, for the address throttle, the log and the session list
	// UserAgent is the browser's User-Agent, recorded on the session for the session list.
	UserAgent string
	Device    string // the known-device cookie the browser sent, "" for none
}

// LoginResult is a successful sign-in.
type LoginResult struct {
	Token   string // the session secret
	Session *kefu.Session
	Agent   *kefu.Agent
	// Device is the known-device cookie to set (new or renewed), valid until DeviceExpires.
	Device        string
	DeviceExpires time.Time
}

// Login checks an agent's email and password and opens a session; see SignIn. It is SignIn for
// callers without a known-device cookie.
func (s *Service) Login(ctx context.Context, email, password, clientIP string) (token string, sess *kefu.Session, agent *kefu.Agent, err error) {
	res, err := s.SignIn(ctx, LoginRequest{Email: email, Password: password, ClientIP: clientIP})
	if err != nil {
		return "", nil, nil, err
	}
	return res.Token, res.Session, res.Agent, nil
}

// LoginFrom is Login recording the client's address and User-Agent on the session, for the
// agent's session list.
func (s *Service) LoginFrom(ctx context.Context, email, password string, client SessionClient) (token string, sess *kefu.Session, agent *kefu.Agent, err error) {
	res, err := s.SignIn(ctx, LoginRequest{Email: email, Password: password, ClientIP: client.IP, UserAgent: client.UserAgent})
	if err != nil {
		return "", nil, nil, err
	}
	return res.Token, res.Session, res.Agent, nil
}

// SignIn checks an agent's email and password and opens a session. Unknown email, wrong
// password and disabled agent all fail alike with unauthenticated "invalid email or password"
// after the same amount of hashing work. Repeated failures lock further attempts out for a while
// (rate_limited, the remaining time in the error's RetryAfter; see throttle.go), and a burst of
// hashing past the Hasher's cap is shed with overloaded. Every refusal is logged with its reason.
func (s *Service) SignIn(ctx context.Context, req LoginRequest) (*LoginResult, error) {
	email := strings.TrimSpace(req.Email)
	acct, err := s.account(ctx, email)
	if err != nil {
		return nil, err
	}
	device := ""
	if acct != nil {
		device = s.knownDevice(req.Device, acct.ID)
	}
	subjects := s.loginSubjects(email, acct, device, req.ClientIP)
	if err := s.admit(ctx, subjects, acct, req.ClientIP); err != nil {
		return nil, err
	}
	agent, reason, err := s.checkPassword(ctx, acct, req.Password)
	if err != nil {
		// Shed before any hash was compared: no guess was made, so the attempt is taken back.
		s.takeBack(ctx, subjects)
		s.refuse(ctx, "overloaded", acct, req.ClientIP)
		return nil, err
	}
	if reason != "" { // already counted by admit
		s.refuse(ctx, reason, acct, req.ClientIP)
		s.auditLoginFailed(ctx, acct, req.ClientIP)
		return nil, kefu.Errorf(kefu.CodeUnauthenticated, "invalid email or password")
	}
	// Two-factor agents get a challenge, not a session. This attempt is taken back, but the
	// account's failures are only cleared once the code is right, so retrying a known password
	// cannot clear failed codes.
	if ch, err := s.secondStep(ctx, agent); ch != nil || err != nil {
		s.takeBack(ctx, subjects)
		return nil, cmp.Or[error](err, ch)
	}
	s.forgiveAttempt(ctx, subjects)
	return s.signedIn(s.auditSignedIn(ctx, agent), agent, device, SessionClient{IP: req.ClientIP, UserAgent: req.UserAgent})
}

// admit refuses an attempt that a subject's lockout holds back, first from the stored counts
// (a locked-out attempt is not counted again), then as the attempt is counted (see
// countAttempt).
func (s *Service) admit(ctx context.Context, subjects []subject, acct *kefu.Agent, clientIP string) error {
	sub, d, err := s.lockedOut(ctx, subjects)
	if err == nil && d == 0 {
		sub, d, err = s.countAttempt(ctx, subjects)
	}
	if err != nil {
		return err
	}
	if d > 0 {
		s.refuse(ctx, sub.reason, acct, clientIP)
		return rateLimited(d)
	}
	return nil
}

// account returns the agent with email, or nil when there is none.
func (s *Service) account(ctx context.Context, email string) (*kefu.Agent, error) {
	if email == "" {
		return nil, nil
	}
	agent, err := s.store.GetAgentByEmail(ctx, email)
	if kefu.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, kefu.Internal(err)
	}
	return agent, nil
}

// checkPassword checks password against acct, spending the same hashing work when acct is nil.
// It returns the agent on success, else why the attempt failed; err is only for a shed hash.
func (s *Service) checkPassword(ctx context.Context, acct *kefu.Agent, password string) (*kefu.Agent, string, error) {
	if password == "" || len(password) > passwordMaxByte || acct == nil {
		if _, err := s.hasher.Verify(ctx, s.dummy(), password); err != nil {
			return nil, "", err
		}
		return nil, failReason(acct), nil
	}
	ok, err := s.hasher.Verify(ctx, acct.PasswordHash, password)
	if err != nil && !errors.Is(err, errPHC) {
		return nil, "", err // shed, or the caller left
	}
	switch {
	case err != nil:
		// A corrupt hash is our bug, but the caller still just gets "invalid".
		s.log.ErrorContext(ctx, "bad password hash", "agent_id", acct.ID, "err", err)
		return nil, "bad_hash", nil
	case !ok:
		return nil, "wrong_password", nil
	case acct.Disabled:
		return nil, "disabled", nil
	}
	acct.PasswordHash = ""
	return acct, "", nil
}

// failReason names a failure decided before any hash was compared.
func failReason(acct *kefu.Agent) string {
	if acct == nil {
		return "unknown_email"
	}
	return "bad_password_length"
}

// dummy returns a hash to verify against when there is no account: a valid argon2id PHC string
// with the current parameters and random salt and key, so verifying it costs exactly what a
// real check costs (and never matches). Building it costs nothing, so it needs no caching.
func (s *Service) dummy() string {
	p := s.hasher.Params()
	return formatPHC(p, randomBytes(saltLen), randomBytes(keyLen))
}

// refuse logs a refused sign-in. The reason (unknown e-mail included) is for the operator's log
// only; the client always gets the same answer.
func (s *Service) refuse(ctx context.Context, reason string, acct *kefu.Agent, clientIP string) {
	attrs := []any{"reason", reason, "client_ip", clientIP}
	if acct != nil {
		attrs = append(attrs, "org_id", acct.OrgID, "agent_id", acct.ID)
	}
	s.log.WarnContext(ctx, "login refused", attrs...)
}

// signedIn opens the session and renews the device cookie.
func (s *Service) signedIn(ctx context.Context, agent *kefu.Agent, device string, client SessionClient) (*LoginResult, error) {
	token, sess, err := s.openSession(ctx, agent, client.clean())
	if err != nil {
		return nil, err
	}
	s.log.InfoContext(ctx, "login", "org_id", agent.OrgID, "agent_id", agent.ID, "client_ip", client.IP)
	res := &LoginResult{Token: token, Session: sess, Agent: agent}
	res.Device, res.DeviceExpires = s.issueDevice(agent.ID, device)
	return res, nil
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
	sess.CSRFToken = s.csrfToken(hash) // derived, never stored
	return token, sess, nil
}

// Logout ends the session of token and closes its open connections. Logging out an unknown or
// already ended session succeeds.
func (s *Service) Logout(ctx context.Context, token string) error {
	ctx = s.auditLogout(ctx, token)
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
