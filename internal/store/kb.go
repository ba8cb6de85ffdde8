package store

import (
	"context"
	"encoding/json"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

const articleColumns = `id, org_id, title, body, category, locale, status, questions, created_at, updated_at, updated_by`

func scanArticle(row scanner) (*kefu.Article, error) {
	var (
		a                kefu.Article
		questions        string
		created, updated int64
	)
	err := row.Scan(&a.ID, &a.OrgID, &a.Title, &a.Body, &a.Category, &a.Locale, &a.Status, &questions, &created, &updated, &a.UpdatedBy)
	if err != nil {
		return nil, dbError(err)
	}
	if err := json.Unmarshal([]byte(questions), &a.Questions); err != nil {
		return nil, kefu.Internal(err)
	}
	if a.Questions == nil {
		a.Questions = []string{}
	}
	a.CreatedAt, a.UpdatedAt = fromMicros(created), fromMicros(updated)
	return &a, nil
}

// questionsJSON encodes an article's alternative questions for its questions column.
func questionsJSON(qs []string) string {
	if qs == nil {
		qs = []string{}
	}
	b, _ := json.Marshal(qs) // a []string always encodes
	return string(b)
}

func articleConflict(err error) error {
	if isUniqueViolation(err) {
		return kefu.Errorf(kefu.CodeConflict, "an article with this id already exists")
	}
	return dbError(err)
}

// bumpKB moves the organisation's knowledge-base version on, in the transaction of the change,
// so every process sees that its index is stale once the change is visible.
func (t *Tx) bumpKB(orgID string) error {
	_, err := t.exec(`INSERT INTO kb_versions (org_id, version) VALUES (?, 1)
		ON CONFLICT (org_id) DO UPDATE SET version = kb_versions.version + 1`, orgID)
	return dbError(err)
}

// KBVersion returns the organisation's knowledge-base version: 0 before its first article
// change, then larger after every change. One primary-key read, cheap enough for every search.
func (s *Store) KBVersion(ctx context.Context, orgID string) (int64, error) {
	var v int64
	err := s.reader().queryRow(ctx, `SELECT version FROM kb_versions WHERE org_id = ?`, orgID).Scan(&v)
	if err = dbError(err); kefu.ErrorCode(err) == kefu.CodeNotFound {
		return 0, nil
	}
	return v, err
}

// CreateArticle saves a new article; its id (generated when empty) is unique per organisation.
func (s *Store) CreateArticle(ctx context.Context, a *kefu.Article) error {
	n := *a
	if n.ID == "" {
		n.ID = newID()
	}
	now := s.now()
	n.CreatedAt, n.UpdatedAt = orNow(n.CreatedAt, now), orNow(n.UpdatedAt, now)
	err := s.write(ctx, func(t *Tx) error {
		if err := t.insertArticle(&n); err != nil {
			return err
		}
		return t.bumpKB(n.OrgID)
	})
	if err != nil {
		return err
	}
	*a = n
	return nil
}

func (t *Tx) insertArticle(a *kefu.Article) error {
	_, err := t.exec(`INSERT INTO kb_articles (`+articleColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		a.ID, a.OrgID, a.Title, a.Body, a.Category, a.Locale, a.Status, questionsJSON(a.Questions),
		micros(a.CreatedAt), micros(a.UpdatedAt), a.UpdatedBy)
	return articleConflict(err)
}

// GetArticle returns an article of the organisation.
func (s *Store) GetArticle(ctx context.Context, orgID, id string) (*kefu.Article, error) {
	return scanArticle(s.reader().queryRow(ctx, `SELECT `+articleColumns+` FROM kb_articles WHERE org_id = ? AND id = ?`, orgID, id))
}

// UpdateArticle saves every field of an article but its creation time.
func (s *Store) UpdateArticle(ctx context.Context, a *kefu.Article) error {
	now := s.now()
	err := s.write(ctx, func(t *Tx) error {
		if err := t.updateArticle(a, now); err != nil {
			return err
		}
		return t.bumpKB(a.OrgID)
	})
	if err == nil {
		a.UpdatedAt = now
	}
	return err
}

func (t *Tx) updateArticle(a *kefu.Article, now time.Time) error {
	return mustAffect(t.exec(`UPDATE kb_articles SET title = ?, body = ?, category = ?, locale = ?, status = ?,
		questions = ?, updated_at = ?, updated_by = ? WHERE org_id = ? AND id = ?`,
		a.Title, a.Body, a.Category, a.Locale, a.Status, questionsJSON(a.Questions), micros(now), a.UpdatedBy, a.OrgID, a.ID))
}

// PutArticle creates the article or, when its id exists in the organisation, updates it (an
// import run again changes nothing twice). created says which it did.
func (s *Store) PutArticle(ctx context.Context, a *kefu.Article) (created bool, err error) {
	n := *a
	now := s.now()
	err = s.write(ctx, func(t *Tx) error {
		created = false // the writer may run an op twice
		err := t.updateArticle(&n, now)
		if kefu.ErrorCode(err) == kefu.CodeNotFound {
			created, n.CreatedAt = true, now
			err = t.insertArticle(&n)
		}
		if err != nil {
			return err
		}
		return t.bumpKB(n.OrgID)
	})
	if err != nil {
		return false, err
	}
	n.UpdatedAt = now
	*a = n
	return created, nil
}

// DeleteArticle removes an article of the organisation.
func (s *Store) DeleteArticle(ctx context.Context, orgID, id string) error {
	return s.write(ctx, func(t *Tx) error {
		if err := mustAffect(t.exec(`DELETE FROM kb_articles WHERE org_id = ? AND id = ?`, orgID, id)); err != nil {
			return err
		}
		return t.bumpKB(orgID)
	})
}
