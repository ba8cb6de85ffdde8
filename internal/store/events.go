package store

import (
	"context"
	"encoding/json"
	"fmt"
	"math/bits"
	"strings"
	"time"

	"github.com/kefu-dev/kefu/internal/jsonenc"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// emit records ev with the organisation's next event seq. The row is inserted when the batch
// commits (see insertEvents), together with the other ops' events; nothing in a write
// transaction reads events back, so only the commit can tell the difference.
func (t *Tx) emit(ev kefu.Event) error {
	seq, err := t.nextEventSeq(ev.OrgID)
	if err != nil {
		return err
	}
	ev.Seq, ev.CreatedAt = seq, t.now
	t.events = append(t.events, emitted{Event: ev, payload: encodePayload(&ev)})
	return nil
}

// encodePayload encodes an event's stored payload. Every message emits one, in the writer
// goroutine, so it is hand-written (jsonenc) rather than reflected.
func encodePayload(ev *kefu.Event) string {
	return jsonenc.EncodeString(func(b []byte) []byte { return jsonenc.Event(b, ev) })
}

// emitted is an event an op emitted, with its payload encoded: the row is inserted at commit and
// the event published after.
type emitted struct {
	kefu.Event
	payload string
}

// maxEventRows bounds one INSERT: PostgreSQL takes at most 65,535 parameters per statement.
const maxEventRows = 64

// insertEvents stores the batch's events with multi-row INSERTs: one statement (and on
// PostgreSQL one round trip) per chunk instead of per event. Chunks are powers of two, so any
// batch uses a handful of distinct statements, each prepared once.
func insertEvents(ctx context.Context, c conn, events []emitted) error {
	for len(events) > 0 {
		n := min(maxEventRows, powerOfTwoAtMost(len(events)))
		if err := insertEventRows(ctx, c, events[:n]); err != nil {
			return err
		}
		events = events[n:]
	}
	return nil
}

// powerOfTwoAtMost returns the largest power of two not above n > 0.
func powerOfTwoAtMost(n int) int { return 1 << (bits.Len(uint(n)) - 1) }

func insertEventRows(ctx context.Context, c conn, rows []emitted) error {
	const columns = 8
	args := make([]any, 0, len(rows)*columns)
	for _, e := range rows {
		args = append(args, e.OrgID, e.Seq, string(e.Type), e.ConversationID, e.ContactID, e.InboxID, e.payload,
			micros(e.CreatedAt))
	}
	values := strings.TrimSuffix(strings.Repeat("("+placeholders(columns)+"), ", len(rows)), ", ")
	_, err := c.exec(ctx, `INSERT INTO events (org_id, seq, type, conversation_id, contact_id, inbox_id, payload, created_at)
		VALUES `+values, args...)
	return err
}

// saveEventsAndSeqs is insertEvents and eventSeqs.save in one PostgreSQL statement, so one
// round trip the writer waits for, which also writes the pending rows of plain appends (nil:
// none): the rows travel as one array per column, so the statement's text, and the plan pgx
// caches for it, is the same whatever the batch's size.
func saveEventsAndSeqs(ctx context.Context, c conn, pending *pendingAppends, events []emitted, seqs eventSeqs) error {
	if len(events) == 0 && pending.empty() {
		return nil // counters advance only with events
	}
	var cols eventColumns
	for _, e := range events {
		cols.add(e)
	}
	orgIDs, lasts := seqs.advanced()
	args := append(pending.columnArgs(), cols.orgs, cols.seqs, cols.types, cols.convs, cols.contacts, cols.inboxes,
		cols.payloads, cols.created, orgIDs, lasts)
	_, err := c.exec(ctx, `WITH `+pendingRowsCTEs+`,
		e AS (INSERT INTO events (org_id, seq, type, conversation_id, contact_id, inbox_id, payload, created_at)
		SELECT * FROM unnest(?::text[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[]))
		UPDATE orgs o SET event_seq = s.seq FROM unnest(?::text[], ?::bigint[]) AS s(id, seq) WHERE o.id = s.id`, args...)
	if err == nil {
		pending.written()
	}
	return err
}

// eventColumns are event rows as one slice per column, for unnest.
type eventColumns struct {
	orgs, types, convs, contacts, inboxes, payloads []string
	seqs, created                                   []int64
}

func (c *eventColumns) add(e emitted) {
	c.orgs, c.seqs, c.types = append(c.orgs, e.OrgID), append(c.seqs, e.Seq), append(c.types, string(e.Type))
	c.convs, c.contacts, c.inboxes = append(c.convs, e.ConversationID), append(c.contacts, e.ContactID), append(c.inboxes, e.InboxID)
	c.payloads, c.created = append(c.payloads, e.payload), append(c.created, micros(e.CreatedAt))
}

// advanced lists the organisations whose counters advanced, with their last seqs.
func (seqs eventSeqs) advanced() (orgIDs []string, lasts []int64) {
	for orgID, s := range seqs {
		if s.last != s.stored {
			orgIDs, lasts = append(orgIDs, orgID), append(lasts, s.last)
		}
	}
	return orgIDs, lasts
}

// lockOrg takes the organisation's row lock before any conversation row on PostgreSQL, so all
// writers lock in the same order (org, then conversation) and nodes cannot deadlock on the pair.
// It is the lock that guards the org's event counter, so a transaction takes it only once.
func (t *Tx) lockOrg(orgID string) error {
	if t.c.d.name != DialectPostgres {
		return nil
	}
	_, err := t.orgEventSeq(orgID)
	return err
}

// orgEventSeq is an organisation's event counter inside one transaction: the value stored when
// the transaction first read it, and the last seq handed out since.
type orgEventSeq struct{ stored, last int64 }

// eventSeqs are the event counters of the organisations a transaction emits for. Each is read
// once, handed out from memory and saved once before commit: one UPDATE per organisation per
// batch instead of an UPDATE … RETURNING per event. Nobody else can advance a counter meanwhile:
// on PostgreSQL the read locks the org row until commit (other nodes' writers wait for it, as
// they would for an UPDATE), and SQLite has only our one writer.
type eventSeqs map[string]orgEventSeq

// nextEventSeq hands out the organisation's next event seq.
func (t *Tx) nextEventSeq(orgID string) (int64, error) {
	c, err := t.orgEventSeq(orgID)
	if err != nil {
		return 0, err
	}
	c.last++
	t.seqs[orgID] = c
	return c.last, nil
}

// orgEventSeq returns the organisation's counter, reading (and on PostgreSQL locking) it the
// first time the transaction needs it.
func (t *Tx) orgEventSeq(orgID string) (orgEventSeq, error) {
	if c, ok := t.seqs[orgID]; ok {
		return c, nil
	}
	var seq int64
	err := t.c.queryRow(t.ctx, `SELECT event_seq FROM orgs WHERE id = ?`+t.c.d.forNoKeyUpdate(), orgID).Scan(&seq)
	if err != nil {
		return orgEventSeq{}, dbError(err)
	}
	c := orgEventSeq{stored: seq, last: seq}
	t.seqs[orgID] = c
	return c, nil
}

// lockOrgs reads and locks the counters of the organisations a batch's ops declared, in id
// order and in one statement, before any of their conversations (see lockOrg). SQLite has no
// row locks and no round trips, so it reads each counter when first needed.
func lockOrgs(ctx context.Context, c conn, seqs eventSeqs, orgIDs []string) error {
	if c.d.name != DialectPostgres || len(orgIDs) == 0 {
		return nil
	}
	rows, err := c.query(ctx, `SELECT id, event_seq FROM orgs WHERE id = ANY(?::text[]) ORDER BY id FOR NO KEY UPDATE`, orgIDs)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var (
			id  string
			seq int64
		)
		if err := rows.Scan(&id, &seq); err != nil {
			return err
		}
		seqs[id] = orgEventSeq{stored: seq, last: seq}
	}
	return rows.Err()
}

