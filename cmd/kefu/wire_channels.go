package main

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"fmt"
	"net"

	"github.com/kefu-dev/kefu/internal/channel"
	"github.com/kefu-dev/kefu/internal/channel/email"
)

// emailChannel builds the email adapter on the store. Its reply tokens are keyed by a key
// derived from the server's secret, so they survive restarts and mean nothing elsewhere. The
// SMTP listener's port (smtp_listen) is opened here, so a port in use stops the start with a
// clear error instead of failing later in the background.
func (m *Main) emailChannel(svc *services, secret []byte) (*email.Adapter, error) {
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
		Receiver: channel.NewReceiver(svc.contacts, m.convs, m.Logger), Store: m.store, Inboxes: m.store,
		Secret: mac.Sum(nil), Logger: m.Logger, PollInterval: m.ChannelPoll, RefreshInterval: m.ChannelPoll,
		SMTPListener: ln,
	}), nil
}

// startChannelRunners starts the work of every adapter that has its own (an IMAP connection
// per email inbox) under the workers' errgroup; Close's cancel of workCtx stops them before
// the store closes.
func (m *Main) startChannelRunners(workCtx context.Context) {
	for _, t := range m.channels.Types() {
		a, _ := m.channels.Adapter(t)
		if r, ok := a.(channel.Runner); ok {
			m.workers.Go(func() error { return r.Run(workCtx) })
		}
	}
}
