package kefu

import "time"

// DeliveryStatus is where an outbound message stands with its platform.
type DeliveryStatus string

// Delivery statuses. A reply is sending from its commit until the platform took it (sent) or
// kefu gave up (failed: the platform refused it for good, or it kept failing past the give-up
// time). An agent's retry puts a failed delivery back to sending.
const (
	DeliverySending DeliveryStatus = "sending"
	DeliverySent    DeliveryStatus = "sent"
	DeliveryFailed  DeliveryStatus = "failed"
)

// Delivery is the state of one outbound message's delivery, shown to agents next to it.
type Delivery struct {
	Status DeliveryStatus `json:"status" enum:"sending,sent,failed"`
	// Error is the platform's reason for the last failure, safe to show ("the recipient's
	// mailbox is full", "bot was blocked by the user"); "" when none.
	Error string `json:"error,omitempty"`
	// Attempts counts tries so far; NextAttemptAt is when the next is due while sending.
	Attempts      int        `json:"attempts"`
	NextAttemptAt *time.Time `json:"next_attempt_at,omitempty"`
	// PlatformMsgID is the platform's id of the sent message (a Telegram message id, the
	// mail's Message-ID), when it gave one.
	PlatformMsgID string    `json:"platform_msg_id,omitempty"`
	UpdatedAt     time.Time `json:"updated_at"`
}
