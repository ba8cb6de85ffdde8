package main

import (
	"github.com/kefu-dev/kefu/internal/channel"
	"github.com/kefu-dev/kefu/internal/conversation"
	"github.com/kefu-dev/kefu/internal/jobs"
	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/outbound"
)

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
		MaxAttachmentBytes: c.MaxAttachmentBytes, ReplyWindow: c.ReplyWindow}, true
}

// wireChannels builds the channel registry from the web channel and the other adapters, and
// makes the store queue a delivery with every reply that one of them must deliver.
func (m *Main) wireChannels(svc *services) error {
	// The channels built into kefu join the web one here; m.Adapters are a test's own.
	adapters := append([]channel.Adapter{svc.widget}, m.Adapters...)
	reg, err := channel.NewRegistry(adapters...)
	if err != nil {
		return err
	}
	svc.channels, svc.limits.reg = reg, reg
	m.store.SetDeliveryPolicy(func(t kefu.ChannelType, msg *kefu.Message) bool {
		_, ok := reg.Deliverer(t, msg)
		return ok
	})
	return nil
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
