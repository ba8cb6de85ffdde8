package store

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// ListOrgs returns every organisation, oldest first. Only the CLI needs it (`kefu admin create`
// picks the organisation a new owner joins); nothing tenant-facing may call it.
func (s *Store) ListOrgs(ctx context.Context) ([]kefu.Org, error) {
	rows, err := s.reader().query(ctx, `SELECT id, name, settings, created_at, updated_at FROM orgs ORDER BY created_at, id`)
	if err != nil {
		return nil, kefu.Internal(err)
	}
	defer rows.Close()
	orgs := []kefu.Org{}
	for rows.Next() {
		var (
			o                kefu.Org
			settings         string
			created, updated int64
		)
		if err := rows.Scan(&o.ID, &o.Name, &settings, &created, &updated); err != nil {
			return nil, kefu.Internal(err)
		}
		if err := json.Unmarshal([]byte(settings), &o.Settings); err != nil {
			return nil, kefu.Internal(fmt.Errorf("decode org settings: %w", err))
		}
		o.CreatedAt, o.UpdatedAt = fromMicros(created), fromMicros(updated)
		orgs = append(orgs, o)
	}
	if err := rows.Err(); err != nil {
		return nil, kefu.Internal(err)
	}
	return orgs, nil
}
