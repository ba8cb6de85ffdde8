package store

import (
	"context"

	"github.com/kefu-dev/kefu/internal/kefu"
)

const cannedColumns = `id, org_id, owner_id, shortcut, content, created_at, updated_at`

func scanCanned(row scanner) (*kefu.CannedReply, error) {
	var (
		c                kefu.CannedReply
		created, updated int64
	)
	if err := row.Scan(&c.ID, &c.OrgID, &c.OwnerID, &c.Shortcut, &c.Content, &created, &updated); err != nil {
		return nil, dbError(err)
	}
	c.CreatedAt, c.UpdatedAt = fromMicros(created), fromMicros(updated)
	return &c, nil
}

func cannedConflict(err error) error {
	if isUniqueViolation(err) {
		return kefu.Errorf(kefu.CodeConflict, "a canned reply with this shortcut already exists")
	}
	return dbError(err)
}

// CreateCannedReply saves a canned reply; shortcuts are unique per owner ("" = shared).
func (s *Store) CreateCannedReply(ctx context.Context, c *kefu.CannedReply) error {
	n := *c
	if n.ID == "" {
		n.ID = newID()
	}
	now := s.now()
	n.CreatedAt, n.UpdatedAt = orNow(n.CreatedAt, now), orNow(n.UpdatedAt, now)
	err := s.write(ctx, func(t *Tx) error {
		_, err := t.exec(`INSERT INTO canned_replies (`+cannedColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			n.ID, n.OrgID, n.OwnerID, n.Shortcut, n.Content, micros(n.CreatedAt), micros(n.UpdatedAt))
		return cannedConflict(err)
	})
	if err != nil {
		return err
	}
	*c = n
	return nil
}

// GetCannedReply returns a canned reply of the organisation.
func (s *Store) GetCannedReply(ctx context.Context, orgID, id string) (*kefu.CannedReply, error) {
	return scanCanned(s.reader().queryRow(ctx, `SELECT `+cannedColumns+` FROM canned_replies WHERE org_id = ? AND id = ?`, orgID, id))
}

// ListCannedReplies returns the shared replies and ownerID's personal ones, by shortcut; search
// "" lists all, else keeps those whose shortcut or content contains it (case-insensitive).
func (s *Store) ListCannedReplies(ctx context.Context, orgID, ownerID, search string) ([]kefu.CannedReply, error) {
	q := `SELECT ` + cannedColumns + ` FROM canned_replies WHERE org_id = ? AND owner_id IN ('', ?)`
	args := []any{orgID, ownerID}
	if search != "" {
		op, pat := s.d.like(), likeContains(search)
		q += ` AND (shortcut ` + op + ` ? ESCAPE '\' OR content ` + op + ` ? ESCAPE '\')`
		args = append(args, pat, pat)
	}
	rows, err := s.reader().query(ctx, q+` ORDER BY shortcut, owner_id LIMIT 500`, args...)
	if err != nil {
		return nil, kefu.Internal(err)
	}
	defer rows.Close()
	out := []kefu.CannedReply{}
	for rows.Next() {
		c, err := scanCanned(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *c)
	}
	return out, dbError(rows.Err())
}

// UpdateCannedReply saves a reply's shortcut and content.
func (s *Store) UpdateCannedReply(ctx context.Context, c *kefu.CannedReply) error {
	now := s.now()
	err := s.write(ctx, func(t *Tx) error {
		res, err := t.exec(`UPDATE canned_replies SET shortcut = ?, content = ?, updated_at = ? WHERE org_id = ? AND id = ?`,
			c.Shortcut, c.Content, micros(now), c.OrgID, c.ID)
		if err != nil {
			return cannedConflict(err)
		}
		return mustAffect(res, nil)
	})
	if err == nil {
		c.UpdatedAt = now
	}
	return err
}

// DeleteCannedReply removes a reply of the organisation.
func (s *Store) DeleteCannedReply(ctx context.Context, orgID, id string) error {
	return s.write(ctx, func(t *Tx) error {
		return mustAffect(t.exec(`DELETE FROM canned_replies WHERE org_id = ? AND id = ?`, orgID, id))
	})
}
