package main

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"slices"

	"github.com/kefu-dev/kefu/internal/channel"
	"github.com/kefu-dev/kefu/internal/channel/email"
	"github.com/kefu-dev/kefu/internal/channel/wechat/wxtoken"
	"github.com/kefu-dev/kefu/internal/conversation"
	"github.com/kefu-dev/kefu/internal/jobs"
	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/netguard"
	"github.com/kefu-dev/kefu/internal/outbound"
)

// channelDeps are what every channel adapter is built from: one constructor call per channel
// in channelAdapters picks what it needs.
type channelDeps struct {
	// Receiver turns normalised inbound messages into contacts, conversations and messages.
	Receiver *channel.Receiver
	// Contacts resolves a sender without a message (a WeChat subscribe event).
	Contacts channel.Contacts
	// Inboxes lists the inboxes of a channel type, secrets opened: what a Runner serves.
	Inboxes channel.InboxSource
	// PublicURL is kefu's external base URL ("" when not configured): a webhook to register
	// with a platform is PublicURL + "/hooks/" + inbox id.
	PublicURL string
	// HTTPClient reaches URLs someone configured (callbacks, attachment URLs) through the SSRF
	// guard; Guard makes a client of other timeouts (long polling) under the same rules.
	HTTPClient *http.Client
	Guard      *netguard.Guard
	Logger     *slog.Logger
	// NotifyJobs wakes the job runner after an adapter committed a job (the runner is built
	// after the adapters, so this reaches it through Main).
	NotifyJobs func()
	// PlatformTokens caches the WeChat platforms' access tokens, shared with every kefu process
	// through the store.
	PlatformTokens *wxtoken.Cache
}

// channelAdapters builds the adapters of the external channels; the web widget's is built with
// the admin services. A new channel adds its constructor here.
func (m *Main) channelAdapters(d channelDeps) []channel.Adapter {
	return append([]channel.Adapter{m.telegramChannel(d.Receiver, d.Inboxes), m.wecomChannel(d)}, m.wechatChannels(d)...)
}

// withExtraAdapters returns adapters with Main.ExtraAdapters added, each replacing kefu's own
// adapter of its type: a test's fake platform stands in for the real one.
func (m *Main) withExtraAdapters(adapters []channel.Adapter) []channel.Adapter {
	out := slices.DeleteFunc(adapters, func(a channel.Adapter) bool {
		return slices.ContainsFunc(m.ExtraAdapters, func(x channel.Adapter) bool { return x.Type() == a.Type() })
	})
	return append(out, m.ExtraAdapters...)
}

// wireChannels builds the shared Receiver and the registry of every adapter, and lets the
// admin service's configuration checks reach the adapters.
func (m *Main) wireChannels(svc *services, secret []byte) error {
	d := channelDeps{
		Receiver: channel.NewReceiver(svc.contacts, m.convs, m.Logger), Contacts: svc.contacts,
		Inboxes: svc.admin, PublicURL: m.Config.PublicURL,
		HTTPClient: svc.guard.Client(), Guard: svc.guard, Logger: m.Logger,
		PlatformTokens: wxtoken.New(wxtoken.Options{Store: m.store}),
		NotifyJobs: func() {
			if m.runner != nil {
				m.runner.Notify()
			}
		},
	}
	var err error
	if svc.api, err = m.wireAPIChannel(d.Receiver, secret); err != nil {
		return err
	}
	mail, err := m.emailChannel(d.Receiver, secret)
	if err != nil {
		return err
	}
	adapters := append([]channel.Adapter{svc.widget, mail, svc.api}, m.channelAdapters(d)...)
	adapters = m.withExtraAdapters(adapters)
	if svc.channels, err = channel.NewRegistry(adapters...); err != nil {
		return err
	}
	svc.configurer.reg, svc.limits.reg = svc.channels, svc.channels
	m.channels, m.receiver = svc.channels, d.Receiver
	reg := svc.channels
	m.store.SetDeliveryPolicy(func(t kefu.ChannelType, msg *kefu.Message) bool {
		_, ok := reg.Deliverer(t, msg)
		return ok
	})
	return nil
}

// registryConfigurer is admin.ChannelConfigurer over the registry: the inbox's adapter checks
// its configuration when it implements channel.Configurer. Its registry is set once wire has
// built it, after the admin service (the web adapter needs that service).
type registryConfigurer struct {
	reg *channel.Registry
}

// Configure calls the Configurer of next's channel adapter, if it has one.
func (c *registryConfigurer) Configure(ctx context.Context, next, prev *kefu.Inbox) error {
	if c.reg == nil {
		return nil
	}
	a, ok := c.reg.Adapter(next.Channel)
	if !ok {
		return kefu.FieldError("channel", "this server has no %s channel", next.Channel)
	}
	if cf, ok := a.(channel.Configurer); ok {
		return cf.Configure(ctx, next, prev)
	}
	return nil
}

