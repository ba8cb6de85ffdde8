package dialog

import (
	"context"
	"log/slog"
	"time"

	"github.com/kefu-dev/kefu/internal/bot/llm"
	"github.com/kefu-dev/kefu/internal/channel"
	"github.com/kefu-dev/kefu/internal/conversation"
	"github.com/kefu-dev/kefu/internal/kb"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// Store is what the bot reads; it writes through UpdateConversation only.
type Store interface {
	GetOrg(ctx context.Context, id string) (*kefu.Org, error)
	GetMessage(ctx context.Context, orgID, id string) (*kefu.Message, error)
	GetMessageByClientID(ctx context.Context, orgID, convID, clientID string) (*kefu.Message, error)
	GetConversation(ctx context.Context, orgID, id string) (*kefu.Conversation, error)
	GetInbox(ctx context.Context, orgID, id string) (*kefu.Inbox, error)
	GetBotSession(ctx context.Context, orgID, convID string) (*kefu.BotSession, error)
	UpdateConversation(ctx context.Context, orgID, id string, mutate kefu.ConversationChange) (*kefu.Conversation, error)
}

// Knowledge is the knowledge base as the bot reads it (kb.Service).
type Knowledge interface {
	BotSearch(ctx context.Context, orgID, q, locale string, limit int) ([]kb.Result, error)
	PlainText(markdown string) string
}

// Router moves conversations between the bot and the queue (conversation.Service).
type Router interface {
	HandOffFromBot(ctx context.Context, orgID, convID string, h conversation.BotHandoff) (*kefu.Conversation, error)
	BotTakesNow(ctx context.Context, inbox *kefu.Inbox) (bool, error)
	// Get returns a conversation the actor (agent or visitor) may see; not found otherwise.
	Get(ctx context.Context, actor kefu.Actor, id string) (*kefu.Conversation, error)
}

// Answerer writes an answer from the given articles (llm.Client).
type Answerer interface {
	Answer(ctx context.Context, question, locale string, sources []llm.Source) (llm.Answer, error)
}

// Models gives the organisation's language model; nil when it has none or it is off.
type Models interface {
	Model(ctx context.Context, orgID string) (Answerer, error)
}

// Options configure a Service. Models may be nil: the bot then answers with articles only.
type Options struct {
	Store     Store
	Knowledge Knowledge
	Router    Router
	Models    Models
	// Notify wakes the job runner when a bot turn was queued (jobs.Runner.Notify).
	Notify func()
	Logger *slog.Logger
	Now    func() time.Time // nil: time.Now
}

// Service runs the bot in conversations.
type Service struct {
	opts  Options
	log   *slog.Logger
	turns channel.KeyLocks // one turn per conversation at a time on this node, in job order
}

// New returns a Service; register its Turn for kefu.BotJobKind and its Follow on the bus.
func New(opts Options) *Service {
	if opts.Notify == nil {
		opts.Notify = func() {}
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Service{opts: opts, log: opts.Logger}
}

func (s *Service) now() time.Time { return s.opts.Now() }

// Follow wakes the job runner when a customer wrote in a conversation the bot holds: the
// message's transaction queued the bot's turn. It follows the bus and only compares fields.
func (s *Service) Follow(events []kefu.Event) {
	for i := range events {
		ev := &events[i]
		if ev.Type == kefu.EventMessageCreated && ev.Message != nil && ev.Message.SenderType == kefu.SenderContact &&
			ev.Conversation != nil && ev.Conversation.BotState == kefu.BotActive {
			s.opts.Notify()
			return
		}
	}
}
