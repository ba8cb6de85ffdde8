package storetest

import (
	"context"
	"crypto/rand"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/store"
)

// world is one organisation with an owner, an inbox, a contact and a conversation.
type world struct {
	s       *store.Store
	org     *kefu.Org
	owner   *kefu.Agent
	inbox   *kefu.Inbox
	contact *kefu.Contact
	conv    *kefu.Conversation
}

// next makes a unique name: emails and widget keys are unique across organisations.
func next(prefix string) string { return prefix + "-" + strings.ToLower(rand.Text()[:12]) }

// newWorld creates a fresh organisation in s with everything a conversation needs.
func newWorld(t *testing.T, s *store.Store) *world {
	t.Helper()
	ctx := context.Background()
	w := &world{s: s}
	w.org = &kefu.Org{Name: next("org"), Settings: kefu.DefaultOrgSettings()}
	w.owner = &kefu.Agent{Email: next("Owner") + "@Example.com", Name: "Owner", Role: kefu.RoleOwner, Capacity: 5}
	must(t, s.CreateOrgWithOwner(ctx, w.org, w.owner))
	w.inbox = &kefu.Inbox{OrgID: w.org.ID, Name: "Site", Channel: kefu.ChannelWeb, WidgetKey: next("wk")}
	must(t, s.CreateInbox(ctx, w.inbox))
	w.contact = w.newContact(t, "Visitor")
	w.conv = w.newConversation(t)
	return w
}

func (w *world) newAgent(t *testing.T, name string) *kefu.Agent {
	t.Helper()
	a := &kefu.Agent{OrgID: w.org.ID, Email: next(name) + "@example.com", Name: name, Role: kefu.RoleAgent, Capacity: 3}
	must(t, w.s.CreateAgent(context.Background(), a))
	return a
}

func (w *world) newContact(t *testing.T, name string) *kefu.Contact {
	t.Helper()
	c := &kefu.Contact{OrgID: w.org.ID, Name: name}
	must(t, w.s.CreateContact(context.Background(), c))
	return c
}

func (w *world) newConversation(t *testing.T) *kefu.Conversation {
	t.Helper()
	c, err := w.s.CreateConversation(context.Background(),
		&kefu.Conversation{OrgID: w.org.ID, InboxID: w.inbox.ID, ContactID: w.contact.ID})
	must(t, err)
	return c
}

// msg is a message from sender in the world's conversation; an agent's is the owner's.
func (w *world) msg(sender kefu.SenderType, kind kefu.MessageKind, content string) *kefu.Message {
	m := &kefu.Message{OrgID: w.org.ID, ConversationID: w.conv.ID, SenderType: sender, Kind: kind, Content: content}
	if sender == kefu.SenderAgent {
		m.SenderID = w.owner.ID
	}
	return m
}

func (w *world) append(t *testing.T, m *kefu.Message) *kefu.Message {
	t.Helper()
	out, dup, err := w.s.AppendMessage(context.Background(), m, nil)
	must(t, err)
	if dup {
		t.Fatalf("append %q: got duplicate, want new", m.Content)
	}
	return out
}

func (w *world) conversation(t *testing.T) *kefu.Conversation {
	t.Helper()
	c, err := w.s.GetConversation(context.Background(), w.org.ID, w.conv.ID)
	must(t, err)
	return c
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
}

// wantCode fails unless err is a *kefu.Error with the code.
func wantCode(t testing.TB, what string, err error, code kefu.Code) {
	t.Helper()
	var ke *kefu.Error
	if !errors.As(err, &ke) || ke.Code != code {
		t.Errorf("%s: got error %v, want code %s", what, err, code)
	}
}

// checkFor polls cond until it returns nil or the timeout passes.
func checkFor(t testing.TB, timeout time.Duration, cond func() error) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		err := cond()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("condition not met after %v: %v", timeout, err)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// sinkRecorder records published events.
type sinkRecorder struct {
	mu     sync.Mutex
	events []kefu.Event
}

func (r *sinkRecorder) Publish(events []kefu.Event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, events...)
}

// publishedAfter returns the organisation's published events above seq0 once at least n have
// arrived (or after 5 s, what did): the writer publishes them just after the commit
// that answered the writes, so a poll may run between the two.
func publishedAfter(t *testing.T, r *sinkRecorder, orgID string, seq0 int64, n int) []kefu.Event {
	t.Helper()
	var published []kefu.Event
	deadline := time.Now().Add(5 * time.Second)
	for {
		published = slices.DeleteFunc(r.snapshot(), func(ev kefu.Event) bool { return ev.OrgID != orgID || ev.Seq <= seq0 })
		if len(published) >= n || time.Now().After(deadline) {
			return published
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (r *sinkRecorder) snapshot() []kefu.Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]kefu.Event(nil), r.events...)
}
