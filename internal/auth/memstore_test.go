package auth

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// memStore is an in-memory Store with the semantics the real store promises (kefu.ErrNotFound
// for missing rows). It also counts touches, so tests can check the once-a-minute limit.
type memStore struct {
	mu            sync.Mutex
	agents        map[string]*kefu.Agent // by id
	sessions      map[string]*kefu.Session
	tokens        map[string]*kefu.APIToken // by hash
	failures      map[string]kefu.LoginFailures
	sessionTouch  int
	tokenTouch    int
	failGetByMail error
}

func newMemStore() *memStore {
	return &memStore{
		agents:   map[string]*kefu.Agent{},
		sessions: map[string]*kefu.Session{},
		tokens:   map[string]*kefu.APIToken{},
		failures: map[string]kefu.LoginFailures{},
	}
}

func (m *memStore) addAgent(a kefu.Agent) *kefu.Agent {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.agents[a.ID] = &a
	return &a
}

func (m *memStore) setAgent(id string, f func(*kefu.Agent)) {
	m.mu.Lock()
	defer m.mu.Unlock()
	f(m.agents[id])
}

func (m *memStore) GetAgentByEmail(_ context.Context, email string) (*kefu.Agent, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.failGetByMail != nil {
		return nil, m.failGetByMail
	}
	for _, a := range m.agents {
		if strings.EqualFold(a.Email, email) {
			c := *a
			return &c, nil
		}
	}
	return nil, kefu.ErrNotFound
}

func (m *memStore) GetAgent(_ context.Context, orgID, id string) (*kefu.Agent, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	a, ok := m.agents[id]
	if !ok || a.OrgID != orgID {
		return nil, kefu.ErrNotFound
	}
	c := *a
	if c.Perms == 0 {
		c.Perms = c.Role.Permissions() // as the store resolves a built-in role
	}
	return &c, nil
}

// AgentTeamScope: the memory store has no teams.
func (m *memStore) AgentTeamScope(context.Context, string, string) ([]string, []string, error) {
	return nil, nil, nil
}

func (m *memStore) CreateSession(_ context.Context, s *kefu.Session) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	c := *s
	m.sessions[string(s.Hash)] = &c
	return nil
}

func (m *memStore) GetSession(_ context.Context, hash []byte) (*kefu.Session, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, ok := m.sessions[string(hash)]
	if !ok {
		return nil, kefu.ErrNotFound
	}
	c := *s
	return &c, nil
}

func (m *memStore) GetSessionAgent(ctx context.Context, hash []byte) (*kefu.Session, *kefu.Agent, error) {
	s, err := m.GetSession(ctx, hash)
	if err != nil {
		return nil, nil, err
	}
	a, err := m.GetAgent(ctx, s.OrgID, s.AgentID)
	if err != nil {
		return nil, nil, err
	}
	return s, a, nil
}

func (m *memStore) TouchSession(_ context.Context, hash []byte, lastSeen, expires time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, ok := m.sessions[string(hash)]
	if !ok {
		return kefu.ErrNotFound
	}
	s.LastSeenAt, s.ExpiresAt = lastSeen, expires
	m.sessionTouch++
	return nil
}

func (m *memStore) DeleteOtherAgentSessions(_ context.Context, orgID, agentID string, keep []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for h, sess := range m.sessions {
		if sess.OrgID == orgID && sess.AgentID == agentID && h != string(keep) {
			delete(m.sessions, h)
		}
	}
	return nil
}

func (m *memStore) DeleteSession(_ context.Context, hash []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.sessions[string(hash)]; !ok {
		return kefu.ErrNotFound
	}
	delete(m.sessions, string(hash))
	return nil
}

func (m *memStore) CreateAPIToken(_ context.Context, t *kefu.APIToken) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	c := *t
	m.tokens[string(t.Hash)] = &c
	return nil
}

func (m *memStore) GetAPITokenByHash(ctx context.Context, hash []byte) (*kefu.APIToken, error) {
	t, err := m.tokenByHash(hash)
	if err == nil && t.Perms == 0 {
		t.Perms = t.Role.Permissions() // as the store resolves a built-in role
	}
	return t, err
}

func (m *memStore) tokenByHash(hash []byte) (*kefu.APIToken, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	t, ok := m.tokens[string(hash)]
	if !ok {
		return nil, kefu.ErrNotFound
	}
	c := *t
	return &c, nil
}

func (m *memStore) TouchAPIToken(_ context.Context, id string, at time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, t := range m.tokens {
		if t.ID == id {
			t.LastUsedAt = &at
			m.tokenTouch++
			return nil
		}
	}
	return kefu.ErrNotFound
}

func (m *memStore) setToken(id string, f func(*kefu.APIToken)) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, t := range m.tokens {
		if t.ID == id {
			f(t)
		}
	}
}

func (m *memStore) touches() (sessions, tokens int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.sessionTouch, m.tokenTouch
}

func (m *memStore) DeleteExpiredSessions(_ context.Context, now time.Time) (int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var n int64
	for h, s := range m.sessions {
		if s.ExpiresAt.Before(now) {
			delete(m.sessions, h)
			n++
		}
	}
	return n, nil
}

func (m *memStore) LoginFailures(_ context.Context, subjects []string) ([]kefu.LoginFailures, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []kefu.LoginFailures
	for _, sub := range subjects {
		if f, ok := m.failures[sub]; ok {
			out = append(out, f)
		}
	}
	return out, nil
}

func (m *memStore) AddLoginFailure(_ context.Context, subject string, at, forgetBefore time.Time) (int, time.Time, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	f := m.failures[subject]
	prev := f.LastFailedAt
	if prev.Before(forgetBefore) {
		f.Failures = 0
	}
	f.Subject, f.Failures, f.LastFailedAt = subject, f.Failures+1, at
	m.failures[subject] = f
	return f.Failures, prev, nil
}

func (m *memStore) ClearLoginFailures(_ context.Context, subjects []string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, sub := range subjects {
		delete(m.failures, sub)
	}
	return nil
}

func (m *memStore) DeleteLoginFailuresBefore(_ context.Context, before time.Time) (int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var n int64
	for sub, f := range m.failures {
		if f.LastFailedAt.Before(before) {
			delete(m.failures, sub)
			n++
		}
	}
	return n, nil
}

func (m *memStore) ForgiveLoginFailure(_ context.Context, subject string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if f, ok := m.failures[subject]; ok && f.Failures > 0 {
		f.Failures--
		m.failures[subject] = f
	}
	return nil
}

func (m *memStore) ListAgentSessions(_ context.Context, orgID, agentID string) ([]kefu.Session, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := []kefu.Session{}
	for _, s := range m.sessions {
		if s.OrgID == orgID && s.AgentID == agentID {
			c := *s
			c.ID = kefu.SessionID(c.Hash)
			out = append(out, c)
		}
	}
	return out, nil
}

func (m *memStore) ListAPITokens(_ context.Context, orgID string) ([]kefu.APIToken, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := []kefu.APIToken{}
	for _, t := range m.tokens {
		if t.OrgID == orgID {
			out = append(out, *t)
		}
	}
	return out, nil
}
