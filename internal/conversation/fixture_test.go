package conversation_test

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"strings"
	"sync"
	"testing"

	"github.com/kefu-dev/kefu/internal/blob"
	"github.com/kefu-dev/kefu/internal/conversation"
	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/kefu/kefutest"
	"github.com/kefu-dev/kefu/internal/store"
	"github.com/kefu-dev/kefu/internal/store/storetest"
)

// The real store must keep satisfying what the service declares it needs.
var _ conversation.Store = (*store.Store)(nil)

// env is one test's service over a real, migrated store.
type env struct {
	st        *store.Store
	svc       *conversation.Service
	presence  *presence
	ephemeral *recorder
}

// eachStore runs fn against SQLite always and PostgreSQL when KEFU_TEST_POSTGRES_URL is set.
func eachStore(t *testing.T, fn func(t *testing.T, e *env)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, newEnv(t, storetest.OpenSQLite(t))) })
	t.Run("postgres", func(t *testing.T) { fn(t, newEnv(t, storetest.OpenPostgres(t))) })
}

func newEnv(t *testing.T, st *store.Store) *env {
	t.Helper()
	blobs, err := blob.NewDisk(t.TempDir())
	if err != nil {
		t.Fatalf("blob.NewDisk: %v", err)
	}
	e := &env{st: st, presence: &presence{}, ephemeral: &recorder{}}
	e.svc = conversation.New(conversation.Options{
		Store: st, Blobs: blobs, Presence: e.presence, Ephemeral: e.ephemeral,
	})
	return e
}

// presence is a conversation.Presence whose connected agents the test sets.
type presence struct {
	mu        sync.Mutex
	connected map[string]bool
}

func (p *presence) connect(agentIDs ...string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.connected == nil {
		p.connected = map[string]bool{}
	}
	for _, id := range agentIDs {
		p.connected[id] = true
	}
}

func (p *presence) ConnectedAgents(string) map[string]bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make(map[string]bool, len(p.connected))
	for id := range p.connected {
		out[id] = true
	}
	return out
}

// recorder is a conversation.Publisher that keeps what it is given.
type recorder struct {
	mu     sync.Mutex
	events []kefu.Event
}

func (r *recorder) Publish(events []kefu.Event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, events...)
}

func (r *recorder) published() []kefu.Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]kefu.Event(nil), r.events...)
}

// world is one organisation with an inbox, agents of each kind and two contacts.
type world struct {
	org        *kefu.Org
	inbox      *kefu.Inbox
	owner      *kefu.Agent
	supervisor *kefu.Agent
	agent      *kefu.Agent
	colleague  *kefu.Agent // a second plain agent
	disabled   *kefu.Agent
	contact    *kefu.Contact
	other      *kefu.Contact // another customer of the same inbox
}

// unique makes a name no other test uses: emails and widget keys are unique across
// organisations, and PostgreSQL tests may share nothing else.
func unique(prefix string) string { return prefix + "-" + strings.ToLower(rand.Text()[:12]) }

// mustWorld creates an organisation with auto-assignment as given.
func (e *env) mustWorld(t *testing.T, autoAssign bool) *world {
	t.Helper()
	ctx := context.Background()
	settings := kefu.DefaultOrgSettings()
	settings.AutoAssign = autoAssign
	w := &world{org: &kefu.Org{Name: unique("org"), Settings: settings}}
	w.owner = newAgent("Owner", kefu.RoleOwner)
	kefutest.Must(t, e.st.CreateOrgWithOwner(ctx, w.org, w.owner))
	w.supervisor = e.mustAgent(t, w, "Supervisor", kefu.RoleSupervisor)
	w.agent = e.mustAgent(t, w, "Agent", kefu.RoleAgent)
	w.colleague = e.mustAgent(t, w, "Colleague", kefu.RoleAgent)
	w.disabled = newAgent("Disabled", kefu.RoleAgent)
	w.disabled.OrgID, w.disabled.Disabled = w.org.ID, true
	kefutest.Must(t, e.st.CreateAgent(ctx, w.disabled))
	w.inbox = &kefu.Inbox{OrgID: w.org.ID, Name: "Site", Channel: kefu.ChannelWeb, WidgetKey: unique("wk")}
	kefutest.Must(t, e.st.CreateInbox(ctx, w.inbox))
	w.contact = e.mustContact(t, w, "Visitor")
	w.other = e.mustContact(t, w, "Other visitor")
	return w
}

