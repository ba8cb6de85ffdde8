package auth

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// SessionClient is what a sign-in records about where it came from, for the session list.
type SessionClient struct {
	IP        string
	UserAgent string
}

// maxUserAgentLen bounds the stored User-Agent: enough to tell browsers apart, and a client
// cannot make the sessions table grow by sending a huge header.
const maxUserAgentLen = 256

// clean trims the User-Agent to maxUserAgentLen bytes without splitting a character.
func (c SessionClient) clean() SessionClient {
	ua := strings.ToValidUTF8(strings.TrimSpace(c.UserAgent), "")
	for len(ua) > maxUserAgentLen {
		_, size := utf8.DecodeLastRuneInString(ua)
		ua = ua[:len(ua)-size]
	}
	return SessionClient{IP: c.IP, UserAgent: ua}
}

// ListSessions returns the actor's own sessions that have not expired, newest first.
func (s *Service) ListSessions(ctx context.Context, actor kefu.Actor) ([]kefu.Session, error) {
	if !actor.IsAgent() {
		return nil, errUnauthenticated()
	}
	all, err := s.store.ListAgentSessions(ctx, actor.OrgID, actor.AgentID)
	if err != nil {
		return nil, err
	}
	now := s.now()
	active := all[:0]
	for _, ss := range all {
		if now.Before(ss.ExpiresAt) {
			active = append(active, ss)
		}
	}
	return active, nil
}

// EndSession signs the actor out of one of their own sessions, found by its public id, and
// closes its open connections. Another agent's session, or an unknown id, is not found.
func (s *Service) EndSession(ctx context.Context, actor kefu.Actor, id string) error {
	sess, err := s.ownSession(ctx, actor, id)
	if err != nil {
		return err
	}
	if err := s.store.DeleteSession(ctx, sess.Hash); err != nil && !kefu.IsNotFound(err) {
		return kefu.Internal(err)
	}
	s.revoker.Session(sess.OrgID, sess.AgentID, sess.ID)
	s.log.InfoContext(ctx, "session ended", "org_id", actor.OrgID, "agent_id", actor.AgentID, "by_session", actor.SessionID != "")
	return nil
}

// ownSession finds the actor's session with public id id.
func (s *Service) ownSession(ctx context.Context, actor kefu.Actor, id string) (*kefu.Session, error) {
	if !actor.IsAgent() {
		return nil, errUnauthenticated()
	}
	all, err := s.store.ListAgentSessions(ctx, actor.OrgID, actor.AgentID)
	if err != nil {
		return nil, err
	}
	for i := range all {
		if all[i].ID == id && id != "" {
			return &all[i], nil
		}
	}
	return nil, kefu.ErrNotFound
}

// CheckCredential re-validates the credential that authenticated actor, as an open connection
// does on its keepalive tick: it returns the actor the credential stands for now, or
// unauthenticated when the session expired or ended, the token was revoked or expired, or the
// agent was disabled. Announced revocations close connections at once; this catches what no
// announcement reached (expiry, a change made by the CLI in another process).
func (s *Service) CheckCredential(ctx context.Context, actor kefu.Actor) (kefu.Actor, error) {
	switch {
	case !actor.IsAgent():
		return kefu.Actor{}, errUnauthenticated()
	case actor.TokenID != "":
		return s.checkToken(ctx, actor)
	}
	return s.checkSession(ctx, actor)
}

func (s *Service) checkSession(ctx context.Context, actor kefu.Actor) (kefu.Actor, error) {
	sess, err := s.ownSession(ctx, actor, actor.SessionID)
	if err != nil {
		return kefu.Actor{}, storeAuthError(err)
	}
	agent, err := s.activeAgent(ctx, actor.OrgID, actor.AgentID)
	if err != nil {
		return kefu.Actor{}, err
	}
	if !s.now().Before(sess.ExpiresAt) {
		return kefu.Actor{}, errUnauthenticated()
	}
	return s.sessionActor(ctx, sess, agent)
}

func (s *Service) checkToken(ctx context.Context, actor kefu.Actor) (kefu.Actor, error) {
	toks, err := s.store.ListAPITokens(ctx, actor.OrgID)
	if err != nil {
		return kefu.Actor{}, storeAuthError(err)
	}
	for i := range toks {
		if toks[i].ID == actor.TokenID {
			return s.tokenActor(ctx, &toks[i])
		}
	}
	return kefu.Actor{}, errUnauthenticated()
}
