package storetest

import (
	"context"
	"testing"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/store"
)

// testAgentSignature: an agent's signature reads back as written, multi-line and in any
// script, from GetAgent and ListAgents; an update changes and clears it; an agent created
// without one has none.
func testAgentSignature(t *testing.T, open func(t *testing.T) *store.Store) {
	ctx := context.Background()
	s := open(t)
	w := newWorld(t, s)
	sig := "王小明\n客户服务部 · Customer care"
	a := &kefu.Agent{OrgID: w.org.ID, Email: next("sig") + "@example.com", Name: "Sig", Role: kefu.RoleAgent, Capacity: 3, Signature: sig}
	must(t, s.CreateAgent(ctx, a))
	wantSignature := func(id, want, when string) {
		t.Helper()
		got, err := s.GetAgent(ctx, w.org.ID, id)
		must(t, err)
		if got.Signature != want {
			t.Errorf("%s: GetAgent signature = %q, want %q", when, got.Signature, want)
		}
		list, err := s.ListAgents(ctx, w.org.ID)
		must(t, err)
		for _, l := range list {
			if l.ID == id && l.Signature != want {
				t.Errorf("%s: ListAgents signature = %q, want %q", when, l.Signature, want)
			}
		}
	}
	wantSignature(a.ID, sig, "created")
	wantSignature(w.owner.ID, "", "created without")
	a.Signature = "— Support"
	must(t, s.UpdateAgent(ctx, a))
	wantSignature(a.ID, "— Support", "updated")
	a.Signature = ""
	must(t, s.UpdateAgent(ctx, a))
	wantSignature(a.ID, "", "cleared")
}
