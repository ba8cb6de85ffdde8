package webchat

import (
	"testing"

	"github.com/kefu-dev/kefu/internal/channel"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// The widget is a realtime channel: its replies are never handed to a delivery job.
func TestAdapter(t *testing.T) {
	s := &Service{}
	reg, err := channel.NewRegistry(s)
	if err != nil {
		t.Fatal(err)
	}
	caps, ok := reg.Capabilities(kefu.ChannelWeb)
	if !ok || !caps.Realtime || !caps.CanSend(kefu.KindText) || !caps.CanSend(kefu.KindImage) || !caps.CanSend(kefu.KindFile) {
		t.Errorf("web capabilities = %+v, want realtime text, image and file", caps)
	}
	reply := &kefu.Message{SenderType: kefu.SenderAgent, Kind: kefu.KindText}
	if _, ok := reg.Deliverer(kefu.ChannelWeb, reply); ok {
		t.Errorf("an agent's reply on the web channel is to be delivered by a job, want the hub only")
	}
	res, err := s.Deliver(t.Context(), channel.Outbound{Message: reply})
	if err != nil || !res.Realtime {
		t.Errorf("Deliver() = %+v, %v; want realtime and no error", res, err)
	}
}
