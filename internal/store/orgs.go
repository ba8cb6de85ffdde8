package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// CountOrgs returns how many organisations exist; zero means the first-run setup is pending.
func (s *Store) CountOrgs(ctx context.Context) (int, error) {
	var n int
	if err := s.reader().queryRow(ctx, `SELECT COUNT(*) FROM orgs`).Scan(&n); err != nil {
		return 0, kefu.Internal(err)
	}
	return n, nil
}

// CreateOrgWithOwner creates an organisation and its first agent in one transaction, so setup
// never leaves an org nobody can sign in to.
func (s *Store) CreateOrgWithOwner(ctx context.Context, org *kefu.Org, owner *kefu.Agent) error {
	o, a := *org, *owner
	prepareOrg(&o, s.now())
	a.OrgID = o.ID
	prepareAgent(&a, s.now())
	err := s.write(ctx, func(t *Tx) error {
		if err := insertOrg(t, &o); err != nil {
			return err
		}
		return insertAgent(t, &a)
	})
	if err != nil {
		return err
	}
	*org, *owner = o, a
	return nil
}

// CreateOrg creates an organisation.
func (s *Store) CreateOrg(ctx context.Context, org *kefu.Org) error {
	o := *org
	prepareOrg(&o, s.now())
	if err := s.write(ctx, func(t *Tx) error { return insertOrg(t, &o) }); err != nil {
		return err
	}
	*org = o
	return nil
}

func prepareOrg(o *kefu.Org, now time.Time) {
	if o.ID == "" {
		o.ID = newID()
	}
	o.CreatedAt, o.UpdatedAt = orNow(o.CreatedAt, now), orNow(o.UpdatedAt, now)
}

func insertOrg(t *Tx, o *kefu.Org) error {
	_, err := t.exec(`INSERT INTO orgs (id, name, settings, event_seq, created_at, updated_at)
		VALUES (?, ?, ?, 0, ?, ?)`, o.ID, o.Name, jsonText(o.Settings), micros(o.CreatedAt), micros(o.UpdatedAt))
	if isUniqueViolation(err) {
		return kefu.Errorf(kefu.CodeConflict, "an organisation with this id already exists")
	}
	if err != nil || !o.Settings.TeamScoping {
		// The column defaults to off; leaving it out lets the upgrade tests fill an older schema.
		return dbError(err)
	}
	_, err = t.exec(`UPDATE orgs SET team_scoping = ? WHERE id = ?`, true, o.ID)
	return dbError(err)
}

// GetOrg returns an organisation by id.
func (s *Store) GetOrg(ctx context.Context, id string) (*kefu.Org, error) {
	row := s.reader().queryRow(ctx, `SELECT id, name, settings, created_at, updated_at FROM orgs WHERE id = ?`, id)
	var (
		o                kefu.Org
		settings         string
		created, updated int64
	)
	if err := row.Scan(&o.ID, &o.Name, &settings, &created, &updated); err != nil {
		return nil, dbError(err)
	}
	if err := json.Unmarshal([]byte(settings), &o.Settings); err != nil {
		return nil, kefu.Internal(fmt.Errorf("decode org settings: %w", err))
	}
	o.CreatedAt, o.UpdatedAt = fromMicros(created), fromMicros(updated)
	return &o, nil
}

// UpdateOrg saves the name and settings of an organisation.
func (s *Store) UpdateOrg(ctx context.Context, org *kefu.Org) error {
	now := s.now()
	err := s.write(ctx, func(t *Tx) error {
		return mustAffect(t.exec(`UPDATE orgs SET name = ?, settings = ?, updated_at = ?, team_scoping = ? WHERE id = ?`,
			org.Name, jsonText(org.Settings), micros(now), org.Settings.TeamScoping, org.ID))
	})
	if err != nil {
		return err
	}
	org.UpdatedAt = now
	return nil
}
