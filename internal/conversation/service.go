package conversation

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/kefu-dev/kefu/internal/blob"
	"github.com/kefu-dev/kefu/internal/hours"
	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/routing"
)

// Presence tells which agents have a live connection.
type Presence interface {
	ConnectedAgents(orgID string) map[string]bool
}

// Publisher delivers ephemeral events (typing) that are never stored.
type Publisher interface {
	Publish(events []kefu.Event)
}

// Options configure a Service.
type Options struct {
	Store          Store
	Blobs          blob.Store
	Policy         routing.Policy // nil = round robin
	Presence       Presence
	Ephemeral      Publisher
	Logger         *slog.Logger
	Now            func() time.Time
	MaxUploadBytes int64
	PII            PIIPolicies    // nil: no masking
	Auditor        Auditor        // records reveals; nil: reveals are refused
	OriginalKeeper OriginalKeeper // nil: what masking at storage removes is dropped
	Regions        Regions        // IP → region for visitors who give none; nil: no lookup
	Channels       Channels       // what each channel can take from agents; nil: no limits beyond kefu's
	// BotGreeting is the message the inbox's bot opens a conversation it takes with, in the
	// language of the first message's text, else the visitor's locale (package bot/dialog);
	// nil: the bot says nothing until asked.
	BotGreeting func(inbox *kefu.Inbox, locale, firstText string) *kefu.Message
}

// Service implements the conversation use cases.
type Service struct {
	store     Store
	blobs     blob.Store
	policy    routing.Policy
	presence  Presence
	ephemeral Publisher
	log       *slog.Logger
	now       func() time.Time
	maxUpload int64
	pii       PIIPolicies
	auditor   Auditor
	keeper    OriginalKeeper
	regions   Regions
	greeting  func(inbox *kefu.Inbox, locale, firstText string) *kefu.Message

	// lastPick remembers round-robin position per inbox. It is per node: after a restart or on
	// another node the rotation restarts, which only shifts who is next, never over-assigns,
	// because capacity is re-checked inside the assigning transaction.
	mu       sync.Mutex
	lastPick map[string]string
	// excluded keeps an agent away from a conversation given back from them (accept timeout,
	// release on away) for a while; per node, like lastPick (see requeue.go).
	excluded map[string]exclusion
	// drains serialises the drains of each organisation on this node, so concurrent drains do
	// not walk the queue side by side and hand a later conversation an agent before an earlier
	// one. Across nodes the conditional update in the assigning transaction keeps it correct.
	drains map[string]*sync.Mutex
	zones  *hours.Zones // time zones of business-hours calendars, loaded once
	// noted remembers, per waiting conversation, the last queue decision this node recorded
	// (kind and reason), so a drain pass writes nothing for a conversation whose reason to
	// wait has not changed. A miss only costs a read of the stored last decision.
	noted map[string]string
	// channels and inboxTypes check agents' replies against their channel (channel_limits.go).
	channels   Channels
	inboxTypes sync.Map // inbox id → kefu.ChannelType; an inbox's channel never changes
}

// New returns a Service.
func New(opts Options) *Service {
	s := &Service{
		store: opts.Store, blobs: opts.Blobs, policy: opts.Policy, presence: opts.Presence,
		ephemeral: opts.Ephemeral, log: opts.Logger, now: opts.Now, maxUpload: opts.MaxUploadBytes,
		pii: opts.PII, auditor: opts.Auditor, keeper: opts.OriginalKeeper,
		lastPick: map[string]string{}, excluded: map[string]exclusion{},
		regions: opts.Regions, greeting: opts.BotGreeting,
		drains: map[string]*sync.Mutex{}, zones: &hours.Zones{},
		noted: map[string]string{}, channels: opts.Channels,
	}
	if s.policy == nil {
		s.policy = routing.RoundRobin{}
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.maxUpload <= 0 {
		s.maxUpload = 20 << 20
	}
	return s
}

// Get returns a conversation the actor may see. An agent gets it as list rows show it, with
// its newest message preview, contact summary and the agent's own read marker.
func (s *Service) Get(ctx context.Context, actor kefu.Actor, id string) (*kefu.Conversation, error) {
	if !actor.IsAgent() {
		return s.visible(ctx, actor, id)
	}
	c, err := s.listing(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	c.MyLastReadSeq, err = s.store.AgentReadSeq(ctx, c.OrgID, c.ID, actor.AgentID)
	return c, err
}
