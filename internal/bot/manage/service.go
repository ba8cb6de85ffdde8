package manage

import (
	"context"
	"log/slog"
	"time"

	"github.com/kefu-dev/kefu/internal/hours"
	"github.com/kefu-dev/kefu/internal/kb"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// Store is what the bot's administration needs of the database.
type Store interface {
	GetOrg(ctx context.Context, id string) (*kefu.Org, error)
	BotEventCounts(ctx context.Context, orgID, inboxID string, bounds []time.Time) ([]kefu.BotEventCount, error)
	ListUnanswered(ctx context.Context, orgID string, f kefu.UnansweredFilter) ([]kefu.UnansweredQuestion, string, error)
	GetUnanswered(ctx context.Context, orgID, id string) (*kefu.UnansweredQuestion, error)
	SetUnansweredStatus(ctx context.Context, orgID, id, status string) (*kefu.UnansweredQuestion, error)
	GetLLMSettings(ctx context.Context, orgID string) (kefu.LLMSettings, error)
	SaveLLMSettings(ctx context.Context, orgID string, in kefu.LLMSettings, clearKey bool) (kefu.LLMSettings, error)
	ListCannedReplies(ctx context.Context, orgID, ownerID, search string) ([]kefu.CannedReply, error)
}

// Knowledge is the knowledge base as this package uses it; kb.Service satisfies it.
type Knowledge interface {
	Search(ctx context.Context, actor kefu.Actor, q, locale string, limit int) ([]kb.Result, error)
	AddQuestion(ctx context.Context, actor kefu.Actor, articleID, question string) (*kefu.Article, error)
	Snippet(markdown string) string
}

// Conversations reads a conversation as the agent asking may: conversation.Service decides
// who sees what and masks personal data for them.
type Conversations interface {
	Get(ctx context.Context, actor kefu.Actor, id string) (*kefu.Conversation, error)
	Messages(ctx context.Context, actor kefu.Actor, id string, q kefu.MessageQuery) ([]kefu.Message, error)
}

// ModelChecker makes one small call to a language model with the settings given, to tell an
// administrator whether they work. An error may say why with a stable code (a Code() string
// method: llm_unreachable, llm_rejected, llm_rate_limited, llm_bad_response).
type ModelChecker interface {
	Check(ctx context.Context, s kefu.LLMSettings) error
}

// Auditor records changes in the audit log; audit.Service satisfies it.
type Auditor interface {
	// Within returns ctx carrying entries for the store write that makes the change.
	Within(ctx context.Context, actor kefu.Actor, entries ...kefu.AuditEntry) context.Context
}

// Audit actions of the bot's administration. Adding a question also records the article's
// own kb.article_updated.
const (
	ActionLLMUpdated        = "bot.llm_updated"
	ActionQuestionAdded     = "bot.question_added"
	ActionQuestionDismissed = "bot.question_dismissed"
)

// Options configure New.
type Options struct {
	Store         Store
	Knowledge     Knowledge
	Conversations Conversations
	PII           PII              // nil: questions are shown as stored
	Checker       ModelChecker     // nil: the model test answers unavailable
	Auditor       Auditor          // nil: nothing is recorded (tools, tests)
	Logger        *slog.Logger     // nil discards
	Now           func() time.Time // nil = time.Now; tests fix "today"
}

// Service is the bot's administration. It is safe for concurrent use.
type Service struct {
	store   Store
	kb      Knowledge
	convs   Conversations
	pii     PII
	checker ModelChecker
	audit   Auditor
	log     *slog.Logger
	now     func() time.Time
	zones   hours.Zones
}

// New returns the bot's administration.
func New(opts Options) *Service {
	s := &Service{store: opts.Store, kb: opts.Knowledge, convs: opts.Conversations, pii: opts.PII, checker: opts.Checker,
		audit: opts.Auditor, log: opts.Logger, now: opts.Now}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.now == nil {
		s.now = time.Now
	}
	return s
}

// require fails unless actor is an agent holding p: anything but an agent gets "not found".
func require(actor kefu.Actor, p kefu.Permission) error {
	if !actor.IsAgent() || actor.OrgID == "" {
		return kefu.ErrNotFound
	}
	if !actor.Has(p) {
		return kefu.Errorf(kefu.CodeForbidden, "this needs the %s permission", p)
	}
	return nil
}

// within returns ctx carrying the audit record of a change, with the fields that differ
// between before and after; ctx itself without an auditor or when nothing differs.
func (s *Service) within(ctx context.Context, actor kefu.Actor, action, kind, id string, before, after map[string]any) context.Context {
	b, a := kefu.AuditDiff(before, after)
	if s.audit == nil || (b == nil && a == nil) {
		return ctx
	}
	e := kefu.AuditEntry{OrgID: actor.OrgID, Action: action, TargetType: kind, TargetID: id, Before: b, After: a}
	return s.audit.Within(ctx, actor, e)
}
