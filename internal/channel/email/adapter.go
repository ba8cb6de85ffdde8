package email

import (
	"context"
	"crypto/tls"
	"log/slog"
	"net"
	"time"

	"github.com/kefu-dev/kefu/internal/channel"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// Store is what the email channel keeps of its own: which Message-IDs belong to which
// conversation, and where each inbox's IMAP worker stands. store.Store satisfies it.
type Store interface {
	RecordEmailMessage(ctx context.Context, m *kefu.EmailMessage) error
	EmailConversation(ctx context.Context, inboxID string, messageIDs []string) (string, error)
	EmailThread(ctx context.Context, conversationID string, limit int) (string, []string, error)
	EmailCursor(ctx context.Context, inboxID string) (mailbox string, validity, lastUID uint32, err error)
	SaveEmailCursor(ctx context.Context, inboxID, mailbox string, validity, lastUID uint32) error
}

// Receiver stores normalised inbound messages; channel.Receiver satisfies it.
type Receiver interface {
	Receive(ctx context.Context, in channel.Inbound) (*channel.Received, error)
}

// Options configure the adapter. Receiver, Store, Inboxes and Secret are required.
type Options struct {
	Receiver Receiver
	Store    Store
	Inboxes  channel.InboxSource
	// Secret keys the reply tokens; the server's secret key, so tokens survive restarts.
	Secret []byte
	Logger *slog.Logger
	// PollInterval is how often a worker looks for mail when the server has no IDLE, and the
	// longest an IDLE lasts before it is renewed; RefreshInterval how often the runner re-reads
	// the list of email inboxes. Zero: 30 s and 10 s.
	PollInterval, RefreshInterval time.Duration
	// MaxMailBytes is the largest mail kefu reads (0: 25 MiB); a larger one is skipped.
	MaxMailBytes int64
	// SMTPListen, when set, is where kefu's own SMTP listener takes mail that mail servers
	// forward to inboxes with Receive "forward" ("" = no listener; see docs/channels.md).
	// SMTPListener is an already open listener for it instead (tests).
	SMTPListen   string
	SMTPListener net.Listener
	// TLS is the client TLS configuration for IMAP and SMTP (nil: the system's roots); tests
	// trust their own server with it.
	TLS *tls.Config
}

// Adapter is the email channel.
type Adapter struct {
	rcv     Receiver
	store   Store
	inboxes channel.InboxSource
	tokens  tokens
	clean   sanitizer
	log     *slog.Logger
	opts    Options
}

// The adapter checks inboxes' settings and runs IMAP workers of its own.
var (
	_ channel.Configurer = (*Adapter)(nil)
	_ channel.Runner     = (*Adapter)(nil)
)

// New returns the email adapter.
func New(o Options) *Adapter {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.PollInterval <= 0 {
		o.PollInterval = 30 * time.Second
	}
	if o.RefreshInterval <= 0 {
		o.RefreshInterval = 10 * time.Second
	}
	if o.MaxMailBytes <= 0 {
		o.MaxMailBytes = 25 << 20
	}
	return &Adapter{
		rcv: o.Receiver, store: o.Store, inboxes: o.Inboxes, tokens: tokens{key: o.Secret},
		clean: newSanitizer(), log: o.Logger, opts: o,
	}
}

// Type is email.
func (a *Adapter) Type() kefu.ChannelType { return kefu.ChannelEmail }

// Capabilities: text, images and files, no reply window, not realtime. SMTP has no
// idempotency key, so a crash between sending and recording can send a reply twice.
func (a *Adapter) Capabilities() channel.Capabilities {
	return channel.Capabilities{
		Sends:              []kefu.MessageKind{kefu.KindText, kefu.KindImage, kefu.KindFile},
		MaxAttachmentBytes: 20 << 20, // what most providers accept once base64 has grown it by a third
	}
}
