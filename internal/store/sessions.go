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
		_, err := t.exec(`INSERT INTO sessions (`+sessionColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			c.Hash, c.OrgID, c.AgentID, c.CSRFToken, micros(c.CreatedAt), micros(c.ExpiresAt), micros(c.LastSeenAt),
			c.ClientIP, c.UserAgent, c.Enrol2FA)
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

// sessionColumns are the columns scanSession reads, in its order.
const sessionColumns = `hash, org_id, agent_id, csrf_token, created_at, expires_at, last_seen_at, client_ip, user_agent, enrol_2fa`

// scanSession scans sessionColumns, then the columns of after when a query selects more.
func scanSession(row scanner, after ...any) (*kefu.Session, error) {
	var (
		ss                         kefu.Session
		created, expires, lastSeen int64
	)
	err := row.Scan(append([]any{&ss.Hash, &ss.OrgID, &ss.AgentID, &ss.CSRFToken, &created, &expires, &lastSeen,
		&ss.ClientIP, &ss.UserAgent, &ss.Enrol2FA}, after...)...)
	if err != nil {
		return nil, dbError(err)
	}
	ss.ID = kefu.SessionID(ss.Hash)
	ss.CreatedAt, ss.ExpiresAt, ss.LastSeenAt = fromMicros(created), fromMicros(expires), fromMicros(lastSeen)
	return &ss, nil
}

// GetSession finds a session by token hash. Expired sessions are returned too; the caller decides.
func (s *Store) GetSession(ctx context.Context, hash []byte) (*kefu.Session, error) {
	return scanSession(s.reader().queryRow(ctx, `SELECT `+sessionColumns+` FROM sessions WHERE hash = ?`, hash))
}

// GetSessionAgent returns a session with the agent it belongs to, in one query: every
// authenticated request needs both, and on SQLite's read pool each query costs a cold B-tree
// descent after any commit. A session whose agent is gone is not found.
func (s *Store) GetSessionAgent(ctx context.Context, hash []byte) (*kefu.Session, *kefu.Agent, error) {
	var ss *kefu.Session
	agent, err := scanAgent(sessionAgentScanner{row: s.reader().queryRow(ctx, sessionAgentQuery, hash), ss: &ss})
	if err != nil {
		return nil, nil, err
	}
	return ss, agent, nil
}

// sessionAgentScanner lets scanAgent scan the agent's columns after scanSession took the
// session's, from the one row of sessionAgentQuery.
type sessionAgentScanner struct {
	row scanner
	ss  **kefu.Session
}

func (r sessionAgentScanner) Scan(agentDest ...any) error {
	ss, err := scanSession(r.row, agentDest...)
	*r.ss = ss
	return err
}

// sessionAgentQuery is GetSessionAgent's statement, built once: it runs on every authenticated
// request.
var sessionAgentQuery = `SELECT ` + qualified("s", sessionColumns) + `, ` + qualified("a", agentColumns) + `,
	COALESCE(r.permissions, 0), o.team_scoping
	FROM sessions s JOIN agents a ON a.org_id = s.org_id AND a.id = s.agent_id
	JOIN orgs o ON o.id = a.org_id LEFT JOIN custom_roles r ON r.id = a.custom_role_id WHERE s.hash = ?`

// ListAgentSessions returns the agent's sessions, newest first, expired ones included (the
// caller decides): an agent has a handful, so no paging.
func (s *Store) ListAgentSessions(ctx context.Context, orgID, agentID string) ([]kefu.Session, error) {
	rows, err := s.reader().query(ctx, `SELECT `+sessionColumns+` FROM sessions WHERE org_id = ? AND agent_id = ?
		ORDER BY created_at DESC, hash`, orgID, agentID)
	if err != nil {
		return nil, kefu.Internal(err)
	}
	defer rows.Close()
	out := []kefu.Session{}
	for rows.Next() {
		ss, err := scanSession(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *ss)
	}
	return out, dbError(rows.Err())
}

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
