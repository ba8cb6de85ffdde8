package telegram

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/kefu-dev/kefu/internal/channel"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// Receiver stores normalised inbound messages; channel.Receiver satisfies it.
type Receiver interface {
	Receive(ctx context.Context, in channel.Inbound) (*channel.Received, error)
}

// Options configure the adapter.
type Options struct {
	// APIURL is the Bot API's base URL (config telegram_api_url); "" is api.telegram.org.
	APIURL string
	// HTTPClient reaches the Bot API; nil is a client honouring HTTPS_PROXY.
	HTTPClient *http.Client
	Receiver   Receiver
	// Inboxes lists the Telegram inboxes for the polling Runner.
	Inboxes channel.InboxSource
	// PublicURL is kefu's external base URL, which webhooks are registered under; "" allows
	// polling only.
	PublicURL string
	Logger    *slog.Logger
	// PollTimeout is how long one getUpdates waits for updates (default 25s); Rescan how often
	// the Runner looks for new, changed and deleted inboxes (default 10s).
	PollTimeout, Rescan time.Duration
	// MaxWebhookBytes bounds a webhook's body (default 1 MiB; an update is a few KiB).
	MaxWebhookBytes int64
}

// Adapter is the Telegram channel: Adapter, Webhooks, Runner and Configurer of the channel
// framework, for every Telegram inbox.
type Adapter struct {
	api       *client
	rcv       Receiver
	inboxes   channel.InboxSource
	publicURL string
	log       *slog.Logger
	pollWait  time.Duration
	rescan    time.Duration
	maxBody   int64
}

// New returns the adapter.
func New(o Options) *Adapter {
	a := &Adapter{
		api: &client{base: strings.TrimRight(o.APIURL, "/"), http: o.HTTPClient}, rcv: o.Receiver, inboxes: o.Inboxes,
		publicURL: strings.TrimRight(o.PublicURL, "/"), log: o.Logger,
		pollWait: o.PollTimeout, rescan: o.Rescan, maxBody: o.MaxWebhookBytes,
	}
	a.defaults()
	return a
}

func (a *Adapter) defaults() {
	if a.api.base == "" {
		a.api.base = "https://api.telegram.org"
	}
	if a.api.http == nil {
		a.api.http = newHTTPClient()
	}
	if a.log == nil {
		a.log = slog.New(slog.DiscardHandler)
	}
	if a.pollWait <= 0 {
		a.pollWait = 25 * time.Second
	}
	if a.rescan <= 0 {
		a.rescan = 10 * time.Second
	}
	if a.maxBody <= 0 {
		a.maxBody = 1 << 20
	}
}

// Type is telegram.
func (a *Adapter) Type() kefu.ChannelType { return kefu.ChannelTelegram }

// maxText is Telegram's limit of a message's text, and maxCaption of a photo's or document's
// caption, in UTF-16 code units after entity parsing.
const (
	maxText    = 4096
	maxCaption = 1024
)

// Capabilities: text, images and files; Telegram's 4096-character text limit (declared in
// bytes, which never exceed characters) and the Bot API's 50 MB upload limit; no reply window.
func (a *Adapter) Capabilities() channel.Capabilities {
	return channel.Capabilities{
		Sends:        []kefu.MessageKind{kefu.KindText, kefu.KindImage, kefu.KindFile},
		MaxTextBytes: maxText, MaxAttachmentBytes: 50 << 20,
	}
}

// The adapter is every hook of the framework.
var (
	_ channel.Adapter    = (*Adapter)(nil)
	_ channel.Webhooks   = (*Adapter)(nil)
	_ channel.Runner     = (*Adapter)(nil)
	_ channel.Configurer = (*Adapter)(nil)
)
