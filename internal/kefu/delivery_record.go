package kefu

import "time"

// DeliveryRecord is the stored state of one outbound message's delivery: the Delivery agents
// see, and what the delivery job needs besides.
type DeliveryRecord struct {
	OrgID          string
	MessageID      string
	ConversationID string
	Seq            int64 // the message's, for delivering a conversation's replies in order
	InboxID        string
	Delivery
	// InFlight says an attempt called the platform and its outcome was never recorded: kefu
	// stopped between sending and recording, so the platform may have the message.
	InFlight bool
	// Since is when the current run of attempts began (the commit, or the agent's retry); the
	// job gives up a configured time after it.
	Since time.Time
}

// DeliveryOutcome is what one delivery attempt ends in.
type DeliveryOutcome struct {
	Status        DeliveryStatus // sent, failed, or sending again at NextAttemptAt
	Error         string         // the reason shown to agents; "" when sent
	PlatformMsgID string
	NextAttemptAt *time.Time
}

// DeliveryJobKind is the durable job kind that delivers one message to its platform.
const DeliveryJobKind = "channel.delivery"
