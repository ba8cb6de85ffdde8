package store

import (
	"context"
	"database/sql"
	"sync"
	"sync/atomic"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// DeliveryPolicy decides whether a committed message in an inbox of channel type t needs an
// outbound delivery: the channel registry's Deliverer. It runs in the writer goroutine for
// every agent or bot reply outside the web channel, so it must be quick and do no I/O.
type DeliveryPolicy func(t kefu.ChannelType, m *kefu.Message) bool

// outbox is what the appending transaction needs to queue deliveries: the policy, and the
// channel type of each inbox seen, which never changes once the inbox exists, so the web path
// decides from memory after the first message of each inbox.
type outbox struct {
	policy   atomic.Pointer[DeliveryPolicy]
	channels sync.Map // inbox id → kefu.ChannelType
}

// SetDeliveryPolicy makes appends of replies that p says need delivery insert a delivery
// record and a kefu.DeliveryJobKind job in the message's own transaction. cmd/kefu sets it
// once the channel registry exists; before that no delivery is queued.
func (s *Store) SetDeliveryPolicy(p DeliveryPolicy) { s.outbox.policy.Store(&p) }

// deliveryJobAttempts bounds a delivery job's runs. The delivery handler gives up by time
// (channel_delivery_give_up), so this only stops a job that keeps failing before it gets that
// far (its records unreadable, say).
const deliveryJobAttempts = 1000

// queueDelivery inserts m's delivery record and job when m needs one, and sets m.Delivery. A
// visitor's message or a note returns before anything is looked up, and an agent's reply on the
// web channel after one map read.
func (t *Tx) queueDelivery(m *kefu.Message, c *kefu.Conversation) error {
	if m.SenderType == kefu.SenderContact || m.Kind.Private() || t.out == nil {
		return nil
	}
	p := t.out.policy.Load()
	if p == nil {
		return nil
	}
	ch, err := t.inboxChannel(c.OrgID, c.InboxID)
	if err != nil || ch == kefu.ChannelWeb || !(*p)(ch, m) {
		return err
	}
	if err := t.insertDelivery(m, c.InboxID); err != nil {
		return err
	}
	j := kefu.Job{OrgID: m.OrgID, Kind: kefu.DeliveryJobKind, Ref: m.ID, Payload: []byte(`{}`), MaxAttempts: deliveryJobAttempts}
	if err := insertJob(t, &j); err != nil {
		return err
	}
	m.Delivery = &kefu.Delivery{Status: kefu.DeliverySending, UpdatedAt: t.now}
	return nil
}

// inboxChannel returns the channel type of an inbox, from memory after the first time.
func (t *Tx) inboxChannel(orgID, inboxID string) (kefu.ChannelType, error) {
	if ch, ok := t.out.channels.Load(inboxID); ok {
		return ch.(kefu.ChannelType), nil
	}
	var ch string
	err := t.c.queryRow(t.ctx, `SELECT channel FROM inboxes WHERE org_id = ? AND id = ?`, orgID, inboxID).Scan(&ch)
	if err != nil {
		return "", dbError(err)
	}
	t.out.channels.Store(inboxID, kefu.ChannelType(ch))
	return kefu.ChannelType(ch), nil
}

func (t *Tx) insertDelivery(m *kefu.Message, inboxID string) error {
	_, err := t.exec(`INSERT INTO message_deliveries (message_id, org_id, conversation_id, seq, inbox_id, status,
		since, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		m.ID, m.OrgID, m.ConversationID, m.Seq, inboxID, string(kefu.DeliverySending), micros(t.now), micros(t.now), micros(t.now))
	return dbError(err)
}

const deliveryColumns = `message_id, org_id, conversation_id, seq, inbox_id, status, in_flight, attempts, error,
	platform_msg_id, next_attempt_at, since, updated_at`

func scanDelivery(row scanner) (*kefu.DeliveryRecord, error) {
	var (
		r             kefu.DeliveryRecord
		status        string
		next          sql.NullInt64
		since, update int64
	)
	err := row.Scan(&r.MessageID, &r.OrgID, &r.ConversationID, &r.Seq, &r.InboxID, &status, &r.InFlight, &r.Attempts, &r.Error,
		&r.PlatformMsgID, &next, &since, &update)
	if err != nil {
		return nil, dbError(err)
	}
	r.Status, r.NextAttemptAt = kefu.DeliveryStatus(status), fromNullMicros(next)
	r.Since, r.UpdatedAt = fromMicros(since), fromMicros(update)
	return &r, nil
}

// GetDelivery returns the delivery record of one of the organisation's messages; not found
// when the message needs none.
func (s *Store) GetDelivery(ctx context.Context, orgID, messageID string) (*kefu.DeliveryRecord, error) {
	return scanDelivery(s.reader().queryRow(ctx, `SELECT `+deliveryColumns+` FROM message_deliveries
		WHERE org_id = ? AND message_id = ?`, orgID, messageID))
}
