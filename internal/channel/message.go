package channel

import (
	"context"
	"io"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// Kind is what a platform says a message is, before kefu decides how to keep it.
type Kind string

// Inbound kinds. kefu shows text, images and files; the others are kept as a file when the
// platform gave their bytes and kefu accepts the type (an mp3 voice note, an mp4 video, a webp
// sticker), and otherwise as readable fallback text, so an agent always sees that the customer
// sent something.
const (
	KindText        Kind = "text"
	KindImage       Kind = "image"
	KindFile        Kind = "file"
	KindAudio       Kind = "audio"
	KindVideo       Kind = "video"
	KindLocation    Kind = "location"
	KindSticker     Kind = "sticker"
	KindUnsupported Kind = "unsupported" // anything else: a mini-program card, a poll, a call
)

// Sender is who sent an inbound message, as the platform names them.
type Sender struct {
	// Channel and ExternalID are the contact's identity: (org, channel, external id) is one
	// contact. Channel is usually the adapter's type; an adapter scopes ids that are only
	// unique per account, e.g. "<appid>:<openid>" for a WeChat OpenID.
	Channel    kefu.ChannelType
	ExternalID string
	// Verified says the platform vouches for the id (a signed callback, an authenticated bot
	// update); it lets the identity join others later. Unverified: a From: header.
	Verified bool
	// Profile hints, applied to the contact when given and valid; never used to find one.
	Name, Email, Phone string
	Attributes         map[string]string
	// Linked are more ids of the same person the platform vouches for (a WeChat UnionID):
	// only Channel and ExternalID are read. A verified sender is found by any of them, so the
	// same UnionID in an Official Account and a mini program is one contact.
	Linked []kefu.Identity
}

// Media is an attachment of an inbound message. Open is called at most once, when the
// Receiver stores the bytes (a WeChat media id fetched, a Telegram file downloaded, a MIME
// part read); the content type is sniffed from the bytes, never taken from the platform.
type Media struct {
	FileName string
	Open     func(ctx context.Context) (io.ReadCloser, error)
}

// Inbound is one platform message, normalised.
type Inbound struct {
	// OrgID and InboxID name the inbox whose credentials verified the request: the adapter
	// looked the inbox up from its webhook path or poller, never from the message's body.
	OrgID, InboxID string
	Sender         Sender
	// MessageID is the platform's id for this message (Telegram "<chat>:<message_id>", a WeChat
	// MsgId, an email's Message-ID). It becomes the message's client message id, so the
	// platform's retries of one message are stored once. Required: an adapter whose platform
	// gives none derives a stable one (sender and timestamp for WeChat events).
	MessageID string
	Kind      Kind
	Text      string  // the text of a text message; the caption of a media message
	Fallback  string  // readable text for an agent when kefu cannot show the kind; "" = a default
	Media     []Media // the bytes of an image, file, voice note, video or sticker
	// ThreadConversationID is the conversation the platform's thread points to, when it says
	// (an email's In-Reply-To or reply token names one of kefu's messages or conversations).
	// The Receiver appends there, reopening it if resolved, when it is the sender's
	// conversation in this inbox; otherwise it falls back to the current conversation.
	ThreadConversationID string
	// SentAt is the platform's time for the message. kefu orders messages by its own commit
	// (seq and created_at); SentAt is for reply windows, which the platform counts from its
	// own clock.
	SentAt time.Time
}

// Outbound is a committed message for an adapter to deliver to its platform.
type Outbound struct {
	Inbox        *kefu.Inbox
	Conversation *kefu.Conversation
	Message      *kefu.Message // committed: it has its id and seq
	To           kefu.Identity // the contact's identity on this channel: where the reply goes
	Contact      *kefu.Contact // the customer, for a name in a greeting or an address header
	// Sender is the agent who wrote the reply (for a signature, a From name); nil for a
	// message kefu wrote itself (a trigger, the bot).
	Sender *kefu.Agent
	// OpenAttachment reads the bytes of one of Message.Attachments.
	OpenAttachment func(ctx context.Context, a kefu.Attachment) (io.ReadCloser, error)
	// Attempt counts deliveries of this message, from 1. The message id is the idempotency
	// key: an adapter whose platform takes one sends it, so a retry after a crash between
	// sending and recording is not sent twice.
	Attempt int
}
