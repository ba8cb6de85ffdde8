package main

// Interim wiring of the channels for the Telegram adapter until the channel framework's own
// (/hooks routing in the API, runners stopped before the store, the admin's Configurer) is
// merged: then this file goes, and telegramChannel is added to the framework's list.

import (
	"context"
	"net/http"
	"strings"

	"github.com/kefu-dev/kefu/internal/channel"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// wireChannels builds the registry of channel adapters: the web widget and Telegram, which
// receives through a Receiver on the contact and conversation services.
func (m *Main) wireChannels(svc *services) error {
	rcv := channel.NewReceiver(svc.contacts, m.convs, m.Logger)
	var err error
	svc.channels, err = channel.NewRegistry(svc.widget, m.telegramChannel(rcv, m.store))
	m.channels = svc.channels
	return err
}

// startChannelRunners runs every adapter's own work (Telegram long polling) under the
// workers' errgroup until Close.
func (m *Main) startChannelRunners(ctx context.Context) {
	for _, t := range m.channels.Types() {
		a, _ := m.channels.Adapter(t)
		if r, ok := a.(channel.Runner); ok {
			m.workers.Go(func() error { return r.Run(ctx) })
		}
	}
}

// inboxFinder finds the inbox a platform's webhook names; the store satisfies it.
type inboxFinder interface {
	GetInboxAnyOrg(ctx context.Context, id string) (*kefu.Inbox, error)
}

// channelHooks answers /hooks/{inbox_id} with the adapter of the inbox's channel, which
// verifies the platform's secret itself; everything else goes to next. An unknown inbox, or
// one whose channel takes no webhooks, is 404.
func channelHooks(next http.Handler, reg *channel.Registry, inboxes inboxFinder) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, ok := strings.CutPrefix(r.URL.Path, "/hooks/")
		if !ok {
			next.ServeHTTP(w, r)
			return
		}
		in, err := inboxes.GetInboxAnyOrg(r.Context(), id)
		if err != nil {
			http.NotFound(w, r)
			return
		}
		a, _ := reg.Adapter(in.Channel)
		hooks, ok := a.(channel.Webhooks)
		if !ok {
			http.NotFound(w, r)
			return
		}
		hooks.ServeWebhook(w, r, in)
	})
}
