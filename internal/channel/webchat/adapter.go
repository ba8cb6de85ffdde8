package webchat

import (
	"context"

	"github.com/kefu-dev/kefu/internal/channel"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// The web widget is a channel.Adapter. Its visitors hold sessions and talk to kefu directly
// (the visitor API and realtime), so inbound needs no channel.Receiver, and outbound needs no
// delivery: the realtime hub pushes every committed message to the visitor's connections, and
// a visitor who was away resumes from the store.
var _ channel.Adapter = (*Service)(nil)

// Type is the web channel.
func (s *Service) Type() kefu.ChannelType { return kefu.ChannelWeb }

// Capabilities of the widget: text, images and files up to kefu's own limits, no reply window,
// delivered by realtime push.
func (s *Service) Capabilities() channel.Capabilities {
	return channel.Capabilities{
		Sends:        []kefu.MessageKind{kefu.KindText, kefu.KindImage, kefu.KindFile},
		MaxTextBytes: kefu.MaxContentBytes,
		Realtime:     true,
	}
}

// Deliver is never called for a realtime channel (channel.Registry.Deliverer skips it); should
// it be, it sends nothing and says the hub delivers.
func (s *Service) Deliver(context.Context, channel.Outbound) (channel.DeliveryResult, error) {
	return channel.DeliveryResult{Realtime: true}, nil
}
