package store

import (
	"context"
	"database/sql"
	"encoding/json"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// webhookColumns leaves out secret on purpose: it is read only by WebhookSecret.
const webhookColumns = `id, org_id, url, description, events, enabled, consecutive_failures, failing_since,
	disabled_reason, disabled_at, created_at, updated_at`

func scanWebhook(row scanner) (*kefu.Webhook, error) {
	var (
		w                 kefu.Webhook
		events            string
		failing, disabled sql.NullInt64
		created, updated  int64
	)
	err := row.Scan(&w.ID, &w.OrgID, &w.URL, &w.Description, &events, &w.Enabled, &w.ConsecutiveFailures,
		&failing, &w.DisabledReason, &disabled, &created, &updated)
	if err != nil {
		return nil, dbError(err)
	}
	if err := json.Unmarshal([]byte(events), &w.Events); err != nil {
		return nil, kefu.Internal(err)
	}
	w.FailingSince, w.DisabledAt = fromNullMicros(failing), fromNullMicros(disabled)
	w.CreatedAt, w.UpdatedAt = fromMicros(created), fromMicros(updated)
	return &w, nil
}

func eventsJSON(events []string) string {
	b, _ := json.Marshal(append([]string{}, events...)) // never fails on strings
	return string(b)
}

// CreateWebhook stores a subscription with its signing secret. An enabled one starts the
// organisation's dispatch cursor at its newest event: a webhook receives what happens after it
// was created.
func (s *Store) CreateWebhook(ctx context.Context, w *kefu.Webhook, secret string) error {
	c := *w
	if c.ID == "" {
		c.ID = newID()
	}
	err := s.write(ctx, func(t *Tx) error {
		c.CreatedAt, c.UpdatedAt = t.now, t.now
		sealed, err := s.sealValue(t, webhookSecretColumn, c.ID, secret)
		if err != nil {
			return err
		}
		_, err = t.exec(`INSERT INTO webhooks (`+webhookColumns+`, secret) VALUES (?, ?, ?, ?, ?, ?, 0, NULL, '', NULL, ?, ?, ?)`,
			c.ID, c.OrgID, c.URL, c.Description, eventsJSON(c.Events), c.Enabled, micros(t.now), micros(t.now), sealed)
		if isForeignKeyViolation(err) {
			return kefu.ErrNotFound
		}
		if err != nil {
			return dbError(err)
		}
		return syncWebhookCursor(t, c.OrgID)
	})
	if err == nil {
		*w = c
	}
	return err
}

// WebhookSecret returns a webhook's signing secret, for signing deliveries. It is the one place
// that reads the column, which is sealed at rest (see sealed.go).
func (s *Store) WebhookSecret(ctx context.Context, orgID, id string) (string, error) {
	var sealed string
	err := s.reader().queryRow(ctx, `SELECT secret FROM webhooks WHERE org_id = ? AND id = ?`, orgID, id).Scan(&sealed)
	if err != nil {
		return "", dbError(err)
	}
	return s.openValue(ctx, webhookSecretColumn, id, sealed)
}

// GetWebhook returns one of the organisation's webhooks.
func (s *Store) GetWebhook(ctx context.Context, orgID, id string) (*kefu.Webhook, error) {
	return scanWebhook(s.reader().queryRow(ctx, `SELECT `+webhookColumns+` FROM webhooks WHERE org_id = ? AND id = ?`, orgID, id))
}

// ListWebhooks returns the organisation's webhooks, oldest first.
func (s *Store) ListWebhooks(ctx context.Context, orgID string) ([]kefu.Webhook, error) {
	return listWebhooks(ctx, s.reader(), `SELECT `+webhookColumns+` FROM webhooks WHERE org_id = ?
		ORDER BY created_at, id`, orgID)
}

func listWebhooks(ctx context.Context, c conn, query string, args ...any) ([]kefu.Webhook, error) {
	rows, err := c.query(ctx, query, args...)
	if err != nil {
		return nil, kefu.Internal(err)
	}
	defer rows.Close()
	out := []kefu.Webhook{}
	for rows.Next() {
		w, err := scanWebhook(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *w)
	}
	return out, dbError(rows.Err())
}

// UpdateWebhook saves url, description, events and enabled. Enabling clears the failure count
// and the reason it was disabled.
func (s *Store) UpdateWebhook(ctx context.Context, w *kefu.Webhook) error {
	return s.write(ctx, func(t *Tx) error {
		err := mustAffect(t.exec(`UPDATE webhooks SET url = ?, description = ?, events = ?, enabled = ?,
			consecutive_failures = CASE WHEN ? THEN 0 ELSE consecutive_failures END,
			failing_since = CASE WHEN ? THEN NULL ELSE failing_since END,
			disabled_reason = CASE WHEN ? THEN '' ELSE disabled_reason END,
			disabled_at = CASE WHEN ? THEN NULL ELSE disabled_at END,
			updated_at = ? WHERE org_id = ? AND id = ?`,
			w.URL, w.Description, eventsJSON(w.Events), w.Enabled, w.Enabled, w.Enabled, w.Enabled, w.Enabled,
			micros(t.now), w.OrgID, w.ID))
		if err != nil {
			return err
		}
		return syncWebhookCursor(t, w.OrgID)
	})
}

// DeleteWebhook deletes a webhook with its delivery log; its queued deliveries find it gone.
func (s *Store) DeleteWebhook(ctx context.Context, orgID, id string) error {
	return s.write(ctx, func(t *Tx) error {
		if _, err := t.exec(`DELETE FROM webhook_attempts WHERE org_id = ? AND webhook_id = ?`, orgID, id); err != nil {
			return dbError(err)
		}
		if err := mustAffect(t.exec(`DELETE FROM webhooks WHERE org_id = ? AND id = ?`, orgID, id)); err != nil {
			return err
		}
		return syncWebhookCursor(t, orgID)
	})
}

// syncWebhookCursor keeps the invariant that the organisation has a dispatch cursor exactly
// while it has an enabled webhook. A new cursor starts at the newest event, so enabling a
// webhook never replays what happened while none was listening, and a removed one no longer
// holds back event pruning.
func syncWebhookCursor(t *Tx, orgID string) error {
	var enabled int
	err := t.c.queryRow(t.ctx, `SELECT COUNT(*) FROM webhooks WHERE org_id = ? AND enabled`, orgID).Scan(&enabled)
	if err != nil {
		return dbError(err)
	}
	if enabled == 0 {
		_, err = t.exec(`DELETE FROM webhook_cursors WHERE org_id = ?`, orgID)
		return dbError(err)
	}
	seq, err := t.orgEventSeq(orgID)
	if err != nil {
		return err
	}
	_, err = t.exec(`INSERT INTO webhook_cursors (org_id, last_seq) VALUES (?, ?) ON CONFLICT (org_id) DO NOTHING`,
		orgID, seq.last)
	return dbError(err)
}
