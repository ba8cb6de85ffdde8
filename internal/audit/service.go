package audit

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// Store is what the audit log needs of the database; *store.Store satisfies it.
type Store interface {
	// AppendAudit appends entries to their chains, setting Seq and PrevHash and then Hash by seal.
	AppendAudit(ctx context.Context, entries []kefu.AuditEntry, seal func(*kefu.AuditEntry) string) error
	// ListAudit returns an organisation's entries matching f, newest first.
	ListAudit(ctx context.Context, orgID string, f kefu.AuditFilter) ([]kefu.AuditEntry, error)
}

// Options configure a Service.
type Options struct {
	Store  Store
	Logger *slog.Logger     // nil discards
	Now    func() time.Time // nil = time.Now
	// MaxUnknownLoginIPs bounds how many client addresses a minute get an entry for failed
	// sign-ins with unknown emails; zero = 1,000.
	MaxUnknownLoginIPs int
}

// Service records and reads the audit log.
type Service struct {
	store   Store
	log     *slog.Logger
	now     func() time.Time
	unknown *unknownLogins
}

// New returns a Service; it fails without a store.
func New(opts Options) (*Service, error) {
	if opts.Store == nil {
		return nil, errors.New("audit: Options.Store is required")
	}
	s := &Service{store: opts.Store, log: opts.Logger, now: opts.Now}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.now == nil {
		s.now = time.Now
	}
	s.unknown = newUnknownLogins(opts.MaxUnknownLoginIPs)
	return s, nil
}

// Record appends e to the log of actor's organisation (e.OrgID when actor has none), filling in
// the actor, the time and the request's address and user agent. The change it records has
// already happened, so a failure is logged as an error rather than returned.
func (s *Service) Record(ctx context.Context, actor kefu.Actor, e kefu.AuditEntry) {
	if err := s.Append(ctx, actor, e); err != nil {
		s.log.ErrorContext(ctx, "audit entry not recorded", "action", e.Action, "org_id", e.OrgID, "err", err)
	}
}

// Append is Record that returns the error, for callers that must not go on without the entry
// (an export is refused rather than left unaudited).
func (s *Service) Append(ctx context.Context, actor kefu.Actor, e kefu.AuditEntry) error {
	s.prepare(ctx, actor, &e)
	// Detached from cancellation: the change happened, its record must not depend on the
	// client still waiting.
	return s.store.AppendAudit(context.WithoutCancel(ctx), []kefu.AuditEntry{e}, Seal)
}

// Within returns ctx carrying entries for the one store write that makes the change they
// record: the store appends them in that write's transaction, so the change commits with its record or not at
// all. Pass the returned context to that call only; Record is for actions that change nothing
// in the store (a secret viewed, a failed sign-in).
func (s *Service) Within(ctx context.Context, actor kefu.Actor, entries ...kefu.AuditEntry) context.Context {
	pending := &kefu.PendingAudit{Entries: make([]kefu.AuditEntry, len(entries)), Seal: Seal}
	for i, e := range entries {
		s.prepare(ctx, actor, &e)
		pending.Entries[i] = e
	}
	return kefu.WithPendingAudit(ctx, pending)
}

// prepare fills in e's actor, time and request source, cleaned and cut to size.
func (s *Service) prepare(ctx context.Context, actor kefu.Actor, e *kefu.AuditEntry) {
	fillActor(e, actor)
	src := kefu.RequestSourceFrom(ctx)
	e.IP, e.UserAgent = clean(src.IP, maxIPLen), clean(src.UserAgent, maxUserAgentLen)
	e.At = s.now()
	e.ActorID, e.TargetType, e.TargetID = clean(e.ActorID, maxIDLen), clean(e.TargetType, maxIDLen), clean(e.TargetID, maxIDLen)
}

// Limits on stored strings, so a hostile user agent cannot bloat the log.
const (
	maxIPLen        = 64
	maxUserAgentLen = 256
	maxIDLen        = 128
)

// fillActor sets e's actor fields and organisation from actor.
func fillActor(e *kefu.AuditEntry, actor kefu.Actor) {
	if actor.OrgID != "" {
		e.OrgID = actor.OrgID
	}
	switch {
	case actor.Kind == kefu.ActorAgent && actor.TokenID != "":
		e.ActorKind, e.ActorID, e.TokenID = kefu.AuditActorToken, actor.AgentID, actor.TokenID
	case actor.Kind == kefu.ActorAgent:
		e.ActorKind, e.ActorID = string(kefu.ActorAgent), actor.AgentID
	case actor.Kind == kefu.ActorVisitor:
		e.ActorKind, e.ActorID = string(kefu.ActorVisitor), actor.ContactID
	case actor.Kind == kefu.ActorSystem:
		e.ActorKind = string(kefu.ActorSystem)
	default:
		e.ActorKind = kefu.AuditActorAnonymous
	}
}

// clean makes s valid UTF-8 (PostgreSQL refuses anything else, and the hash must cover what is
// stored) and cuts it to at most n bytes on a rune boundary.
func clean(s string, n int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func utf8RuneStart(b byte) bool { return b&0xC0 != 0x80 }
