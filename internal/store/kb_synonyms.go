package store

import (
	"context"
	"encoding/json"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

const synonymColumns = `id, org_id, terms, created_at, updated_at`

func scanSynonymGroup(row scanner) (*kefu.SynonymGroup, error) {
	var (
		g                kefu.SynonymGroup
		terms            string
		created, updated int64
	)
	if err := row.Scan(&g.ID, &g.OrgID, &terms, &created, &updated); err != nil {
		return nil, dbError(err)
	}
	if err := json.Unmarshal([]byte(terms), &g.Terms); err != nil {
		return nil, kefu.Internal(err)
	}
	g.CreatedAt, g.UpdatedAt = fromMicros(created), fromMicros(updated)
	return &g, nil
}

// ListKBSynonyms returns the organisation's synonym groups, the oldest first, so a list in
// the workspace keeps its order as groups are edited.
func (s *Store) ListKBSynonyms(ctx context.Context, orgID string) ([]kefu.SynonymGroup, error) {
	rows, err := s.reader().query(ctx, `SELECT `+synonymColumns+` FROM kb_synonyms WHERE org_id = ? ORDER BY created_at, id`, orgID)
	if err != nil {
		return nil, kefu.Internal(err)
	}
	defer rows.Close()
	out := []kefu.SynonymGroup{}
	for rows.Next() {
		g, err := scanSynonymGroup(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *g)
	}
	return out, dbError(rows.Err())
}

// PutKBSynonym saves a synonym group: it updates the group when its id exists in the
// organisation, else creates it (its id generated when empty). A creation past
// kefu.MaxSynonymGroups fails with a conflict. On success g holds the stored group.
func (s *Store) PutKBSynonym(ctx context.Context, g *kefu.SynonymGroup) error {
	n := *g
	if n.ID == "" {
		n.ID = newID()
	}
	now := s.now()
	err := s.write(ctx, func(t *Tx) error {
		// Bumping first locks the organisation's version row (PostgreSQL), so two processes
		// creating groups count them one after the other and cannot both take the last slot.
		if err := t.bumpKB(n.OrgID); err != nil {
			return err
		}
		created, err := t.updateSynonymGroup(&n, now)
		if kefu.ErrorCode(err) == kefu.CodeNotFound {
			n.CreatedAt = created
			err = t.insertSynonymGroup(&n, now)
		} else if err == nil {
			n.CreatedAt = created
		}
		return err
	})
	if err != nil {
		return err
	}
	n.UpdatedAt = now
	*g = n
	return nil
}

// UpdateKBSynonym rewrites an existing group's terms and bumps the organisation's knowledge-base
// version in the same transaction; not found when the group does not exist (deleted meanwhile:
// an update never brings a group back).
func (s *Store) UpdateKBSynonym(ctx context.Context, g *kefu.SynonymGroup) error {
	n, now := *g, s.now()
	err := s.write(ctx, func(t *Tx) error {
		if err := t.bumpKB(n.OrgID); err != nil {
			return err
		}
		var err error
		n.CreatedAt, err = t.updateSynonymGroup(&n, now)
		return err
	})
	if err != nil {
		return err
	}
	n.UpdatedAt = now
	*g = n
	return nil
}

// updateSynonymGroup rewrites an existing group's terms and returns its creation time; not
// found when the organisation has no group of that id.
func (t *Tx) updateSynonymGroup(g *kefu.SynonymGroup, now time.Time) (time.Time, error) {
	err := mustAffect(t.exec(`UPDATE kb_synonyms SET terms = ?, updated_at = ? WHERE org_id = ? AND id = ?`,
		questionsJSON(g.Terms), micros(now), g.OrgID, g.ID))
	if err != nil {
		return now, err
	}
	var created int64
	err = t.c.queryRow(t.ctx, `SELECT created_at FROM kb_synonyms WHERE org_id = ? AND id = ?`, g.OrgID, g.ID).Scan(&created)
	return fromMicros(created), dbError(err)
}

// insertSynonymGroup adds a group unless the organisation has its maximum already.
func (t *Tx) insertSynonymGroup(g *kefu.SynonymGroup, now time.Time) error {
	var count int
	if err := t.c.queryRow(t.ctx, `SELECT COUNT(*) FROM kb_synonyms WHERE org_id = ?`, g.OrgID).Scan(&count); err != nil {
		return dbError(err)
	}
	if count >= kefu.MaxSynonymGroups {
		return kefu.Errorf(kefu.CodeConflict, "an organisation has at most %d synonym groups", kefu.MaxSynonymGroups)
	}
	_, err := t.exec(`INSERT INTO kb_synonyms (`+synonymColumns+`) VALUES (?, ?, ?, ?, ?)`,
		g.ID, g.OrgID, questionsJSON(g.Terms), micros(g.CreatedAt), micros(now))
	return dbError(err)
}

// DeleteKBSynonym removes a synonym group of the organisation.
func (s *Store) DeleteKBSynonym(ctx context.Context, orgID, id string) error {
	return s.write(ctx, func(t *Tx) error {
		if err := mustAffect(t.exec(`DELETE FROM kb_synonyms WHERE org_id = ? AND id = ?`, orgID, id)); err != nil {
			return err
		}
		return t.bumpKB(orgID)
	})
}
