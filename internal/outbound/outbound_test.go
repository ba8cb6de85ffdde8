package outbound_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/channel"
	"github.com/kefu-dev/kefu/internal/channel/channeltest"
	"github.com/kefu-dev/kefu/internal/jobs"
	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/outbound"
	"github.com/kefu-dev/kefu/internal/store"
	"github.com/kefu-dev/kefu/internal/store/storetest"
)

// clock is a settable time for the service under test.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) add(d time.Duration) { c.mu.Lock(); c.now = c.now.Add(d); c.mu.Unlock() }

// fixture is a real SQLite store with a conversation on the test channel, and the service
// delivering to a platform at url, driven attempt by attempt through Handle.
type fixture struct {
	st    *store.Store
	svc   *outbound.Service
	clock *clock
	org   string
	conv  string
	agent string
}

func newFixture(t *testing.T, url string) *fixture {
	ctx := context.Background()
	st := storetest.OpenSQLite(t)
	st.SetDeliveryPolicy(func(ch kefu.ChannelType, _ *kefu.Message) bool { return ch == channeltest.Type })
	org, owner := &kefu.Org{Name: "Out", Settings: kefu.DefaultOrgSettings()}, &kefu.Agent{Email: "o@example.com", Name: "Olga", Role: kefu.RoleOwner}
	must(t, st.CreateOrgWithOwner(ctx, org, owner))
	in := &kefu.Inbox{OrgID: org.ID, Name: "Test", Channel: channeltest.Type, WidgetKey: "wk-out"}
	must(t, st.CreateInbox(ctx, in))
	ct := &kefu.Contact{OrgID: org.ID, Name: "C", Identities: []kefu.Identity{{Channel: channeltest.Type, ExternalID: "cust-1"}}}
	must(t, st.CreateContact(ctx, ct))
	conv, err := st.CreateConversation(ctx, &kefu.Conversation{OrgID: org.ID, InboxID: in.ID, ContactID: ct.ID})
	must(t, err)
	reg, err := channel.NewRegistry(&channeltest.Adapter{URL: url, Caps: channel.Capabilities{Sends: []kefu.MessageKind{kefu.KindText}}})
	must(t, err)
	c := &clock{now: time.Now()}
	svc := outbound.New(outbound.Options{Store: st, Adapters: reg, GiveUp: time.Hour,
		Backoff: jobs.Backoff{Base: 10 * time.Minute, Max: 10 * time.Minute}, Now: c.Now})
	return &fixture{st: st, svc: svc, clock: c, org: org.ID, conv: conv.ID, agent: owner.ID}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// reply appends an agent's reply and returns its id.
func (f *fixture) reply(t *testing.T, text string) string {
	m := &kefu.Message{OrgID: f.org, ConversationID: f.conv, SenderType: kefu.SenderAgent, SenderID: f.agent, Content: text}
	_, _, err := f.st.AppendMessage(context.Background(), m, nil)
	must(t, err)
	return m.ID
}

// attempt runs the message's delivery job once.
func (f *fixture) attempt(id string) error {
	return f.svc.Handle(context.Background(), kefu.Job{OrgID: f.org, Kind: kefu.DeliveryJobKind, Ref: id})
}

func (f *fixture) record(t *testing.T, id string) *kefu.DeliveryRecord {
	r, err := f.st.GetDelivery(context.Background(), f.org, id)
	must(t, err)
	return r
}

// A platform that keeps failing is retried until the next attempt would fall past the give-up
// time; then the delivery fails, saying so and why.
func TestGivesUpAfterTheConfiguredTime(t *testing.T) {
	unavailable := channeltest.Answer{Status: 503, Error: "service unavailable"}
	p := channeltest.NewPlatform(false, unavailable, unavailable, unavailable)
	defer p.Close()
	f := newFixture(t, p.URL)
	id := f.reply(t, "hello")
	if err := f.attempt(id); err == nil {
		t.Fatalf("first attempt against a 503 = nil, want a retry")
	}
	r := f.record(t, id)
	if r.Status != kefu.DeliverySending || r.NextAttemptAt == nil || r.Error != "service unavailable" || r.InFlight {
		t.Fatalf("after one 503: %+v, want sending with the reason and a next attempt", r)
	}
	f.clock.add(55 * time.Minute) // the next backoff (5–10 minutes) ends past the hour
	if err := f.attempt(id); err != nil {
		t.Fatalf("last attempt = %v, want the job done", err)
	}
	r = f.record(t, id)
	if r.Status != kefu.DeliveryFailed || !strings.HasPrefix(r.Error, "gave up after 1h0m0s") || !strings.HasSuffix(r.Error, "service unavailable") {
		t.Errorf("after giving up: %+v, want failed, saying it gave up and the last reason", r)
	}
	if len(p.Received()) != 2 {
		t.Errorf("platform got %d requests, want 2", len(p.Received()))
	}
}

// A conversation's replies leave in the order they were written: a later one waits while an
// earlier one is still sending.
func TestLaterReplyWaitsForEarlier(t *testing.T) {
	p := channeltest.NewPlatform(false, channeltest.Answer{Status: 503, Error: "busy"})
	defer p.Close()
	f := newFixture(t, p.URL)
	first, second := f.reply(t, "one"), f.reply(t, "two")
	if err := f.attempt(first); err == nil {
		t.Fatalf("first attempt = nil, want a retry after the 503")
	}
	if err := f.attempt(second); err == nil || len(p.Received()) != 1 {
		t.Fatalf("second reply while the first is sending: %v with %d requests; want it to wait, unsent", err, len(p.Received()))
	}
	f.clock.add(11 * time.Minute)
	must(t, f.attempt(first))
	must(t, f.attempt(second))
	got := p.Received()
	if len(got) != 3 || got[1].Text != "one" || got[2].Text != "two" {
		t.Errorf("platform got %+v, want one then two", got)
	}
}

// A reply waiting behind an earlier one that keeps failing gives up on its own give-up time,
// without ever being sent out of order.
func TestWaitingReplyGivesUpOnItsOwnTime(t *testing.T) {
	busy := channeltest.Answer{Status: 503, Error: "busy"}
	p := channeltest.NewPlatform(false, busy, busy)
	defer p.Close()
	f := newFixture(t, p.URL)
	first, second := f.reply(t, "one"), f.reply(t, "two")
	if err := f.attempt(first); err == nil {
		t.Fatalf("first attempt = nil, want a retry after the 503")
	}
	f.clock.add(61 * time.Minute)
	must(t, f.attempt(second))
	if r := f.record(t, second); r.Status != kefu.DeliveryFailed || !strings.HasPrefix(r.Error, "gave up after 1h0m0s") {
		t.Errorf("second reply past the give-up time: %+v, want failed, saying it gave up", r)
	}
	if n := len(p.Received()); n != 1 {
		t.Errorf("platform got %d requests, want only the first reply's one", n)
	}
}

// A network failure is retried and shown to the agent without the platform's URL, which may
// carry a credential.
func TestNetworkFailureReasonHidesTheURL(t *testing.T) {
	p := channeltest.NewPlatform(false)
	url := p.URL + "/botSECRET-TOKEN/send"
	p.Close()
	f := newFixture(t, url)
	id := f.reply(t, "hello")
	err := f.attempt(id)
	r := f.record(t, id)
	if err == nil || r.Status != kefu.DeliverySending || !strings.HasPrefix(r.Error, "could not reach the platform") ||
		strings.Contains(r.Error, "SECRET") || strings.Contains(err.Error(), "SECRET") {
		t.Errorf("unreachable platform: %v, record %+v; want a retry with a reason without the URL", err, r)
	}
	if errors.Is(err, context.Canceled) {
		t.Errorf("unexpected cancellation: %v", err)
	}
}
