package store

import (
	"context"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// ListArticles returns the organisation's articles matching f, the latest changed first.
func (s *Store) ListArticles(ctx context.Context, orgID string, f kefu.ArticleFilter) ([]kefu.Article, error) {
	q, args := `SELECT `+articleColumns+` FROM kb_articles WHERE org_id = ?`, []any{orgID}
	for _, c := range []struct{ col, v string }{{"status", f.Status}, {"category", f.Category}, {"locale", f.Locale}} {
		if c.v != "" {
			q += ` AND ` + c.col + ` = ?`
			args = append(args, c.v)
		}
	}
	q += ` ORDER BY updated_at DESC, id`
	if f.Limit > 0 {
		q += ` LIMIT ?`
		args = append(args, f.Limit)
	}
	rows, err := s.reader().query(ctx, q, args...)
	if err != nil {
		return nil, kefu.Internal(err)
	}
	defer rows.Close()
	out := []kefu.Article{}
	for rows.Next() {
		a, err := scanArticle(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *a)
	}
	return out, dbError(rows.Err())
}

// ArticleCategories returns the distinct non-empty categories of the organisation's articles,
// sorted: categories are free text, listed from the articles that use them.
func (s *Store) ArticleCategories(ctx context.Context, orgID string) ([]string, error) {
	out, err := s.reader().strings(ctx, `SELECT DISTINCT category FROM kb_articles
		WHERE org_id = ? AND category <> '' ORDER BY category`, orgID)
	if out == nil {
		out = []string{}
	}
	return out, err
}
