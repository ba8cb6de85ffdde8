package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// FillDeliveries sets the Delivery of those of msgs (messages of one conversation, in any
// order) that have a delivery record, for agents' reads. A page without agent or bot replies
// costs nothing, any other one range scan of the conversation's records, which a web
// conversation has none of.
func (s *Store) FillDeliveries(ctx context.Context, orgID, convID string, msgs []kefu.Message) error {
	lo, hi, ok := replySeqs(msgs)
	if !ok {
		return nil
	}
	rows, err := s.reader().query(ctx, `SELECT `+deliveryColumns+` FROM message_deliveries
		WHERE conversation_id = ? AND seq BETWEEN ? AND ? AND org_id = ?`, convID, lo, hi, orgID)
	if err != nil {
		return kefu.Internal(err)
	}
	defer rows.Close()
	byID := map[string]*kefu.Delivery{}
	for rows.Next() {
		r, err := scanDelivery(rows)
		if err != nil {
			return err
		}
		byID[r.MessageID] = &r.Delivery
	}
	for i := range msgs {
		if d := byID[msgs[i].ID]; d != nil {
			msgs[i].Delivery = d
		}
	}
	return dbError(rows.Err())
}

// replySeqs returns the lowest and highest seq of the messages that could have a delivery:
// public replies by an agent or a bot.
func replySeqs(msgs []kefu.Message) (lo, hi int64, ok bool) {
	for i := range msgs {
		m := &msgs[i]
		if m.SenderType == kefu.SenderContact || m.Kind.Private() {
			continue
		}
		if !ok || m.Seq < lo {
			lo = m.Seq
		}
		if !ok || m.Seq > hi {
			hi = m.Seq
		}
		ok = true
	}
	return lo, hi, ok
}

// EarlierSending returns the first delivery of the conversation before seq that is still
// sending, so replies reach the customer in the order agents wrote them; not found when none.
func (s *Store) EarlierSending(ctx context.Context, orgID, convID string, seq int64) (*kefu.DeliveryRecord, error) {
	return scanDelivery(s.reader().queryRow(ctx, `SELECT `+deliveryColumns+` FROM message_deliveries
		WHERE conversation_id = ? AND seq < ? AND status = 'sending' AND org_id = ? ORDER BY seq LIMIT 1`,
		convID, seq, orgID))
}

// LastContactMessageAt returns when the contact last wrote in the conversation, zero when they
// never did: what a channel's reply window counts from.
func (s *Store) LastContactMessageAt(ctx context.Context, orgID, convID string) (time.Time, error) {
	var last sql.NullInt64
	err := s.reader().queryRow(ctx, `SELECT MAX(created_at) FROM messages
		WHERE conversation_id = ? AND sender_type = 'contact' AND org_id = ?`, convID, orgID).Scan(&last)
	if err != nil || !last.Valid {
		return time.Time{}, dbError(err)
	}
	return fromMicros(last.Int64), nil
}

// InboxChannel returns the channel type of one of the organisation's inboxes: all the send
// path needs to know of an inbox, read without opening its secrets.
func (s *Store) InboxChannel(ctx context.Context, orgID, inboxID string) (kefu.ChannelType, error) {
	var ch string
	err := s.reader().queryRow(ctx, `SELECT channel FROM inboxes WHERE org_id = ? AND id = ?`, orgID, inboxID).Scan(&ch)
	return kefu.ChannelType(ch), dbError(err)
}
