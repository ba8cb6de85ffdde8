package kefu

import (
	"context"
	"encoding/json"
	"maps"
	"reflect"
	"slices"
	"sync/atomic"
	"time"
)

// AuditEntry is one row of the tamper-evident audit log: who did what to which object, when and
// from where. Entries of an organisation form a hash chain: Seq counts them from 1 without gaps,
// PrevHash is the previous entry's Hash, and Hash covers every other field (see package audit).
type AuditEntry struct {
	OrgID     string    `json:"org_id"`
	Seq       int64     `json:"seq" doc:"Position in the organisation's chain, from 1, without gaps"`
	At        time.Time `json:"at"`
	ActorKind string    `json:"actor_kind" doc:"agent, token, system, visitor or anonymous"`
	ActorID   string    `json:"actor_id,omitempty" doc:"The agent (also for a token acting for one) or contact"`
	TokenID   string    `json:"token_id,omitempty" doc:"The API token that authenticated the call"`
	IP        string    `json:"ip,omitempty"`
	UserAgent string    `json:"user_agent,omitempty"`
	Action    string    `json:"action" doc:"A stable dotted name, e.g. agent.role_changed"`
	// TargetType and TargetID name the object acted on, e.g. agent and its id.
	TargetType string `json:"target_type,omitempty"`
	TargetID   string `json:"target_id,omitempty"`
	// Before and After hold the changed fields only, as JSON objects; never secrets.
	Before   json.RawMessage `json:"before,omitempty"`
	After    json.RawMessage `json:"after,omitempty"`
	PrevHash string          `json:"prev_hash"`
	Hash     string          `json:"hash"`
}

// Audit actor kinds besides the agent, system and visitor ActorKinds.
const (
	AuditActorToken     = "token"     // an API token acting for its agent
	AuditActorAnonymous = "anonymous" // nobody signed in, e.g. a failed login
)

// AuditFilter selects audit entries of one organisation, newest first unless Ascending.
type AuditFilter struct {
	ActorID      string
	ActionPrefix string // "auth." matches auth.login and auth.login_failed; "" matches all
	TargetType   string
	TargetID     string
	From, To     time.Time // zero: unbounded; From inclusive, To exclusive
	BeforeSeq    int64     // paging newest first: entries with a smaller seq; 0 = from the newest
	AfterSeq     int64     // paging oldest first: entries with a larger seq
	Ascending    bool      // oldest first, as exports list a chain
	Limit        int
}

// AuditHead is the newest entry of an organisation's chain as recorded apart from the entries,
// so deleting the newest entries is detectable. OrgID "" is the installation's own chain.
type AuditHead struct {
	OrgID string
	Seq   int64
	Hash  string
}

// AuditDiff returns the fields of before and after whose values differ, as two JSON objects;
// nil for a side with no such field. Callers pass plain values and never secrets.
func AuditDiff(before, after map[string]any) (json.RawMessage, json.RawMessage) {
	b, a := map[string]any{}, map[string]any{}
	keys := slices.Sorted(maps.Keys(before))
	for k := range after {
		if _, ok := before[k]; !ok {
			keys = append(keys, k)
		}
	}
	for _, k := range keys {
		bv, inB := before[k]
		av, inA := after[k]
		if inB && inA && reflect.DeepEqual(bv, av) {
			continue
		}
		if inB {
			b[k] = bv
		}
		if inA {
			a[k] = av
		}
	}
	return auditJSON(b), auditJSON(a)
}

func auditJSON(m map[string]any) json.RawMessage {
	if len(m) == 0 {
		return nil
	}
	out, err := json.Marshal(m) // maps of plain values: encoding cannot fail; keys come sorted
	if err != nil {
		return nil
	}
	return out
}

// RequestSource is where a request came from, for the audit log.
type RequestSource struct {
	IP        string
	UserAgent string
}

type requestSourceKey struct{}

// WithRequestSource returns ctx carrying src; the HTTP layer sets it for every request.
func WithRequestSource(ctx context.Context, src RequestSource) context.Context {
	return context.WithValue(ctx, requestSourceKey{}, src)
}

// RequestSourceFrom returns the source ctx carries, zero when none.
func RequestSourceFrom(ctx context.Context) RequestSource {
	src, _ := ctx.Value(requestSourceKey{}).(RequestSource)
	return src
}

// PendingAudit is audit entries that must commit together with a change: a service puts it in
// the context of the one store call that makes the change (WithPendingAudit), and the store's
// first write under that context appends the entries in its own transaction, so the change
// and its record commit, or fail, as one. Seal computes each entry's hash once the store has
// given it its place in the chain.
type PendingAudit struct {
	Entries []AuditEntry
	Seal    func(*AuditEntry) string
	claimed atomic.Bool
}

// Claim reports whether the caller is the first to take p: only one write may append it, even
// when the context travels on to further writes.
func (p *PendingAudit) Claim() bool { return p.claimed.CompareAndSwap(false, true) }

type pendingAuditKey struct{}

// WithPendingAudit returns ctx carrying p for the next store write.
func WithPendingAudit(ctx context.Context, p *PendingAudit) context.Context {
	return context.WithValue(ctx, pendingAuditKey{}, p)
}

// PendingAuditFrom returns the entries ctx carries, nil when none.
func PendingAuditFrom(ctx context.Context) *PendingAudit {
	p, _ := ctx.Value(pendingAuditKey{}).(*PendingAudit)
	return p
}

// ActionPIIRevealed is the audit action of revealing masked personal data.
const ActionPIIRevealed = "pii.revealed"

// NoAudit records nothing. It satisfies every service's Auditor port, and is what a service
// falls back to when it is given none (the CLI, tests).
type NoAudit struct{}

// Record implements the services' Auditor ports: nothing is recorded.
func (NoAudit) Record(context.Context, Actor, AuditEntry) {}

// Append implements the services' Auditor ports: nothing is recorded, and that succeeds.
func (NoAudit) Append(context.Context, Actor, AuditEntry) error { return nil }

// Within implements the services' Auditor ports: ctx comes back as it is.
func (NoAudit) Within(ctx context.Context, _ Actor, _ ...AuditEntry) context.Context { return ctx }

// RecordUnknownLogin implements auth.Auditor: nothing is recorded.
func (NoAudit) RecordUnknownLogin(context.Context, string) {}
