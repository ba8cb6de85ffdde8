package store

import (
	"context"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// StartDeliveryAttempt records, before an attempt calls the platform, that it is about to:
// the attempt is counted and the record is in flight until FinishDeliveryAttempt. A delivery
// that is no longer sending (sent, failed, or its conversation erased) is not found.
func (s *Store) StartDeliveryAttempt(ctx context.Context, orgID, messageID string) error {
	return s.write(ctx, func(t *Tx) error {
		return mustAffect(t.exec(`UPDATE message_deliveries SET in_flight = TRUE, attempts = attempts + 1,
			next_attempt_at = NULL, updated_at = ? WHERE org_id = ? AND message_id = ? AND status = 'sending'`,
			micros(t.now), orgID, messageID))
	})
}

// FinishDeliveryAttempt records an attempt's outcome, takes the record out of flight and emits
// message.updated with the message and its delivery. It returns the message as emitted. A
// delivery that is no longer sending is not found and changes nothing.
func (s *Store) FinishDeliveryAttempt(ctx context.Context, orgID, messageID string, o kefu.DeliveryOutcome) (*kefu.Message, error) {
	var out *kefu.Message
	err := s.write(ctx, func(t *Tx) error {
		err := mustAffect(t.exec(`UPDATE message_deliveries SET status = ?, error = ?,
			platform_msg_id = CASE WHEN ? = '' THEN platform_msg_id ELSE ? END, next_attempt_at = ?, in_flight = FALSE,
			updated_at = ? WHERE org_id = ? AND message_id = ? AND status = 'sending'`,
			string(o.Status), o.Error, o.PlatformMsgID, o.PlatformMsgID, nullMicros(o.NextAttemptAt), micros(t.now),
			orgID, messageID))
		if err != nil {
			return err
		}
		out, err = t.emitDelivery(orgID, messageID)
		return err
	})
	return out, err
}

// RetryDelivery puts a failed delivery of a message in conversation convID back to sending,
// its attempts and give-up time counted afresh, with a new job; it emits message.updated and
// returns the message. Any other state is a conflict: only a failed delivery can be retried.
func (s *Store) RetryDelivery(ctx context.Context, orgID, convID, messageID string) (*kefu.Message, error) {
	var out *kefu.Message
	err := s.write(ctx, func(t *Tx) error {
		r, err := scanDelivery(t.c.queryRow(t.ctx, `SELECT `+deliveryColumns+` FROM message_deliveries
			WHERE org_id = ? AND message_id = ? AND conversation_id = ?`+t.c.d.forUpdate(), orgID, messageID, convID))
		if err != nil {
			return err
		}
		if r.Status != kefu.DeliveryFailed {
			return kefu.Errorf(kefu.CodeConflict, "only a failed delivery can be retried; this one is %s", r.Status)
		}
		if err := t.restartDelivery(orgID, messageID); err != nil {
			return err
		}
		out, err = t.emitDelivery(orgID, messageID)
		return err
	})
	return out, err
}

// restartDelivery makes a failed delivery sending again with a fresh job due now.
func (t *Tx) restartDelivery(orgID, messageID string) error {
	_, err := t.exec(`UPDATE message_deliveries SET status = 'sending', error = '', attempts = 0, in_flight = FALSE,
		next_attempt_at = NULL, since = ?, updated_at = ? WHERE org_id = ? AND message_id = ?`,
		micros(t.now), micros(t.now), orgID, messageID)
	if err != nil {
		return dbError(err)
	}
	j := kefu.Job{OrgID: orgID, Kind: kefu.DeliveryJobKind, Ref: messageID, Payload: []byte(`{}`), MaxAttempts: deliveryJobAttempts}
	return insertJob(t, &j)
}

// emitDelivery emits message.updated for the message with its delivery as the transaction has
// it, so agents' workspaces follow the state live and resume it from the event log.
func (t *Tx) emitDelivery(orgID, messageID string) (*kefu.Message, error) {
	r, err := scanDelivery(t.c.queryRow(t.ctx, `SELECT `+deliveryColumns+` FROM message_deliveries
		WHERE org_id = ? AND message_id = ?`, orgID, messageID))
	if err != nil {
		return nil, err
	}
	m, err := scanMessage(t.c.queryRow(t.ctx, `SELECT `+messageColumns+` FROM messages WHERE org_id = ? AND id = ?`, orgID, messageID))
	if err != nil {
		return nil, err
	}
	if m, err = t.withAttachments(m); err != nil {
		return nil, err
	}
	c, _, err := t.lockedConversation(orgID, r.ConversationID, nil)
	if err != nil {
		return nil, err
	}
	d := r.Delivery
	m.Delivery = &d
	snap := *m
	// The conversation rides along, as on message.created, so a team-scoped agent's view
	// decides on the event, live or resumed from the log.
	return m, t.emit(kefu.Event{OrgID: orgID, Type: kefu.EventMessageUpdated, ConversationID: c.ID,
		ContactID: c.ContactID, InboxID: c.InboxID, Message: &snap, Conversation: c})
}
