package telegram

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/channel/telegram/telegramtest"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// inboxList is an InboxSource whose inboxes a test changes while the Runner runs.
type inboxList struct {
	mu      sync.Mutex
	inboxes []kefu.Inbox
}

func (l *inboxList) InboxesOfChannel(context.Context, kefu.ChannelType) ([]kefu.Inbox, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]kefu.Inbox(nil), l.inboxes...), nil
}

func (l *inboxList) set(in ...kefu.Inbox) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.inboxes = in
}

// checkFor polls cond until it holds or the time is up.
func checkFor(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	for end := time.Now().Add(d); !cond(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(end) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

func TestRunPolls(t *testing.T) {
	f := newFixture(t, "")
	list := &inboxList{}
	f.a.inboxes = list
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- f.a.Run(ctx) }()

	f.api.QueueUpdate(testToken, telegramtest.PrivateMessage(42, 1, map[string]any{"text": "before the inbox polls"}))
	polling := *f.inbox
	polling.Config.Telegram = &kefu.TelegramChannel{Mode: modePolling}
	list.set(polling)
	checkFor(t, 3*time.Second, "the first update", func() bool { return len(f.rcv.all()) == 1 })
	f.api.QueueUpdate(testToken, telegramtest.PrivateMessage(42, 2, map[string]any{"text": "second"}))
	checkFor(t, 3*time.Second, "the second update", func() bool { return len(f.rcv.all()) == 2 })
	if got := f.rcv.all(); got[0].Text != "before the inbox polls" || got[1].Text != "second" || got[1].MessageID != "42:2" {
		t.Errorf("received %+v, want both messages in order", got)
	}
	checkFor(t, 3*time.Second, "the second update confirmed", func() bool { return f.api.Confirmed(testToken) == 1003 })

	list.set() // the inbox is deleted: its poller stops
	time.Sleep(200 * time.Millisecond)
	calls := len(f.api.Calls())
	time.Sleep(1500 * time.Millisecond)
	if n := len(f.api.Calls()); n != calls {
		t.Errorf("%d calls after the inbox was deleted, want none", n-calls)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Run = %v", err)
	}
}

// An update that cannot be stored is fetched again: the offset does not pass it.
func TestRunRetriesUnstoredUpdate(t *testing.T) {
	f := newFixture(t, "")
	f.rcv.err = context.DeadlineExceeded
	polling := *f.inbox
	polling.Config.Telegram = &kefu.TelegramChannel{Mode: modePolling}
	f.a.inboxes = &inboxList{inboxes: []kefu.Inbox{polling}}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go f.a.Run(ctx)
	f.api.QueueUpdate(testToken, telegramtest.PrivateMessage(42, 1, map[string]any{"text": "hi"}))
	checkFor(t, 3*time.Second, "a failed attempt", func() bool { return countCalls(f.api.Calls(), "getUpdates") >= 1 })
	f.rcv.mu.Lock()
	f.rcv.err = nil
	f.rcv.mu.Unlock()
	checkFor(t, 5*time.Second, "the update stored on a later poll", func() bool { return len(f.rcv.all()) == 1 })
}

func countCalls(calls []telegramtest.Call, method string) int {
	n := 0
	for _, c := range calls {
		if c.Method == method {
			n++
		}
	}
	return n
}

// syncBuffer is a log sink the poller's goroutines write to while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  []byte
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.b = append(s.b, p...)
	return len(p), nil
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return string(s.b)
}

// A poller whose Bot API cannot be reached logs why, never the token in the URL it called.
func TestPollLogsNoToken(t *testing.T) {
	f := newFixture(t, "")
	var logs syncBuffer
	polling := *f.inbox
	polling.Config.Telegram = &kefu.TelegramChannel{Mode: modePolling}
	a := New(Options{APIURL: "http://127.0.0.1:1", Receiver: f.rcv, Inboxes: &inboxList{inboxes: []kefu.Inbox{polling}},
		Logger: slog.New(slog.NewTextHandler(&logs, nil)), Rescan: time.Hour})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- a.Run(ctx) }()
	checkFor(t, 3*time.Second, "a logged polling failure", func() bool { return strings.Contains(logs.String(), "polling failed") })
	cancel()
	<-done
	if out := logs.String(); strings.Contains(out, testToken) || strings.Contains(out, "AAH-test") {
		t.Errorf("log shows the token: %s", out)
	}
}
