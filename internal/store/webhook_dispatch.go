package store

import (
	"context"
	"fmt"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// WebhookCursors returns, for every organisation with an enabled webhook, the seq of the last
// event its dispatcher has turned into deliveries.
func (s *Store) WebhookCursors(ctx context.Context) (map[string]int64, error) {
	rows, err := s.reader().query(ctx, `SELECT org_id, last_seq FROM webhook_cursors`)
	if err != nil {
		return nil, kefu.Internal(err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var (
			org string
			seq int64
		)
		if err := rows.Scan(&org, &seq); err != nil {
			return nil, kefu.Internal(err)
		}
		out[org] = seq
	}
	return out, dbError(rows.Err())
}

// EnabledWebhooks returns the organisation's enabled webhooks.
func (s *Store) EnabledWebhooks(ctx context.Context, orgID string) ([]kefu.Webhook, error) {
	return listWebhooks(ctx, s.reader(), `SELECT `+webhookColumns+` FROM webhooks WHERE org_id = ? AND enabled
		ORDER BY created_at, id`, orgID)
}

// AdvanceWebhookCursor moves the organisation's cursor from from to to and inserts the
// deliveries of the events in between, in one transaction: each event becomes its deliveries
// exactly once, across restarts and nodes. A cursor that moved meanwhile (another node got
// there first) or was removed answers CodeConflict and inserts nothing.
func (s *Store) AdvanceWebhookCursor(ctx context.Context, orgID string, from, to int64, jobs []kefu.Job) error {
	return s.write(ctx, func(t *Tx) error {
		res, err := t.exec(`UPDATE webhook_cursors SET last_seq = ? WHERE org_id = ? AND last_seq = ?`, to, orgID, from)
		if err := mustAffect(res, err); err != nil {
			return kefu.Errorf(kefu.CodeConflict, "the webhook cursor moved")
		}
		for i := range jobs {
			j := jobs[i] // a copy: the closure may run twice
			if err := insertJob(t, &j); err != nil {
				return err
			}
		}
		return nil
	})
}

// PreviousConversationStatus returns the conversation's status as the last event before
// beforeSeq carried it, "" when no such event is kept: how the dispatcher tells that an update
// resolved the conversation rather than changed a resolved one.
func (s *Store) PreviousConversationStatus(ctx context.Context, orgID, convID string, beforeSeq int64) (kefu.Status, error) {
	row := s.reader().queryRow(ctx, `SELECT org_id, seq, type, conversation_id, contact_id, inbox_id, payload, created_at
		FROM events WHERE org_id = ? AND conversation_id = ? AND seq < ? AND type IN (?, ?)
		ORDER BY seq DESC LIMIT 1`, orgID, convID, beforeSeq,
		string(kefu.EventConversationCreated), string(kefu.EventConversationUpdated))
	ev, err := scanEvent(row)
	if err != nil {
		if kefu.ErrorCode(err) == kefu.CodeNotFound {
			return "", nil
		}
		return "", err
	}
	if ev.Conversation == nil {
		return "", nil
	}
	return ev.Conversation.Status, nil
}

// RecordWebhookAttempt logs one delivery attempt and, unless policy is nil (a test ping),
// keeps the webhook's failure count: a success resets it, a failure adds to it, and past either
// limit of policy the webhook is disabled with a reason admins see. It reports whether this
// attempt disabled it.
func (s *Store) RecordWebhookAttempt(ctx context.Context, d *kefu.WebhookAttempt, policy *kefu.WebhookFailurePolicy) (disabled bool, err error) {
	c := *d
	if c.ID == "" {
		c.ID = newID()
	}
	err = s.write(ctx, func(t *Tx) error {
		c.CreatedAt = t.now
		_, err := t.exec(`INSERT INTO webhook_attempts (id, org_id, webhook_id, job_id, event_type, attempt, status_code,
			duration_ms, response_body, error, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			c.ID, c.OrgID, c.WebhookID, c.JobID, c.EventType, c.Attempt, c.StatusCode, c.DurationMS, c.ResponseBody,
			c.Error, micros(t.now))
		if isForeignKeyViolation(err) {
			return kefu.ErrNotFound // the webhook was deleted meanwhile
		}
		if err != nil || policy == nil {
			return dbError(err)
		}
		disabled, err = countDeliveryOutcome(t, &c, *policy)
		return err
	})
	if err == nil {
		*d = c
	}
	return disabled, err
}

// countDeliveryOutcome updates the webhook's failure counters after an attempt and disables it
// when policy says so.
func countDeliveryOutcome(t *Tx, d *kefu.WebhookAttempt, policy kefu.WebhookFailurePolicy) (bool, error) {
	if d.Error == "" {
		_, err := t.exec(`UPDATE webhooks SET consecutive_failures = 0, failing_since = NULL WHERE id = ?`, d.WebhookID)
		return false, dbError(err)
	}
	_, err := t.exec(`UPDATE webhooks SET consecutive_failures = consecutive_failures + 1,
		failing_since = COALESCE(failing_since, ?) WHERE id = ?`, micros(t.now), d.WebhookID)
	if err != nil {
		return false, dbError(err)
	}
	var (
		failures int
		since    int64
		enabled  bool
	)
	err = t.c.queryRow(t.ctx, `SELECT consecutive_failures, failing_since, enabled FROM webhooks WHERE id = ?`,
		d.WebhookID).Scan(&failures, &since, &enabled)
	if err != nil || !enabled {
		return false, dbError(err)
	}
	reason := disableReason(failures, t.now.Sub(fromMicros(since)), policy)
	if reason == "" {
		return false, nil
	}
	_, err = t.exec(`UPDATE webhooks SET enabled = FALSE, disabled_reason = ?, disabled_at = ?, updated_at = ? WHERE id = ?`,
		reason, micros(t.now), micros(t.now), d.WebhookID)
	if err != nil {
		return false, dbError(err)
	}
	return true, syncWebhookCursor(t, d.OrgID)
}

// disableReason says why a webhook with these failures is disabled, "" when it is not.
func disableReason(failures int, failingFor time.Duration, policy kefu.WebhookFailurePolicy) string {
	switch {
	case policy.MaxConsecutive > 0 && failures >= policy.MaxConsecutive:
		return fmt.Sprintf("disabled after %d consecutive failed deliveries", failures)
	case policy.MaxFailingFor > 0 && failingFor >= policy.MaxFailingFor:
		return fmt.Sprintf("disabled after deliveries failed for %s without a success", failingFor.Round(time.Minute))
	}
	return ""
}

// ListWebhookAttempts returns the webhook's latest delivery attempts, newest first; limit is
// clamped to 1..200.
func (s *Store) ListWebhookAttempts(ctx context.Context, orgID, webhookID string, limit int) ([]kefu.WebhookAttempt, error) {
	if limit <= 0 {
		limit = 50
	}
	rows, err := s.reader().query(ctx, `SELECT id, org_id, webhook_id, job_id, event_type, attempt, status_code,
		duration_ms, response_body, error, created_at FROM webhook_attempts WHERE org_id = ? AND webhook_id = ?
		ORDER BY created_at DESC, id DESC LIMIT ?`, orgID, webhookID, min(limit, 200))
	if err != nil {
		return nil, kefu.Internal(err)
	}
	defer rows.Close()
	out := []kefu.WebhookAttempt{}
	for rows.Next() {
		var (
			d       kefu.WebhookAttempt
			created int64
		)
		err := rows.Scan(&d.ID, &d.OrgID, &d.WebhookID, &d.JobID, &d.EventType, &d.Attempt, &d.StatusCode,
			&d.DurationMS, &d.ResponseBody, &d.Error, &created)
		if err != nil {
			return nil, kefu.Internal(err)
		}
		d.CreatedAt = fromMicros(created)
		out = append(out, d)
	}
	return out, dbError(rows.Err())
}

// PruneWebhookAttempts deletes delivery log rows older than the given time.
func (s *Store) PruneWebhookAttempts(ctx context.Context, before time.Time) (int64, error) {
	return s.deleteInChunks(ctx, deleteChunk, `DELETE FROM webhook_attempts WHERE id IN
		(SELECT id FROM webhook_attempts WHERE created_at < ? LIMIT ?)`, micros(before))
}
