package store

import (
	"context"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

const (
	// inboundSeenKeep is how long a staged message id is remembered after staging: far longer
	// than a platform keeps a page to pull again (WeCom keeps messages 3 days).
	inboundSeenKeep = 7 * 24 * time.Hour
	// maxStagedPage bounds one StageInbound call; WeCom's sync_msg returns at most 1000.
	maxStagedPage = 1000
	// stagedJobAttempts is the receiver job's attempt budget: like a delivery, it must outlast
	// a long outage of the database or the receiver, and the next staged page adds another.
	stagedJobAttempts = 1000
)

// StageInbound stages a pulled page of platform messages for inbox inboxID, in one transaction.
// When cursorName is not "", it first moves the inbox's cursor of that name from fromCursor
// ("" = none yet) to toCursor; if the stored cursor is not fromCursor (another worker pulled
// this page) nothing is written and moved is false. Each item whose MsgID the inbox staged
// before (within 7 days) is skipped; the others are staged in order. When at least one was
// staged and jobKind is not "", one pending job of jobKind (Ref inboxID) is added so the
// receiver runs. staged counts the new rows; moved is true when cursorName is "". The inbox
// must belong to orgID (else kefu.ErrNotFound).
func (s *Store) StageInbound(ctx context.Context, orgID, inboxID string, items []kefu.StagedInbound,
	cursorName, fromCursor, toCursor string, jobKind string) (staged int, moved bool, err error) {
	if err := checkStaging(orgID, inboxID, items, cursorName, toCursor); err != nil {
		return 0, false, err
	}
	err = s.write(ctx, func(t *Tx) error {
		staged, moved = 0, false
		if err := t.inboxOfOrg(orgID, inboxID); err != nil {
			return err
		}
		if cursorName != "" {
			ok, err := t.moveCursor(inboxID, cursorName, fromCursor, toCursor)
			if err != nil || !ok {
				return err // a stale cursor: nothing was written
			}
		}
		moved = true
		n, err := t.stageItems(orgID, inboxID, items)
		if staged = n; err != nil || n == 0 || jobKind == "" {
			return err
		}
		return insertJob(t, &kefu.Job{OrgID: orgID, Kind: jobKind, Ref: inboxID, Payload: []byte(`{}`), MaxAttempts: stagedJobAttempts})
	})
	return staged, moved, err
}

// checkStaging validates a StageInbound call before it reaches the writer.
func checkStaging(orgID, inboxID string, items []kefu.StagedInbound, cursorName, toCursor string) error {
	switch {
	case orgID == "" || inboxID == "":
		return kefu.FieldError("inbox_id", "staging needs an organisation and an inbox")
	case cursorName != "" && toCursor == "":
		return kefu.FieldError("cursor", "a cursor cannot move back to none")
	case len(items) > maxStagedPage:
		return kefu.FieldError("items", "at most %d messages are staged at once", maxStagedPage)
	}
	for _, it := range items {
		if it.MsgID == "" {
			return kefu.FieldError("msg_id", "a staged message needs the platform's message id")
		}
	}
	return nil
}

// inboxOfOrg checks that the inbox exists in the organisation, so staged rows and the
// receiver's job are never filed under another organisation.
func (t *Tx) inboxOfOrg(orgID, inboxID string) error {
	var one int
	err := t.c.queryRow(t.ctx, `SELECT 1 FROM inboxes WHERE org_id = ? AND id = ?`, orgID, inboxID).Scan(&one)
	return dbError(err)
}

// moveCursor compare-and-sets the inbox's cursor name from `from` ("" = no row yet) to `to`,
// and reports whether it moved. On PostgreSQL a concurrent mover waits for the row and then
// finds it changed.
func (t *Tx) moveCursor(inboxID, name, from, to string) (bool, error) {
	if from == "" {
		return affected(t.exec(`INSERT INTO channel_cursors (inbox_id, name, cursor, updated_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (inbox_id, name) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at
			WHERE channel_cursors.cursor = ''`, inboxID, name, to, micros(t.now)))
	}
	return affected(t.exec(`UPDATE channel_cursors SET cursor = ?, updated_at = ?
		WHERE inbox_id = ? AND name = ? AND cursor = ?`, to, micros(t.now), inboxID, name, from))
}

// stageItems forgets the inbox's message ids older than inboundSeenKeep, then stages the items
// it has not seen, in order, and returns how many it staged.
func (t *Tx) stageItems(orgID, inboxID string, items []kefu.StagedInbound) (int, error) {
	if _, err := t.exec(`DELETE FROM channel_inbound_seen WHERE inbox_id = ? AND seen_at < ?`,
		inboxID, micros(t.now.Add(-inboundSeenKeep))); err != nil {
		return 0, dbError(err)
	}
	n := 0
	for _, it := range items {
		ok, err := t.stageItem(orgID, inboxID, it)
		if err != nil {
			return 0, err
		}
		if ok {
			n++
		}
	}
	return n, nil
}

// stageItem stages one message unless its id was seen. The staged row's own unique key also
// holds when a row outlived its seen record (a receiver stuck for a week).
func (t *Tx) stageItem(orgID, inboxID string, it kefu.StagedInbound) (bool, error) {
	fresh, err := affected(t.exec(`INSERT INTO channel_inbound_seen (inbox_id, msg_id, seen_at) VALUES (?, ?, ?)
		ON CONFLICT (inbox_id, msg_id) DO NOTHING`, inboxID, it.MsgID, micros(t.now)))
	if err != nil || !fresh {
		return false, err
	}
	payload := it.Payload
	if payload == nil {
		payload = []byte{}
	}
	return affected(t.exec(`INSERT INTO channel_inbound (inbox_id, org_id, msg_id, payload, staged_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (inbox_id, msg_id) DO NOTHING`, inboxID, orgID, it.MsgID, payload, micros(t.now)))
}
