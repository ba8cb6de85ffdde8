package main

import (
	"context"
	"log/slog"
	"net/http"
	"slices"

	"github.com/kefu-dev/kefu/internal/channel"
	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/netguard"
)

// channelDeps are what every channel adapter is built from: one constructor call per channel
// in channelAdapters picks what it needs.
type channelDeps struct {
	// Receiver turns normalised inbound messages into contacts, conversations and messages.
	Receiver *channel.Receiver
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
}

// channelAdapters builds the adapters of the external channels; the web widget's is built with
// the admin services. A new channel adds its constructor here.
func (m *Main) channelAdapters(d channelDeps) []channel.Adapter {
	return []channel.Adapter{}
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
func (m *Main) wireChannels(svc *services, _ []byte) error {
	d := channelDeps{
		Receiver: channel.NewReceiver(svc.contacts, m.convs, m.Logger),
		Inboxes:  svc.admin, PublicURL: m.Config.PublicURL,
		HTTPClient: svc.guard.Client(), Guard: svc.guard, Logger: m.Logger,
	}
	var err error
	adapters := m.withExtraAdapters(append([]channel.Adapter{svc.widget}, m.channelAdapters(d)...))
	if svc.channels, err = channel.NewRegistry(adapters...); err != nil {
		return err
	}
	svc.configurer.reg = svc.channels
	m.channels, m.receiver = svc.channels, d.Receiver
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
