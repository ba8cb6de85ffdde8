package store

import (
	"context"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// The unanswered questions are the bot_events rows with a status: the questions the bot could
// not answer (kind unanswered) and the answers a customer said did not help (kind
// not_helpful), which editors add to an article or dismiss.

const unansweredColumns = `id, inbox_id, conversation_id, question, kind, article_id, status, created_at`

func scanUnanswered(row scanner) (*kefu.UnansweredQuestion, error) {
	var (
		q       kefu.UnansweredQuestion
		created int64
	)
	if err := row.Scan(&q.ID, &q.InboxID, &q.ConversationID, &q.Question, &q.Reason, &q.BestArticleID, &q.Status, &created); err != nil {
		return nil, dbError(err)
	}
	q.CreatedAt = fromMicros(created)
	return &q, nil
}

// ListUnanswered returns a page of the organisation's unanswered questions with f's status,
// newest first, and the cursor of the next page ("" after the last).
func (s *Store) ListUnanswered(ctx context.Context, orgID string, f kefu.UnansweredFilter) ([]kefu.UnansweredQuestion, string, error) {
	limit := clampLimit(f.Limit, 50, 100)
	// status <> '' repeats the partial index's predicate, so the planner may use it.
	where, args := `org_id = ? AND status = ? AND status <> ''`, []any{orgID, f.Status}
	if f.InboxID != "" {
		where, args = where+` AND inbox_id = ?`, append(args, f.InboxID)
	}
	if f.Cursor != "" {
		cur, err := decodeCursor(f.Cursor)
		if err != nil {
			return nil, "", err
		}
		where += ` AND (created_at < ? OR (created_at = ? AND id < ?))`
		args = append(args, cur.Key, cur.Key, cur.ID)
	}
	page, err := s.queryUnanswered(ctx, `SELECT `+unansweredColumns+` FROM bot_events WHERE `+where+`
		ORDER BY created_at DESC, id DESC LIMIT ?`, append(args, limit+1)...)
	if err != nil || len(page) <= limit {
		return page, "", err
	}
	last := page[limit-1]
	return page[:limit], encodeCursor(micros(last.CreatedAt), last.ID), nil
}

func (s *Store) queryUnanswered(ctx context.Context, query string, args ...any) ([]kefu.UnansweredQuestion, error) {
	rows, err := s.reader().query(ctx, query, args...)
	if err != nil {
		return nil, kefu.Internal(err)
	}
	defer rows.Close()
	out := []kefu.UnansweredQuestion{}
	for rows.Next() {
		q, err := scanUnanswered(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *q)
	}
	return out, dbError(rows.Err())
}

// GetUnanswered returns one unanswered question of the organisation; an event that is not one
// is not found.
func (s *Store) GetUnanswered(ctx context.Context, orgID, id string) (*kefu.UnansweredQuestion, error) {
	return scanUnanswered(s.reader().queryRow(ctx, `SELECT `+unansweredColumns+` FROM bot_events
		WHERE org_id = ? AND id = ? AND status <> ''`, orgID, id))
}

// SetUnansweredStatus moves an open question to status (added or dismissed) and returns it.
// One that is not open any more is already_handled: two editors acting on the same question
// see who was first, and the second changes nothing.
func (s *Store) SetUnansweredStatus(ctx context.Context, orgID, id, status string) (*kefu.UnansweredQuestion, error) {
	var out *kefu.UnansweredQuestion
	err := s.write(ctx, func(t *Tx) error {
		q, err := scanUnanswered(t.c.queryRow(t.ctx, `SELECT `+unansweredColumns+` FROM bot_events
			WHERE org_id = ? AND id = ? AND status <> ''`+t.c.d.forUpdate(), orgID, id))
		if err != nil {
			return err
		}
		if q.Status != kefu.UnansweredOpen {
			return kefu.Errorf(kefu.CodeAlreadyHandled, "this question was %s already", q.Status)
		}
		if _, err := t.exec(`UPDATE bot_events SET status = ? WHERE org_id = ? AND id = ?`, status, orgID, id); err != nil {
			return dbError(err)
		}
		q.Status, out = status, q
		return nil
	})
	return out, err
}
