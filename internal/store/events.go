package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// emit persists ev with the organisation's next event seq, in the op's transaction. The UPDATE
// takes the org row lock until commit, so on PostgreSQL commits of one org are serial and no
// reader sees a later seq before an earlier one.
func (t *Tx) emit(ev kefu.Event) error {
	var seq int64
	err := t.c.queryRow(t.ctx, `UPDATE orgs SET event_seq = event_seq + 1 WHERE id = ? RETURNING event_seq`,
		ev.OrgID).Scan(&seq)
	if err != nil {
		return dbError(err)
	}
	ev.Seq, ev.CreatedAt = seq, t.now
	payload, err := json.Marshal(ev)
	if err != nil {
		return kefu.Internal(fmt.Errorf("encode event: %w", err))
	}
	_, err = t.exec(`INSERT INTO events (org_id, seq, type, conversation_id, contact_id, inbox_id, payload, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		ev.OrgID, seq, string(ev.Type), ev.ConversationID, ev.ContactID, ev.InboxID, string(payload), micros(t.now))
	if err != nil {
		return dbError(err)
	}
	t.events = append(t.events, ev)
	return nil
}

// lockOrg takes the organisation's row lock before any conversation row on PostgreSQL, so all
// writers lock in the same order (org, then conversation) and nodes cannot deadlock on the pair.
// emit takes the same lock again later, which is free within the transaction.
func (t *Tx) lockOrg(orgID string) error {
	if t.c.d.name != DialectPostgres {
		return nil
	}
	_, err := t.exec(`SELECT id FROM orgs WHERE id = ? FOR UPDATE`, orgID)
	return dbError(err)
}

// ListEvents returns up to limit events of the organisation with seq above afterSeq, ascending.
// limit is clamped to 1..1000 (default 100).
func (s *Store) ListEvents(ctx context.Context, orgID string, afterSeq int64, limit int) ([]kefu.Event, error) {
	if limit <= 0 {
		limit = 100
	}
	limit = min(limit, 1000)
	rows, err := s.reader().query(ctx, `SELECT org_id, seq, type, conversation_id, contact_id, inbox_id, payload, created_at
		FROM events WHERE org_id = ? AND seq > ? ORDER BY seq LIMIT ?`, orgID, afterSeq, limit)
	if err != nil {
		return nil, kefu.Internal(err)
	}
	defer rows.Close()
	events := []kefu.Event{}
	for rows.Next() {
		ev, err := scanEvent(rows)
		if err != nil {
			return nil, err
		}
		events = append(events, ev)
	}
	if err := rows.Err(); err != nil {
		return nil, kefu.Internal(err)
	}
	return events, nil
}

// scanEvent decodes the payload and restores the fields that are stored only in columns.
func scanEvent(row scanner) (kefu.Event, error) {
	var (
		ev      kefu.Event
		typ     string
		payload string
		created int64
	)
	var org, conv, contact, inbox string
	var seq int64
	if err := row.Scan(&org, &seq, &typ, &conv, &contact, &inbox, &payload, &created); err != nil {
		return ev, kefu.Internal(err)
	}
	if err := json.Unmarshal([]byte(payload), &ev); err != nil {
		return ev, kefu.Internal(fmt.Errorf("decode event %s/%d: %w", org, seq, err))
	}
	ev.OrgID, ev.Seq, ev.Type, ev.ConversationID = org, seq, kefu.EventType(typ), conv
	ev.ContactID, ev.InboxID, ev.CreatedAt = contact, inbox, fromMicros(created)
	return ev, nil
}

// OldestEventSeq returns the lowest stored event seq of the organisation, 0 if none. A client
// resuming from below it has missed pruned events and must reload.
func (s *Store) OldestEventSeq(ctx context.Context, orgID string) (int64, error) {
	return s.eventSeq(ctx, `SELECT COALESCE(MIN(seq), 0) FROM events WHERE org_id = ?`, orgID)
}

// LatestEventSeq returns the highest stored event seq of the organisation, 0 if none.
func (s *Store) LatestEventSeq(ctx context.Context, orgID string) (int64, error) {
	return s.eventSeq(ctx, `SELECT COALESCE(MAX(seq), 0) FROM events WHERE org_id = ?`, orgID)
}

func (s *Store) eventSeq(ctx context.Context, query, orgID string) (int64, error) {
	var seq int64
	if err := s.reader().queryRow(ctx, query, orgID).Scan(&seq); err != nil {
		return 0, kefu.Internal(err)
	}
	return seq, nil
}

// PruneEvents deletes events created before the given time and returns how many it deleted.
// The org's event_seq counter is untouched, so seqs never repeat.
func (s *Store) PruneEvents(ctx context.Context, before time.Time) (int64, error) {
	var n int64
	err := s.write(ctx, func(t *Tx) error {
		res, err := t.exec(`DELETE FROM events WHERE created_at < ?`, micros(before))
		if err != nil {
			return dbError(err)
		}
		n, err = res.RowsAffected()
		return err
	})
	return n, err
}
