package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

const tokenColumns = `id, org_id, agent_id, name, role, prefix, hash, created_at, last_used_at, expires_at, revoked_at`

// tokenSelect reads tokens (alias t) with their custom role's permissions.
var tokenSelect = `SELECT ` + qualified("t", tokenColumns) + `, t.custom_role_id, COALESCE(r.permissions, 0)
	FROM api_tokens t LEFT JOIN custom_roles r ON r.id = t.custom_role_id `

func scanToken(row scanner) (*kefu.APIToken, error) {
	var (
		tk                      kefu.APIToken
		created                 int64
		lastUsed, expires, revd sql.NullInt64
	)
	var (
		customRole *string
		perms      int64
	)
	err := row.Scan(&tk.ID, &tk.OrgID, &tk.AgentID, &tk.Name, &tk.Role, &tk.Prefix, &tk.Hash, &created,
		&lastUsed, &expires, &revd, &customRole, &perms)
	if err != nil {
		return nil, dbError(err)
	}
	tk.Perms = tk.Role.Permissions()
	if customRole != nil {
		tk.CustomRoleID, tk.Perms = *customRole, kefu.PermSet(perms)
	}
	tk.CreatedAt = fromMicros(created)
	tk.LastUsedAt, tk.ExpiresAt, tk.RevokedAt = fromNullMicros(lastUsed), fromNullMicros(expires), fromNullMicros(revd)
	return &tk, nil
}

// CreateAPIToken stores a token; only its hash is kept.
func (s *Store) CreateAPIToken(ctx context.Context, tk *kefu.APIToken) error {
	c := *tk
	if c.ID == "" {
		c.ID = newID()
	}
	c.CreatedAt = orNow(c.CreatedAt, s.now())
	c.LastUsedAt, c.ExpiresAt, c.RevokedAt = normTimePtr(c.LastUsedAt), normTimePtr(c.ExpiresAt), normTimePtr(c.RevokedAt)
	err := s.write(ctx, func(t *Tx) error {
		if err := checkAgentsInOrg(t, c.OrgID, []string{c.AgentID}); err != nil {
			return err
		}
		cols, args := tokenColumns, []any{c.ID, c.OrgID, c.AgentID, c.Name, string(c.Role), c.Prefix, c.Hash,
			micros(c.CreatedAt), nullMicros(c.LastUsedAt), nullMicros(c.ExpiresAt), nullMicros(c.RevokedAt)}
		if c.CustomRoleID != "" { // left out otherwise, so an older schema stays fillable
			cols, args = cols+`, custom_role_id`, append(args, c.CustomRoleID)
		}
		_, err := t.exec(`INSERT INTO api_tokens (`+cols+`) VALUES (`+placeholders(len(args))+`)`, args...)
		if isForeignKeyViolation(err) && c.CustomRoleID != "" {
			return kefu.FieldError("custom_role_id", "no such custom role")
		}
		if isUniqueViolation(err) {
			return kefu.Errorf(kefu.CodeConflict, "this token already exists")
		}
		return dbError(err)
	})
	if err != nil {
		return err
	}
	*tk = c
	return nil
}

// GetAPITokenByHash finds a token in any organisation by the hash of its secret. Revoked and
// expired tokens are returned too; the caller decides.
func (s *Store) GetAPITokenByHash(ctx context.Context, hash []byte) (*kefu.APIToken, error) {
	return scanToken(s.reader().queryRow(ctx, tokenSelect+`WHERE t.hash = ?`, hash))
}

// ListAPITokens returns the organisation's tokens, newest first.
func (s *Store) ListAPITokens(ctx context.Context, orgID string) ([]kefu.APIToken, error) {
	rows, err := s.reader().query(ctx, tokenSelect+`WHERE t.org_id = ?
		ORDER BY t.created_at DESC, t.id DESC`, orgID)
	if err != nil {
		return nil, kefu.Internal(err)
	}
	defer rows.Close()
	tokens := []kefu.APIToken{}
	for rows.Next() {
		tk, err := scanToken(rows)
		if err != nil {
			return nil, err
		}
		tokens = append(tokens, *tk)
	}
	return tokens, dbError(rows.Err())
}

// RevokeAPIToken marks a token revoked at the given time. Revoking twice keeps the first time.
func (s *Store) RevokeAPIToken(ctx context.Context, orgID, id string, at time.Time) error {
	return s.write(ctx, func(t *Tx) error {
		return mustAffect(t.exec(`UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE org_id = ? AND id = ?`,
			micros(at), orgID, id))
	})
}

// TouchAPIToken records when a token was last used.
func (s *Store) TouchAPIToken(ctx context.Context, id string, at time.Time) error {
	return s.write(ctx, func(t *Tx) error {
		return mustAffect(t.exec(`UPDATE api_tokens SET last_used_at = ? WHERE id = ?`, micros(at), id))
	})
}
