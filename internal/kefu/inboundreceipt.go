package kefu

import "time"

// InboundReceipt records one signed request an integrator posted to an API inbox (named by
// its webhook-id) and what it became, so that a replay of the same request is answered with
// the original result and stored nothing again.
type InboundReceipt struct {
	InboxID        string
	WebhookID      string
	ConversationID string
	MessageID      string
	ContactID      string
	SeenAt         time.Time
}
