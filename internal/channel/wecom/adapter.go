package wecom

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/kefu-dev/kefu/internal/channel"
	"github.com/kefu-dev/kefu/internal/channel/wechat/wxcrypto"
	"github.com/kefu-dev/kefu/internal/channel/wechat/wxtoken"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// Receiver stores normalised inbound messages; channel.Receiver satisfies it.
type Receiver interface {
	Receive(ctx context.Context, in channel.Inbound) (*channel.Received, error)
}

// Store is what the adapter needs of the database; *store.Store satisfies it.
type Store interface {
	// GetInbox returns an inbox with its secrets opened (a job names its inbox by id).
	GetInbox(ctx context.Context, orgID, id string) (*kefu.Inbox, error)
	// InboxesOfChannel lists every WeCom inbox, to find the one serving the account a callback
	// names when one callback URL serves several of a company's accounts.
	InboxesOfChannel(ctx context.Context, t kefu.ChannelType) ([]kefu.Inbox, error)
	GetContact(ctx context.Context, orgID, id string) (*kefu.Contact, error)
	InsertJob(ctx context.Context, j *kefu.Job) error
	wxcrypto.NonceStore
	InboundCursor(ctx context.Context, inboxID, name string) (string, error)
	StageInbound(ctx context.Context, orgID, inboxID string, items []kefu.StagedInbound, cursorName, fromCursor, toCursor, jobKind string) (staged int, moved bool, err error)
	StagedInbound(ctx context.Context, inboxID string, limit int) ([]kefu.StagedInbound, error)
	DeleteStagedInbound(ctx context.Context, inboxID string, seq int64) error
}

// Options configure the adapter.
type Options struct {
	// APIURL is the WeCom API's base URL (config wecom_api_url); "" is qyapi.weixin.qq.com.
	APIURL string
	// HTTPClient reaches the API; nil is a client honouring HTTPS_PROXY.
	HTTPClient *http.Client
	Receiver   Receiver
	Store      Store
	// Tokens caches access tokens; required (it is shared with the other WeChat adapters).
	Tokens *wxtoken.Cache
	// NotifyJobs wakes the job runner after a job was committed; nil does nothing (it polls).
	NotifyJobs func()
	Logger     *slog.Logger
	// MaxCallbackBytes bounds a callback's body (default 64 KiB; a callback is well under 1 KiB).
	MaxCallbackBytes int64
	Now              func() time.Time
}

// Adapter is the WeCom channel: Adapter, Webhooks, Jobs and Configurer of the channel
// framework, for every WeCom inbox.
type Adapter struct {
	api       *client
	rcv       Receiver
	store     Store
	notify    func()
	log       *slog.Logger
	maxBody   int64
	now       func() time.Time
	pulls     channel.KeyLocks // one pull (and drain) per inbox at a time in this process
	customers *channel.Memo[customer]
	// servedSessions are the sessions already moved to "served through the API" (state 1).
	servedSessions *channel.Memo[bool]
	resolved       chan kefu.Conversation // from Follow to Run
}

// New returns the adapter.
func New(o Options) *Adapter {
	a := &Adapter{
		api: newClient(o),
		rcv: o.Receiver, store: o.Store, notify: o.NotifyJobs, log: o.Logger, maxBody: o.MaxCallbackBytes, now: o.Now,
	}
	a.defaults()
	a.customers = channel.NewMemo[customer](memoSize, memoTTL)
	a.servedSessions = channel.NewMemo[bool](memoSize, memoTTL)
	a.resolved = make(chan kefu.Conversation, 256)
	return a
}

func (a *Adapter) defaults() {
	if a.log == nil {
		a.log = slog.New(slog.DiscardHandler)
	}
	if a.notify == nil {
		a.notify = func() {}
	}
	if a.maxBody <= 0 {
		a.maxBody = 64 << 10
	}
	if a.now == nil {
		a.now = time.Now
	}
}

// Type is wecom.
func (a *Adapter) Type() kefu.ChannelType { return kefu.ChannelWeCom }

// Platform limits of kf/send_msg (developer.work.weixin.qq.com/document/path/94677): a text
// is at most 2048 bytes; replies are accepted within 48 hours of the customer's last message,
// at most 5 of them per customer message. Files may be 20 MB (media/upload), images 10 MB.
const (
	maxTextBytes   = 2048
	maxFileBytes   = 20 << 20
	replyWindow    = 48 * time.Hour
	repliesAllowed = 5
)

// Capabilities: text, images and files within WeCom's window and count; sends are idempotent
// because kefu's message id is WeCom's msgid, which the platform takes once.
func (a *Adapter) Capabilities() channel.Capabilities {
	return channel.Capabilities{
		Sends:        []kefu.MessageKind{kefu.KindText, kefu.KindImage, kefu.KindFile},
		MaxTextBytes: maxTextBytes, MaxAttachmentBytes: maxFileBytes,
		ReplyWindow: replyWindow, MaxRepliesPerWindow: repliesAllowed, IdempotentSends: true,
	}
}

// The adapter is every hook of the framework it needs.
var (
	_ channel.Adapter    = (*Adapter)(nil)
	_ channel.Webhooks   = (*Adapter)(nil)
	_ channel.Jobs       = (*Adapter)(nil)
	_ channel.Configurer = (*Adapter)(nil)
	_ channel.Runner     = (*Adapter)(nil)
)
