package webhook

import (
	"encoding/json"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// JobKind is the job kind of a webhook delivery.
const JobKind = "webhook.delivery"

// delivery is a delivery job's payload: the body is built once, when the event is dispatched,
// so every attempt sends the same bytes.
type delivery struct {
	WebhookID string          `json:"webhook_id"`
	EventType string          `json:"event_type"`
	Body      json.RawMessage `json:"body"`
}

// envelope is the body a receiver gets, in the Standard Webhooks shape.
type envelope struct {
	Type      string    `json:"type"`
	Timestamp time.Time `json:"timestamp"`
	Data      eventData `json:"data"`
}

// eventData is what an event is about.
type eventData struct {
	OrgID          string             `json:"org_id"`
	EventSeq       int64              `json:"event_seq,omitempty"`
	ConversationID string             `json:"conversation_id,omitempty"`
	Conversation   *kefu.Conversation `json:"conversation,omitempty"`
	Message        *kefu.Message      `json:"message,omitempty"`
	WebhookID      string             `json:"webhook_id,omitempty"` // the test ping's
}

// deliveryJob returns the job that delivers typ of ev to w.
func deliveryJob(w *kefu.Webhook, typ string, data eventData, at time.Time, maxAttempts int) (kefu.Job, error) {
	body, err := json.Marshal(envelope{Type: typ, Timestamp: at.UTC(), Data: data})
	if err != nil {
		return kefu.Job{}, kefu.Internal(err)
	}
	payload, err := json.Marshal(delivery{WebhookID: w.ID, EventType: typ, Body: body})
	if err != nil {
		return kefu.Job{}, kefu.Internal(err)
	}
	return kefu.Job{OrgID: w.OrgID, Kind: JobKind, Ref: w.ID, Payload: payload, MaxAttempts: maxAttempts}, nil
}

// dataOf is the data of a stored event.
func dataOf(ev kefu.Event) eventData {
	return eventData{OrgID: ev.OrgID, EventSeq: ev.Seq, ConversationID: ev.ConversationID,
		Conversation: ev.Conversation, Message: ev.Message}
}
