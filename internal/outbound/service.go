package outbound

import (
	"context"
	"io"
	"log/slog"
	"time"

	"github.com/kefu-dev/kefu/internal/channel"
	"github.com/kefu-dev/kefu/internal/jobs"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// Store is what delivery needs of the database.
type Store interface {
	GetDelivery(ctx context.Context, orgID, messageID string) (*kefu.DeliveryRecord, error)
	EarlierSending(ctx context.Context, orgID, convID string, seq int64) (*kefu.DeliveryRecord, error)
	StartDeliveryAttempt(ctx context.Context, orgID, messageID string) error
	FinishDeliveryAttempt(ctx context.Context, orgID, messageID string, o kefu.DeliveryOutcome) (*kefu.Message, error)
	GetMessage(ctx context.Context, orgID, id string) (*kefu.Message, error)
	GetConversation(ctx context.Context, orgID, id string) (*kefu.Conversation, error)
	GetInbox(ctx context.Context, orgID, id string) (*kefu.Inbox, error) // secrets opened
	GetContact(ctx context.Context, orgID, id string) (*kefu.Contact, error)
	GetAgent(ctx context.Context, orgID, id string) (*kefu.Agent, error)
}

// Adapters finds the adapter of a channel type; the channel registry satisfies it.
type Adapters interface {
	Adapter(t kefu.ChannelType) (channel.Adapter, bool)
}

// Blobs opens an attachment's bytes by its storage key.
type Blobs interface {
	Open(ctx context.Context, key string) (io.ReadSeekCloser, error)
}

// DefaultGiveUp is how long a reply is retried before it is marked failed.
const DefaultGiveUp = 24 * time.Hour

// Options configure a Service.
type Options struct {
	Store    Store
	Adapters Adapters
	Blobs    Blobs
	Logger   *slog.Logger // nil discards
	// GiveUp is how long after its commit (or the agent's retry) a reply that keeps failing
	// temporarily is retried; 0 = DefaultGiveUp.
	GiveUp time.Duration
	// Backoff spaces the retries; zero = jobs.DefaultBackoff.
	Backoff jobs.Backoff
	// Notify wakes the job runner when a delivery is queued; nil = none (the runner polls).
	Notify func()
	Now    func() time.Time // nil = time.Now
}

// Service runs delivery jobs.
type Service struct {
	opts Options
	log  *slog.Logger
}

// New returns a Service; register its Handle for kefu.DeliveryJobKind.
func New(opts Options) *Service {
	if opts.GiveUp <= 0 {
		opts.GiveUp = DefaultGiveUp
	}
	if opts.Backoff == (jobs.Backoff{}) {
		opts.Backoff = jobs.DefaultBackoff
	}
	if opts.Notify == nil {
		opts.Notify = func() {}
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	return &Service{opts: opts, log: opts.Logger}
}

// Follow wakes the job runner when committed events carry a delivery that is sending: a new
// reply, or an agent's retry. It follows the bus, so the append path itself does nothing more.
func (s *Service) Follow(events []kefu.Event) {
	for i := range events {
		if m := events[i].Message; m != nil && m.Delivery != nil && m.Delivery.Status == kefu.DeliverySending {
			s.opts.Notify()
			return
		}
	}
}
