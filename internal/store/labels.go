package store

import (
	"context"

	"github.com/kefu-dev/kefu/internal/kefu"
)

const labelColumns = `id, org_id, name, color, description, created_at`

func labelConflict(err error) error {
	if isUniqueViolation(err) {
		return kefu.Errorf(kefu.CodeConflict, "a label with this name already exists")
	}
	return dbError(err)
}

// CreateLabel creates a label; names are unique per organisation.
func (s *Store) CreateLabel(ctx context.Context, l *kefu.Label) error {
	c := *l
	if c.ID == "" {
		c.ID = newID()
	}
	c.CreatedAt = orNow(c.CreatedAt, s.now())
	err := s.write(ctx, func(t *Tx) error {
		_, err := t.exec(`INSERT INTO labels (`+labelColumns+`) VALUES (?, ?, ?, ?, ?, ?)`,
			c.ID, c.OrgID, c.Name, c.Color, c.Description, micros(c.CreatedAt))
		return labelConflict(err)
	})
	if err != nil {
		return err
	}
	*l = c
	return nil
}

// ListLabels returns the organisation's labels ordered by name.
func (s *Store) ListLabels(ctx context.Context, orgID string) ([]kefu.Label, error) {
	rows, err := s.reader().query(ctx, `SELECT `+labelColumns+` FROM labels WHERE org_id = ? ORDER BY name`, orgID)
	if err != nil {
		return nil, kefu.Internal(err)
	}
	defer rows.Close()
	labels := []kefu.Label{}
	for rows.Next() {
		var (
			l       kefu.Label
			created int64
		)
		if err := rows.Scan(&l.ID, &l.OrgID, &l.Name, &l.Color, &l.Description, &created); err != nil {
			return nil, kefu.Internal(err)
		}
		l.CreatedAt = fromMicros(created)
		labels = append(labels, l)
	}
	return labels, dbError(rows.Err())
}

// UpdateLabel saves a label's name, color and description. A rename follows through to the
// conversations that carry the label, since they store label names.
func (s *Store) UpdateLabel(ctx context.Context, l *kefu.Label) error {
	return s.write(ctx, func(t *Tx) error {
		var old string
		err := t.c.queryRow(t.ctx, `SELECT name FROM labels WHERE org_id = ? AND id = ?`+t.c.d.forUpdate(),
			l.OrgID, l.ID).Scan(&old)
		if err != nil {
			return dbError(err)
		}
		_, err = t.exec(`UPDATE labels SET name = ?, color = ?, description = ? WHERE org_id = ? AND id = ?`,
			l.Name, l.Color, l.Description, l.OrgID, l.ID)
		if err != nil {
			return labelConflict(err)
		}
		if old == l.Name {
			return nil
		}
		_, err = t.exec(`UPDATE conversation_labels SET label = ? WHERE org_id = ? AND label = ?`, l.Name, l.OrgID, old)
		return dbError(err)
	})
}

// DeleteLabel deletes a label and removes it from every conversation of the organisation.
func (s *Store) DeleteLabel(ctx context.Context, orgID, id string) error {
	return s.write(ctx, func(t *Tx) error {
		var name string
		err := t.c.queryRow(t.ctx, `SELECT name FROM labels WHERE org_id = ? AND id = ?`, orgID, id).Scan(&name)
		if err != nil {
			return dbError(err)
		}
		if _, err := t.exec(`DELETE FROM conversation_labels WHERE org_id = ? AND label = ?`, orgID, name); err != nil {
			return dbError(err)
		}
		return mustAffect(t.exec(`DELETE FROM labels WHERE org_id = ? AND id = ?`, orgID, id))
	})
}
