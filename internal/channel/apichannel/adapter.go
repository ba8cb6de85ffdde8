package apichannel

import (
	"context"
	"log/slog"
	"net/http"
	"net/netip"
	"time"

	"github.com/kefu-dev/kefu/internal/channel"
	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/netguard"
)

// Inboxes finds the inbox a request's path names, in whichever organisation holds it, secrets
// opened; the store satisfies it.
type Inboxes interface {
	GetInboxAnyOrg(ctx context.Context, id string) (*kefu.Inbox, error)
}

// Receipts remember which signed requests were stored; the store satisfies it.
type Receipts interface {
	InboundReceipt(ctx context.Context, inboxID, webhookID string) (*kefu.InboundReceipt, error)
	RecordInboundReceipt(ctx context.Context, r kefu.InboundReceipt, pruneBefore time.Time) error
}

// Receiver stores normalised inbound messages; channel.Receiver satisfies it.
type Receiver interface {
	Receive(ctx context.Context, in channel.Inbound) (*channel.Received, error)
}

// Options configure the adapter.
type Options struct {
	Inboxes  Inboxes
	Receipts Receipts
	Receiver Receiver
	// Guard checks callback and attachment URLs; its client posts callbacks and fetches
	// attachments, so its MaxResponseBytes is the largest attachment kefu downloads.
	Guard *netguard.Guard
	// HTTPAllowed are the ranges a callback may reach over plain http (the operator's
	// outbound_allow: an internal system); everywhere else a callback must be https.
	HTTPAllowed []netip.Prefix
	// Links sign the download URLs of agents' attachments in callbacks; PublicURL prefixes
	// them ("" leaves them relative to kefu's address).
	Links     kefu.AttachmentLinker
	PublicURL string
	Now       func() time.Time // nil = time.Now
	Logger    *slog.Logger     // nil = discard
}

// Adapter is the API channel's adapter: Deliver and Configure for the channel registry, and
// Receive for the inbound endpoint.
type Adapter struct {
	opts   Options
	client *http.Client
	log    *slog.Logger
}

// New returns the API channel's adapter.
func New(opts Options) *Adapter {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Adapter{opts: opts, client: opts.Guard.Client(), log: log}
}

// Type implements channel.Adapter.
func (a *Adapter) Type() kefu.ChannelType { return kefu.ChannelAPI }

// Capabilities implements channel.Adapter: the integrator takes text and files (as signed
// download URLs), at any time.
//
// Sends are idempotent: every delivery of one reply carries the same webhook-id (the message
// id), which the contract tells integrators to dedupe on, so a reply whose attempt a crash cut
// short is sent again rather than left failed.
func (a *Adapter) Capabilities() channel.Capabilities {
	return channel.Capabilities{Sends: []kefu.MessageKind{kefu.KindText, kefu.KindImage, kefu.KindFile}, IdempotentSends: true}
}

var (
	_ channel.Adapter    = (*Adapter)(nil)
	_ channel.Configurer = (*Adapter)(nil)
)