// startChannelRunners starts Run of every adapter that has work of its own, in a context of
// its own: Close stops them first, before the job runner and the store.
func (m *Main) startChannelRunners(workCtx context.Context) {
	ctx, cancel := context.WithCancel(workCtx)
	done := make(chan struct{})
	runners := m.channelRunners()
	m.workers.Go(func() error {
		defer close(done)
		m.runChannels(ctx, runners)
		return nil
	})
	m.stopChannels = func() {
		cancel()
		<-done
	}
}

// channelRunners are the registered adapters that implement channel.Runner.
func (m *Main) channelRunners() map[kefu.ChannelType]channel.Runner {
	out := map[kefu.ChannelType]channel.Runner{}
	for _, t := range m.channels.Types() {
		a, _ := m.channels.Adapter(t)
		if r, ok := a.(channel.Runner); ok {
			out[t] = r
		}
	}
	return out
}

// runChannels runs each runner until ctx ends. A runner that fails is logged, not fatal: one
// broken mailbox must not stop the server's other channels (runners retry their own
// connections; an error here is a bug or a stop).
func (m *Main) runChannels(ctx context.Context, runners map[kefu.ChannelType]channel.Runner) {
	done := make(chan struct{}, len(runners))
	for t, r := range runners {
		go func() {
			defer func() { done <- struct{}{} }()
			if err := r.Run(ctx); err != nil && ctx.Err() == nil {
				m.Logger.Error("channel runner stopped", "channel", string(t), "err", err)
			}
		}()
	}
	for range runners {
		<-done
	}
}

// channelLimits gives the conversation service the channel registry's capabilities. The
// conversation service is built before the registry (the web channel is built on it), so wire
// fills reg in once the registry exists; until then nothing is limited.
type channelLimits struct{ reg *channel.Registry }

// Limits implements conversation.Channels.
func (l *channelLimits) Limits(t kefu.ChannelType) (conversation.ChannelLimits, bool) {
	if l.reg == nil {
		return conversation.ChannelLimits{}, false
	}
	c, ok := l.reg.Capabilities(t)
	if !ok || c.Realtime {
		return conversation.ChannelLimits{}, false
	}
	return conversation.ChannelLimits{Sends: c.Sends, MaxTextBytes: c.MaxTextBytes,
		MaxAttachmentBytes: c.MaxAttachmentBytes, ReplyWindow: c.ReplyWindow, MaxRepliesPerWindow: c.MaxRepliesPerWindow}, true
}

// wireOutbound registers the delivery job's handler; the service follows the bus to wake the
// runner when a reply is queued or retried.
func (m *Main) wireOutbound(svc *services, handlers map[string]jobs.Handler) {
	out := outbound.New(outbound.Options{
		Store: m.store, Adapters: svc.channels, Blobs: svc.blobs, Logger: m.Logger,
		GiveUp: m.Config.ChannelDeliveryGiveUp, Backoff: m.JobBackoff, Notify: m.runner.Notify,
	})
	handlers[kefu.DeliveryJobKind] = out.Handle
	m.bus.Subscribe("outbound", out.Follow)
}

// wireChannelJobs registers the job handlers of the adapters that have jobs of their own.
func (m *Main) wireChannelJobs(handlers map[string]jobs.Handler) {
	for _, t := range m.channels.Types() {
		a, _ := m.channels.Adapter(t)
		if j, ok := a.(channel.Jobs); ok {
			for kind, h := range j.JobHandlers() {
				handlers[kind] = h
			}
		}
	}
}

// emailChannel builds the email adapter on the store. Its reply tokens are keyed by a key
// derived from the server's secret, so they survive restarts and mean nothing elsewhere. The
// SMTP listener's port (smtp_listen) is opened here, so a port in use stops the start with a
// clear error instead of failing later in the background.
func (m *Main) emailChannel(rcv *channel.Receiver, secret []byte) (*email.Adapter, error) {
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte("kefu email reply tokens"))
	var ln net.Listener
	if addr := m.Config.SMTPListen; addr != "" {
		var err error
		if ln, err = net.Listen("tcp", addr); err != nil {
			return nil, fmt.Errorf("listen on smtp_listen %s: %w", addr, err)
		}
	}
	return email.New(email.Options{
		Receiver: rcv, Store: m.store, Inboxes: m.store,
		Secret: mac.Sum(nil), Logger: m.Logger, PollInterval: m.ChannelPoll, RefreshInterval: m.ChannelPoll,
		SMTPListener: ln,
	}), nil
}

var _ channel.Configurer = (*email.Adapter)(nil)
var _ channel.Runner = (*email.Adapter)(nil)
