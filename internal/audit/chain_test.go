package audit_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/kefu-dev/kefu/internal/audit"
	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/store"
	"github.com/kefu-dev/kefu/internal/store/storetest"
)

// pairs opens two stores on one database per backend, as two processes (server and CLI, or two
// nodes) would.
var pairs = []struct {
	name string
	open func(testing.TB) (*store.Store, *store.Store)
}{
	{"sqlite", storetest.OpenSQLitePair},
	{"postgres", storetest.OpenPostgresPair},
}

// verify checks st's chains in one snapshot, as kefu audit verify does.
func verify(t testing.TB, st *store.Store) *audit.Report {
	t.Helper()
	var r *audit.Report
	err := st.AuditSnapshot(context.Background(), func(chains store.AuditChains) (err error) {
		r, err = audit.Verify(context.Background(), chains)
		return err
	})
	if err != nil {
		t.Fatalf("verify: %v", err)
	}
	return r
}

// mustVerify fails the test unless every chain of st is intact.
func mustVerify(t testing.TB, st *store.Store) *audit.Report {
	t.Helper()
	r := verify(t, st)
	if r.Broken != nil {
		t.Fatalf("verify: %v", r.Broken)
	}
	return r
}

func newService(t testing.TB, st audit.Store) *audit.Service {
	t.Helper()
	s, err := audit.New(audit.Options{Store: st})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestConcurrentAppendsKeepOneChain: appends racing from two processes into two organisations
// still form one gap-free chain per organisation that verifies.
func TestConcurrentAppendsKeepOneChain(t *testing.T) {
	for _, p := range pairs {
		t.Run(p.name, func(t *testing.T) {
			a, b := p.open(t)
			const writers, each = 4, 15
			var wg sync.WaitGroup
			errs := make(chan error, 2*writers*each)
			for i := range 2 * writers {
				st := []*store.Store{a, b}[i%2]
				org := []string{"org-one", "org-two"}[i/writers]
				wg.Go(func() {
					for j := range each {
						e := []kefu.AuditEntry{{OrgID: org, ActorKind: "system", Action: "test.appended",
							TargetType: "writer", TargetID: fmt.Sprintf("%d-%d", i, j)}}
						errs <- st.AppendAudit(context.Background(), e, audit.Seal)
					}
				})
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				if err != nil {
					t.Fatalf("append: %v", err)
				}
			}
			r := mustVerify(t, a)
			if r.Entries != 2*writers*each || r.Chains != 2 {
				t.Errorf("verified %d entries in %d chains, want %d in 2", r.Entries, r.Chains, 2*writers*each)
			}
		})
	}
}

// TestRecordFillsActorAndSource: Record takes the actor from the kefu.Actor and the address and
// user agent from the request, made valid UTF-8 and cut to size, and the entry still verifies.
func TestRecordFillsActorAndSource(t *testing.T) {
	st := storetest.OpenSQLite(t)
	svc := newService(t, st)
	ua := "evil\xffagent " + strings.Repeat("x", 1000)
	ctx := kefu.WithRequestSource(context.Background(), kefu.RequestSource{IP: "203.0.113.9", UserAgent: ua})
	actor := kefu.Actor{Kind: kefu.ActorAgent, OrgID: "org-1", AgentID: "agent-1", Role: kefu.RoleOwner, TokenID: "token-1"}
	svc.Record(ctx, actor, kefu.AuditEntry{Action: "token.created", TargetType: "token", TargetID: "token-2"})
	page, err := svc.List(context.Background(), actor, kefu.AuditFilter{})
	if err != nil || len(page.Entries) != 1 {
		t.Fatalf("list: %v, %d entries", err, len(page.Entries))
	}
	e := page.Entries[0]
	if e.ActorKind != "token" || e.ActorID != "agent-1" || e.TokenID != "token-1" || e.IP != "203.0.113.9" {
		t.Errorf("actor %s/%s via %s from %s, want token/agent-1 via token-1 from 203.0.113.9", e.ActorKind, e.ActorID, e.TokenID, e.IP)
	}
	if len(e.UserAgent) > 256 || !strings.HasPrefix(e.UserAgent, "evil\uFFFDagent") {
		t.Errorf("user agent stored as %d bytes starting %.20q", len(e.UserAgent), e.UserAgent)
	}
	mustVerify(t, st)
}

// TestReadingNeedsAuditView: only agents holding audit.view read or export the log; a visitor
// or the zero actor is told it does not exist.
func TestReadingNeedsAuditView(t *testing.T) {
	svc := newService(t, storetest.OpenSQLite(t))
	ctx := context.Background()
	tests := []struct {
		name  string
		actor kefu.Actor
		want  kefu.Code
	}{
		{"agent", kefu.Actor{Kind: kefu.ActorAgent, OrgID: "o", AgentID: "a", Role: kefu.RoleAgent}, kefu.CodeForbidden},
		{"supervisor", kefu.Actor{Kind: kefu.ActorAgent, OrgID: "o", AgentID: "a", Role: kefu.RoleSupervisor}, kefu.CodeForbidden},
		{"custom role with audit.view", kefu.Actor{Kind: kefu.ActorAgent, OrgID: "o", AgentID: "a", Role: kefu.RoleAgent,
			Perms: kefu.Perms(kefu.PermAuditView)}, ""},
		{"admin", kefu.Actor{Kind: kefu.ActorAgent, OrgID: "o", AgentID: "a", Role: kefu.RoleAdmin}, ""},
		{"visitor", kefu.Actor{Kind: kefu.ActorVisitor, OrgID: "o", ContactID: "c"}, kefu.CodeNotFound},
		{"nobody", kefu.Actor{}, kefu.CodeNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := svc.List(ctx, tt.actor, kefu.AuditFilter{})
			if got := codeOf(err); got != tt.want {
				t.Errorf("list: got code %q, want %q", got, tt.want)
			}
			_, err = svc.Export(ctx, tt.actor, kefu.AuditFilter{}, audit.FormatCSV)
			if got := codeOf(err); got != tt.want {
				t.Errorf("export: got code %q, want %q", got, tt.want)
			}
		})
	}
}

// codeOf is err's code, "" for no error.
func codeOf(err error) kefu.Code {
	if err == nil {
		return ""
	}
	return kefu.ErrorCode(err)
}

// TestVerifyWhileAppending: a server appending while the log is verified (from another process)
// is never taken for a broken chain, because verify reads one snapshot.
func TestVerifyWhileAppending(t *testing.T) {
	for _, p := range pairs {
		t.Run(p.name, func(t *testing.T) {
			server, cli := p.open(t)
			ctx, cancel := context.WithCancel(context.Background())
			var wg sync.WaitGroup
			wg.Go(func() {
				for ctx.Err() == nil {
					e := []kefu.AuditEntry{{OrgID: "org-one", ActorKind: "system", Action: "test.appended"}}
					if err := server.AppendAudit(ctx, e, audit.Seal); err != nil && ctx.Err() == nil {
						t.Errorf("append: %v", err)
					}
				}
			})
			for range 20 {
				if r := verify(t, cli); r.Broken != nil {
					t.Errorf("verify during appends: %v", r.Broken)
					break
				}
			}
			cancel()
			wg.Wait()
		})
	}
}