func newAgent(name string, r kefu.Role) *kefu.Agent {
	return &kefu.Agent{
		Email: unique(strings.ToLower(name)) + "@example.com", Name: name, Role: r,
		Capacity: kefu.DefaultCapacity, Availability: kefu.Online,
	}
}

func (e *env) mustAgent(t *testing.T, w *world, name string, r kefu.Role) *kefu.Agent {
	t.Helper()
	a := newAgent(name, r)
	a.OrgID = w.org.ID
	kefutest.Must(t, e.st.CreateAgent(context.Background(), a))
	return a
}

func (e *env) mustContact(t *testing.T, w *world, name string) *kefu.Contact {
	t.Helper()
	c := &kefu.Contact{OrgID: w.org.ID, Name: name}
	kefutest.Must(t, e.st.CreateContact(context.Background(), c))
	return c
}

// mustConversation opens a conversation of contact in the world's inbox, with nobody assigned.
func (e *env) mustConversation(t *testing.T, w *world, contact *kefu.Contact) *kefu.Conversation {
	t.Helper()
	c, err := e.st.CreateConversation(context.Background(),
		&kefu.Conversation{OrgID: w.org.ID, InboxID: w.inbox.ID, ContactID: contact.ID})
	kefutest.Must(t, err)
	return c
}

// mustSend sends content as actor and returns the stored message.
func (e *env) mustSend(t *testing.T, actor kefu.Actor, convID, content string) *kefu.Message {
	t.Helper()
	m, dup, err := e.svc.Send(context.Background(), actor, kefu.SendRequest{ConversationID: convID, Content: content})
	if err != nil || dup {
		t.Fatalf("Send(%q): got dup=%v err=%v, want a new message", content, dup, err)
	}
	return m
}

// conversation reads a conversation back from the store.
func (e *env) conversation(t *testing.T, w *world, id string) *kefu.Conversation {
	t.Helper()
	c, err := e.st.GetConversation(context.Background(), w.org.ID, id)
	kefutest.Must(t, err)
	return c
}

// messages returns every message of a conversation as an agent sees them, oldest first.
func (e *env) messages(t *testing.T, w *world, id string) []kefu.Message {
	t.Helper()
	msgs, err := e.st.ListMessages(context.Background(), w.org.ID, id, kefu.MessageQuery{Forward: true, Limit: 200})
	kefutest.Must(t, err)
	return msgs
}

// activity is the decoded content of an activity (kind event) message.
type activity struct {
	Action       string `json:"action"`
	AssigneeID   string `json:"assignee_id"`
	AssigneeName string `json:"assignee_name"`
	TeamID       string `json:"team_id"`
	Status       string `json:"status"`
	ByID         string `json:"by_id"`
	ByName       string `json:"by_name"`
}

// activities returns the conversation's activity messages, oldest first.
func (e *env) activities(t *testing.T, w *world, id string) []activity {
	t.Helper()
	var out []activity
	for _, m := range e.messages(t, w, id) {
		if m.Kind != kefu.KindEvent {
			continue
		}
		var a activity
		if err := json.Unmarshal([]byte(m.Content), &a); err != nil {
			t.Fatalf("activity %q: %v", m.Content, err)
		}
		out = append(out, a)
	}
	return out
}

// visitorActor is a widget visitor of the world's inbox.
func visitorActor(w *world, c *kefu.Contact) kefu.Actor {
	return kefu.Actor{Kind: kefu.ActorVisitor, OrgID: w.org.ID, ContactID: c.ID, InboxID: w.inbox.ID}
}

// assignTo asks to assign a conversation to a.
func assignTo(a *kefu.Agent) conversation.AssignRequest {
	return conversation.AssignRequest{AssigneeID: ptr(a.ID)}
}

func ptr[T any](v T) *T { return &v }
