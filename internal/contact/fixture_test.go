package contact_test

import (
	"context"
	"crypto/rand"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/contact"
	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/kefu/kefutest"
	"github.com/kefu-dev/kefu/internal/store"
	"github.com/kefu-dev/kefu/internal/store/storetest"
)

// The real store must keep satisfying what the service declares it needs.
var _ contact.Store = (*store.Store)(nil)

// env is one test's service over a real, migrated store, with a clock the test moves.
type env struct {
	st    *store.Store
	svc   *contact.Service
	clock *clock
}

// eachStore runs fn against SQLite always and PostgreSQL when KEFU_TEST_POSTGRES_URL is set.
func eachStore(t *testing.T, fn func(t *testing.T, e *env)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, newEnv(storetest.OpenSQLite(t))) })
	t.Run("postgres", func(t *testing.T) { fn(t, newEnv(storetest.OpenPostgres(t))) })
}

func newEnv(st *store.Store) *env {
	c := &clock{now: time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)}
	return &env{st: st, svc: contact.New(st, nil, c.Now, contact.WithMerging(st, nil)), clock: c}
}

// clock is a settable time source.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// world is one organisation with an agent, an inbox and a contact.
type world struct {
	org     *kefu.Org
	owner   *kefu.Agent
	agent   *kefu.Agent
	inbox   *kefu.Inbox
	contact *kefu.Contact
}

func unique(prefix string) string { return prefix + "-" + strings.ToLower(rand.Text()[:12]) }

func (e *env) mustWorld(t *testing.T) *world {
	t.Helper()
	ctx := context.Background()
	w := &world{org: &kefu.Org{Name: unique("org"), Settings: kefu.DefaultOrgSettings()}}
	w.owner = &kefu.Agent{Email: unique("owner") + "@example.com", Name: "Owner", Role: kefu.RoleOwner}
	kefutest.Must(t, e.st.CreateOrgWithOwner(ctx, w.org, w.owner))
	w.agent = &kefu.Agent{OrgID: w.org.ID, Email: unique("agent") + "@example.com", Name: "Agent", Role: kefu.RoleAgent}
	kefutest.Must(t, e.st.CreateAgent(ctx, w.agent))
	w.inbox = &kefu.Inbox{OrgID: w.org.ID, Name: "Site", Channel: kefu.ChannelWeb, WidgetKey: unique("wk")}
	kefutest.Must(t, e.st.CreateInbox(ctx, w.inbox))
	w.contact = e.mustContact(t, w, "王小明", "ming@example.com")
	return w
}

func (e *env) mustContact(t *testing.T, w *world, name, email string) *kefu.Contact {
	t.Helper()
	c := &kefu.Contact{OrgID: w.org.ID, Name: name, Email: email}
	kefutest.Must(t, e.st.CreateContact(context.Background(), c))
	return c
}

// stored reads a contact back from the store.
func (e *env) stored(t *testing.T, w *world, id string) *kefu.Contact {
	t.Helper()
	c, err := e.st.GetContact(context.Background(), w.org.ID, id)
	kefutest.Must(t, err)
	return c
}

// count returns how many contacts the organisation has.
func (e *env) count(t *testing.T, w *world) int {
	t.Helper()
	all, _, err := e.st.ListContacts(context.Background(), w.org.ID, kefu.ContactQuery{Limit: 100})
	kefutest.Must(t, err)
	return len(all)
}

func visitorActor(w *world, c *kefu.Contact) kefu.Actor {
	return kefu.Actor{Kind: kefu.ActorVisitor, OrgID: w.org.ID, ContactID: c.ID, InboxID: w.inbox.ID}
}

func ptr[T any](v T) *T { return &v }
