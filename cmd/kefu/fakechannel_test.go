package main

import (
	"context"
	"crypto/rand"
	"errors"
	"io"
	"net/http"
	"sync"

	"github.com/kefu-dev/kefu/internal/channel"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// fakeChannel is a test-only adapter of one channel type standing in for kefu's own (through
// Main.ExtraAdapters): it implements Webhooks, Runner and Configurer and records how the
// server called each.
type fakeChannel struct {
	typ  kefu.ChannelType
	main *Main // for the store, to check the runner stops while it is still open

	mu         sync.Mutex
	hooks      []fakeHook
	configured []fakeConfigure
	started    chan struct{}
	stopped    chan struct{}
	stopErr    error // what reading the inboxes after ctx ended answered
}

// fakeHook is one webhook the adapter was handed.
type fakeHook struct {
	Method, InboxID, OrgID string
	BotToken               string // the inbox's secret, opened, as an adapter verifies with
	Body                   []byte
}

// fakeConfigure is one call of Configure.
type fakeConfigure struct {
	InboxID string
	Create  bool
	Secrets kefu.ChannelSecrets
}

func newFakeChannel(t kefu.ChannelType, m *Main) *fakeChannel {
	return &fakeChannel{typ: t, main: m, started: make(chan struct{}), stopped: make(chan struct{})}
}

func (f *fakeChannel) Type() kefu.ChannelType { return f.typ }

func (f *fakeChannel) Capabilities() channel.Capabilities {
	return channel.Capabilities{Sends: []kefu.MessageKind{kefu.KindText}}
}

func (f *fakeChannel) Deliver(context.Context, channel.Outbound) (channel.DeliveryResult, error) {
	return channel.DeliveryResult{}, nil
}

// ServeWebhook records the request; a body over the server's limit is answered 413.
func (f *fakeChannel) ServeWebhook(w http.ResponseWriter, r *http.Request, inbox *kefu.Inbox) {
	body, err := io.ReadAll(r.Body)
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		w.WriteHeader(http.StatusRequestEntityTooLarge)
		return
	}
	f.mu.Lock()
	f.hooks = append(f.hooks, fakeHook{Method: r.Method, InboxID: inbox.ID, OrgID: inbox.OrgID, BotToken: inbox.Secrets.BotToken, Body: body})
	f.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}

// Run says it started, waits for the end, then reads the inboxes once more: the server must
// stop runners before it closes the store.
func (f *fakeChannel) Run(ctx context.Context) error {
	close(f.started)
	<-ctx.Done()
	_, err := f.main.store.InboxesOfChannel(context.WithoutCancel(ctx), f.typ)
	f.mu.Lock()
	f.stopErr = err
	f.mu.Unlock()
	close(f.stopped)
	return nil
}

// Configure completes the configuration as the real adapters do: it keeps prev's secrets that
// next leaves empty (the contract), fills a bot's username from the platform and generates an
// API signing secret; a bot token "refused" is refused as Telegram would.
func (f *fakeChannel) Configure(_ context.Context, next, prev *kefu.Inbox) error {
	if prev != nil {
		keepEmpty(&next.Secrets.IMAPPassword, prev.Secrets.IMAPPassword)
		keepEmpty(&next.Secrets.SMTPPassword, prev.Secrets.SMTPPassword)
		keepEmpty(&next.Secrets.BotToken, prev.Secrets.BotToken)
		keepEmpty(&next.Secrets.APISecret, prev.Secrets.APISecret)
	}
	f.mu.Lock()
	f.configured = append(f.configured, fakeConfigure{InboxID: next.ID, Create: prev == nil, Secrets: next.Secrets})
	f.mu.Unlock()
	if next.Secrets.BotToken == "refused" {
		return kefu.FieldError("secrets.bot_token", "Telegram refused this bot token")
	}
	if next.Config.Telegram != nil {
		next.Config.Telegram.BotUsername = "fake_kefu_bot"
	}
	if f.typ == kefu.ChannelAPI && next.Secrets.APISecret == "" {
		next.Secrets.APISecret = "whsec_" + rand.Text()
	}
	return nil
}

func (f *fakeChannel) hookCalls() []fakeHook {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]fakeHook(nil), f.hooks...)
}

func (f *fakeChannel) configureCalls() []fakeConfigure {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]fakeConfigure(nil), f.configured...)
}

func keepEmpty(next *string, prev string) {
	if *next == "" {
		*next = prev
	}
}
