package visitor

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/kefu-dev/kefu/internal/conversation"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// Store is what the visitor service needs of the database.
type Store interface {
	// RecordPageView applies one page view to the contact's visits through the inbox.
	RecordPageView(ctx context.Context, pv kefu.PageView) (*kefu.Visit, error)
	// GetVisit returns a contact's visits through an inbox; not_found before the first page view.
	GetVisit(ctx context.Context, k kefu.VisitKey) (*kefu.Visit, error)
	// TouchVisit moves a visit's last_seen_at forward.
	TouchVisit(ctx context.Context, k kefu.VisitKey, at time.Time) error
	// OpenConversationsOf maps contacts to their open conversation per inbox.
	OpenConversationsOf(ctx context.Context, orgID string, contactIDs []string) (map[string]map[string]string, error)
}

// Starter starts an agent's conversation with a visitor: conversation.Service.
type Starter interface {
	StartWithVisitor(ctx context.Context, actor kefu.Actor, inv conversation.ChatInvite) (*conversation.Started, error)
}

// Publisher takes the ephemeral visitor events: the bus.
type Publisher interface {
	Publish(events []kefu.Event)
}

// Options configure a Service. Zero values take the defaults.
type Options struct {
	Store  Store
	Events Publisher
	Logger *slog.Logger
	// Grace is how long a visitor stays listed after their last connection closed: a reload
	// or a page change reconnects well within it. Default 15 s.
	Grace time.Duration
	Now   func() time.Time
}

// Service tracks the live visitors of every organisation on this node.
type Service struct {
	store   Store
	events  Publisher
	log     *slog.Logger
	grace   time.Duration
	now     func() time.Time
	starter Starter

	mu   sync.Mutex
	live map[kefu.VisitKey]*entry
}

// entry is one live visitor: their connections on this node and what agents see.
type entry struct {
	conns   int
	loaded  bool // view holds the persisted visit (a page view, or read back after a restart)
	view    kefu.LiveVisitor
	leaving *time.Timer // set while conns is 0: the grace period
}

// New returns a Service; call SetStarter before serving invitations.
func New(opts Options) *Service {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Grace <= 0 {
		opts.Grace = 15 * time.Second
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Service{store: opts.Store, events: opts.Events, log: opts.Logger, grace: opts.Grace, now: opts.Now,
		live: map[kefu.VisitKey]*entry{}}
}

// SetStarter gives the service the conversation use case it starts chats with, which is built
// after the realtime hub that feeds this service (cmd/kefu wires it before serving).
func (s *Service) SetStarter(st Starter) { s.starter = st }

func keyOf(actor kefu.Actor) kefu.VisitKey {
	return kefu.VisitKey{OrgID: actor.OrgID, ContactID: actor.ContactID, InboxID: actor.InboxID}
}

// publish tells the organisation's agents about v. s.mu need not be held.
func (s *Service) publish(orgID string, typ kefu.EventType, v kefu.LiveVisitor) {
	if s.events == nil {
		return
	}
	s.events.Publish([]kefu.Event{{OrgID: orgID, Type: typ, InboxID: v.InboxID, Visitor: &v, CreatedAt: s.now()}})
}
