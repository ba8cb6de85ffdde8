package kefu

import "time"

// EmailMessage is one mail of an email inbox's conversation, kept for threading and for the
// agent's "show original" view: the Message-ID a reply names, the subject a reply repeats, and
// an inbound mail's whole sanitised HTML (quoted history included; remote images not loaded,
// their address moved to data-kefu-src).
type EmailMessage struct {
	InboxID        string
	MessageID      string // the Message-ID header without angle brackets
	ConversationID string
	KefuMessageID  string // the kefu message that carries the mail; "" when none
	Subject        string
	HTML           string // sanitised; "" for mail kefu sent
	CreatedAt      time.Time
}
