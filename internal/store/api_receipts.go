package store

import (
	"context"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// InboundReceipt returns the receipt of webhook id in the API inbox, or kefu.ErrNotFound when
// the request was never stored (or so long ago that its row was pruned).
func (s *Store) InboundReceipt(ctx context.Context, inboxID, webhookID string) (*kefu.InboundReceipt, error) {
	var (
		r    kefu.InboundReceipt
		seen int64
	)
	err := s.reader().queryRow(ctx, `SELECT inbox_id, webhook_id, conversation_id, message_id, contact_id, seen_at
		FROM api_channel_receipts WHERE inbox_id = ? AND webhook_id = ?`, inboxID, webhookID).
		Scan(&r.InboxID, &r.WebhookID, &r.ConversationID, &r.MessageID, &r.ContactID, &seen)
	if err != nil {
		return nil, dbError(err)
	}
	r.SeenAt = fromMicros(seen)
	return &r, nil
}

// RecordInboundReceipt keeps r, unless the inbox already has a receipt for its webhook id (two
// copies of one request racing: the first stays), and drops the inbox's receipts seen before
// pruneBefore in the same write, so the table holds only the replay window's requests.
func (s *Store) RecordInboundReceipt(ctx context.Context, r kefu.InboundReceipt, pruneBefore time.Time) error {
	return s.write(ctx, func(t *Tx) error {
		if _, err := t.exec(`DELETE FROM api_channel_receipts WHERE inbox_id = ? AND seen_at < ?`,
			r.InboxID, micros(pruneBefore)); err != nil {
			return dbError(err)
		}
		_, err := t.exec(`INSERT INTO api_channel_receipts
			(inbox_id, webhook_id, conversation_id, message_id, contact_id, seen_at) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (inbox_id, webhook_id) DO NOTHING`,
			r.InboxID, r.WebhookID, r.ConversationID, r.MessageID, r.ContactID, micros(r.SeenAt))
		return dbError(err)
	})
}
