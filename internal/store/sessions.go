package store

import (
	"context"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// CreateSession stores a sign-in; only the hash of the session token is kept.
func (s *Store) CreateSession(ctx context.Context, ss *kefu.Session) error {
	c := *ss
	now := s.now()
	c.CreatedAt, c.LastSeenAt, c.ExpiresAt = orNow(c.CreatedAt, now), orNow(c.LastSeenAt, now), normTime(c.ExpiresAt)
	err := s.write(ctx, func(t *Tx) error {
		if err := checkAgentsInOrg(t, c.OrgID, []string{c.AgentID}); err != nil {
			return err
		}
		_, err := t.exec(`INSERT INTO sessions (hash, org_id, agent_id, csrf_token, created_at, expires_at, last_seen_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`,
			c.Hash, c.OrgID, c.AgentID, c.CSRFToken, micros(c.CreatedAt), micros(c.ExpiresAt), micros(c.LastSeenAt))
		if isUniqueViolation(err) {
			return kefu.Errorf(kefu.CodeConflict, "this session already exists")
		}
		return dbError(err)
	})
	if err != nil {
		return err
	}
	*ss = c
	return nil
}

// GetSession finds a session by token hash. Expired sessions are returned too; the caller decides.
func (s *Store) GetSession(ctx context.Context, hash []byte) (*kefu.Session, error) {
	var (
		ss                         kefu.Session
		created, expires, lastSeen int64
	)
	err := s.reader().queryRow(ctx, `SELECT hash, org_id, agent_id, csrf_token, created_at, expires_at, last_seen_at
		FROM sessions WHERE hash = ?`, hash).Scan(&ss.Hash, &ss.OrgID, &ss.AgentID, &ss.CSRFToken, &created, &expires, &lastSeen)
	if err != nil {
		return nil, dbError(err)
	}
	ss.CreatedAt, ss.ExpiresAt, ss.LastSeenAt = fromMicros(created), fromMicros(expires), fromMicros(lastSeen)
	return &ss, nil
}

// GetSessionAgent returns a session with the agent it belongs to, in one query: every
// authenticated request needs both, and on SQLite's read pool each query costs a cold B-tree
// descent after any commit. A session whose agent is gone is not found.
func (s *Store) GetSessionAgent(ctx context.Context, hash []byte) (*kefu.Session, *kefu.Agent, error) {
	var (
		ss                         kefu.Session
		created, expires, lastSeen int64
	)
	row := s.reader().queryRow(ctx, sessionAgentQuery, hash)
	agent, err := scanAgent(row, &ss.Hash, &ss.OrgID, &ss.AgentID, &ss.CSRFToken, &created, &expires, &lastSeen)
	if err != nil {
		return nil, nil, err
	}
	ss.CreatedAt, ss.ExpiresAt, ss.LastSeenAt = fromMicros(created), fromMicros(expires), fromMicros(lastSeen)
	return &ss, agent, nil
}

// sessionAgentQuery is GetSessionAgent's statement, built once: it runs on every authenticated
// request.
var sessionAgentQuery = `SELECT s.hash, s.org_id, s.agent_id, s.csrf_token, s.created_at, s.expires_at,
	s.last_seen_at, ` + qualified("a", agentColumns) + `, COALESCE(r.permissions, 0), o.team_scoping
	FROM sessions s JOIN agents a ON a.org_id = s.org_id AND a.id = s.agent_id
	JOIN orgs o ON o.id = a.org_id LEFT JOIN custom_roles r ON r.id = a.custom_role_id WHERE s.hash = ?`

// TouchSession records activity and slides the expiry.
func (s *Store) TouchSession(ctx context.Context, hash []byte, lastSeen, expires time.Time) error {
	return s.write(ctx, func(t *Tx) error {
		return mustAffect(t.exec(`UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE hash = ?`,
			micros(lastSeen), micros(expires), hash))
	})
}

// DeleteSession signs a session out. Deleting a missing session is not an error: sign-out is idempotent.
func (s *Store) DeleteSession(ctx context.Context, hash []byte) error {
	return s.write(ctx, func(t *Tx) error {
		_, err := t.exec(`DELETE FROM sessions WHERE hash = ?`, hash)
		return dbError(err)
	})
}

// DeleteAgentSessions signs an agent out everywhere, e.g. after a password change or disabling.
func (s *Store) DeleteAgentSessions(ctx context.Context, orgID, agentID string) error {
	return s.write(ctx, func(t *Tx) error {
		_, err := t.exec(`DELETE FROM sessions WHERE org_id = ? AND agent_id = ?`, orgID, agentID)
		return dbError(err)
	})
}

// DeleteOtherAgentSessions signs an agent out everywhere except the session keepHash: what a
// password change does, so a thief holding an old session loses it.
func (s *Store) DeleteOtherAgentSessions(ctx context.Context, orgID, agentID string, keepHash []byte) error {
	return s.write(ctx, func(t *Tx) error {
		_, err := t.exec(`DELETE FROM sessions WHERE org_id = ? AND agent_id = ? AND hash <> ?`, orgID, agentID, keepHash)
		return dbError(err)
	})
}

// DeleteExpiredSessions removes sessions that expired before now and returns how many.
func (s *Store) DeleteExpiredSessions(ctx context.Context, now time.Time) (int64, error) {
	var n int64
	err := s.write(ctx, func(t *Tx) error {
		res, err := t.exec(`DELETE FROM sessions WHERE expires_at < ?`, micros(now))
		if err != nil {
			return dbError(err)
		}
		n, err = res.RowsAffected()
		return err
	})
	return n, err
}