// save writes back the counters that advanced. The writer calls it just before commit.
func (seqs eventSeqs) save(ctx context.Context, c conn) error {
	for orgID, s := range seqs {
		if s.last == s.stored {
			continue
		}
		if _, err := c.exec(ctx, `UPDATE orgs SET event_seq = ? WHERE id = ?`, s.last, orgID); err != nil {
			return err
		}
	}
	return nil
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

// LatestEventSeq returns the organisation's newest event seq, 0 if it never had one. It reads
// the organisation's counter, not the events, so it stays put when pruning has removed every
// event: a client resuming from an older position must then be told to resync.
func (s *Store) LatestEventSeq(ctx context.Context, orgID string) (int64, error) {
	return s.eventSeq(ctx, `SELECT COALESCE(MAX(event_seq), 0) FROM orgs WHERE id = ?`, orgID)
}

func (s *Store) eventSeq(ctx context.Context, query, orgID string) (int64, error) {
	var seq int64
	if err := s.reader().queryRow(ctx, query, orgID).Scan(&seq); err != nil {
		return 0, kefu.Internal(err)
	}
	return seq, nil
}

// PruneEvents deletes events created before the given time, except those a webhook cursor has
// not passed, and returns how many it deleted.
// The org's event_seq counter is untouched, so seqs never repeat. Events emitted by earlier ops
// of the same batch are inserted only at commit, after the delete: they are concurrent with it,
// so that order is as valid as any.
func (s *Store) PruneEvents(ctx context.Context, before time.Time) (int64, error) {
	return s.pruneEvents(ctx, before, deleteChunk)
}

func (s *Store) pruneEvents(ctx context.Context, before time.Time, chunk int) (int64, error) {
	// Events the webhook dispatcher has not yet turned into deliveries stay, however old: the
	// event log is the webhooks' outbox (see webhook_dispatch.go).
	return s.deleteInChunks(ctx, chunk, `DELETE FROM events WHERE (org_id, seq) IN
		(SELECT org_id, seq FROM events WHERE created_at < ? AND NOT EXISTS
			(SELECT 1 FROM webhook_cursors c WHERE c.org_id = events.org_id AND c.last_seq < events.seq)
		LIMIT ?)`, micros(before))
}
