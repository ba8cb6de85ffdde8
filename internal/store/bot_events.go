package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// RecordBotEvent stores one thing the bot did or was told, outside a conversation's change
// (tests, imports); the bot itself records its events inside its changes (Tx.RecordBotEvent).
// The row is unique per (conversation, message, kind): recording it again changes nothing.
func (s *Store) RecordBotEvent(ctx context.Context, e *kefu.BotEvent) error {
	n := *e
	if n.ID == "" {
		n.ID = newID()
	}
	n.CreatedAt = orNow(n.CreatedAt, s.now())
	if err := s.write(ctx, func(t *Tx) error { return t.insertBotEvent(&n) }); err != nil {
		return err
	}
	*e = n
	return nil
}

// RecordBotEvent stores e about the conversation the change is about, once per (message, kind).
func (t *Tx) RecordBotEvent(e *kefu.BotEvent) error {
	e.ID, e.OrgID, e.ConversationID, e.CreatedAt = newID(), t.org, t.conv, t.now
	return t.insertBotEvent(e)
}

// insertBotEvent inserts e unless its (conversation, message, kind) is recorded already (a
// retried turn counts once). An unanswered or not-helpful event with a question joins the
// improvement list as open.
func (t *Tx) insertBotEvent(e *kefu.BotEvent) error {
	_, err := t.exec(`INSERT INTO bot_events (id, org_id, inbox_id, conversation_id, message_id, kind, reason,
		article_id, question, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (conversation_id, message_id, kind) DO NOTHING`,
		e.ID, e.OrgID, e.InboxID, e.ConversationID, e.MessageID, e.Kind, e.Reason, e.ArticleID, e.Question,
		unansweredStatus(*e), micros(e.CreatedAt))
	return dbError(err)
}

// unansweredStatus is the improvement-list status a new event starts with: open for a
// question the bot could not answer, none for everything else.
func unansweredStatus(e kefu.BotEvent) string {
	if (e.Kind == kefu.BotEventUnanswered || e.Kind == kefu.BotEventNotHelpful) && e.Question != "" {
		return kefu.UnansweredOpen
	}
	return ""
}

// BotEventCounts counts the organisation's bot events per inbox, day, kind and reason. bounds
// are the starts of consecutive days and the end of the last (len ≥ 2), computed by the caller
// in the organisation's time zone, so the database compares plain instants: the same SQL on
// SQLite and PostgreSQL, days of 23 or 25 hours included. inboxID "" counts every inbox.
func (s *Store) BotEventCounts(ctx context.Context, orgID, inboxID string, bounds []time.Time) ([]kefu.BotEventCount, error) {
	if len(bounds) < 2 {
		return nil, kefu.Internal(fmt.Errorf("bot event counts: %d bounds, want at least 2", len(bounds)))
	}
	day, args := dayCase(bounds)
	where := ` WHERE org_id = ? AND created_at >= ? AND created_at < ?`
	args = append(args, orgID, micros(bounds[0]), micros(bounds[len(bounds)-1]))
	if inboxID != "" {
		where, args = where+` AND inbox_id = ?`, append(args, inboxID)
	}
	rows, err := s.reader().query(ctx, `SELECT inbox_id, `+day+` AS day, kind, reason, COUNT(*) FROM bot_events`+
		where+` GROUP BY inbox_id, day, kind, reason ORDER BY day, inbox_id, kind, reason`, args...)
	if err != nil {
		return nil, kefu.Internal(err)
	}
	defer rows.Close()
	out := []kefu.BotEventCount{}
	for rows.Next() {
		var c kefu.BotEventCount
		if err := rows.Scan(&c.InboxID, &c.Day, &c.Kind, &c.Reason, &c.Count); err != nil {
			return nil, kefu.Internal(err)
		}
		out = append(out, c)
	}
	return out, dbError(rows.Err())
}

// dayCase is the expression numbering a row's day from the bounds, with the bounds it
// compares against as its arguments: a binary search written as nested CASEs, so a row takes
// about log2(days) comparisons (7 for a quarter) rather than one per day, which made the
// query almost twice as slow. Rows outside the range are left out by the WHERE clause, so
// the first and last bounds need no test of their own.
func dayCase(bounds []time.Time) (string, []any) {
	var b strings.Builder
	var args []any
	var node func(lo, hi int)
	node = func(lo, hi int) { // days lo..hi-1
		if hi-lo == 1 {
			b.WriteString(strconv.Itoa(lo))
			return
		}
		mid := (lo + hi) / 2
		b.WriteString(`CASE WHEN created_at < ? THEN `)
		args = append(args, micros(bounds[mid]))
		node(lo, mid)
		b.WriteString(` ELSE `)
		node(mid, hi)
		b.WriteString(` END`)
	}
	node(0, len(bounds)-1)
	return b.String(), args
}
