package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/store"
)

// testInvitations: an invitation is found by its hash and only in its organisation; an e-mail
// with an agent or a pending invitation conflicts; re-issuing replaces the hash; accepting is
// conditional on a pending invitation and creates the agent with it; accepted invitations can
// be neither revoked nor re-issued.
func testInvitations(t *testing.T, open func(t *testing.T) *store.Store) {
	s := open(t)
	ctx := context.Background()
	w, other := newWorld(t, s), newWorld(t, s)
	now := time.Now().UTC().Truncate(time.Microsecond)
	email := next("invitee") + "@example.com"
	inv := &kefu.Invitation{OrgID: w.org.ID, Email: email, Role: kefu.RoleAgent, InvitedBy: w.owner.ID,
		TokenHash: []byte("inv-1"), CreatedAt: now, ExpiresAt: now.Add(time.Hour)}
	must(t, s.CreateInvitation(ctx, inv))
	again := *inv
	again.ID, again.TokenHash = "", []byte("inv-2")
	wantCode(t, "pending twice", s.CreateInvitation(ctx, &again), kefu.CodeConflict)
	taken := &kefu.Invitation{OrgID: w.org.ID, Email: w.owner.Email, Role: kefu.RoleAgent, TokenHash: []byte("inv-3"), ExpiresAt: now.Add(time.Hour)}
	wantCode(t, "agent's e-mail", s.CreateInvitation(ctx, taken), kefu.CodeConflict)

	got, err := s.GetInvitationByHash(ctx, []byte("inv-1"))
	must(t, err)
	if got.ID != inv.ID || got.Email != email || got.StatusAt(now) != kefu.InvitationPending || !got.ExpiresAt.Equal(inv.ExpiresAt) {
		t.Errorf("GetInvitationByHash = %+v, want %+v pending", got, inv)
	}
	_, err = s.GetInvitation(ctx, other.org.ID, inv.ID)
	wantCode(t, "another organisation's invitation", err, kefu.CodeNotFound)
	wantCode(t, "revoke from another organisation", s.RevokeInvitation(ctx, other.org.ID, inv.ID, now), kefu.CodeNotFound)

	must(t, s.ReissueInvitation(ctx, w.org.ID, inv.ID, []byte("inv-4"), now.Add(2*time.Hour), w.owner.ID))
	_, err = s.GetInvitationByHash(ctx, []byte("inv-1"))
	wantCode(t, "old hash after reissue", err, kefu.CodeNotFound)
	must(t, s.RevokeInvitation(ctx, w.org.ID, inv.ID, now))
	agent := &kefu.Agent{OrgID: w.org.ID, Email: email, Name: "New", Role: kefu.RoleAgent, PasswordHash: "x"}
	wantCode(t, "accept revoked", s.AcceptInvitation(ctx, []byte("inv-4"), agent, now), kefu.CodeInvitationUsed)
	must(t, s.ReissueInvitation(ctx, w.org.ID, inv.ID, []byte("inv-5"), now.Add(time.Hour), w.owner.ID))
	wantCode(t, "accept expired", s.AcceptInvitation(ctx, []byte("inv-5"), agent, now.Add(time.Hour)), kefu.CodeInvitationUsed)
	wantCode(t, "accept with another org's id", s.AcceptInvitation(ctx, []byte("inv-5"), &kefu.Agent{OrgID: other.org.ID, Email: next("x") + "@example.com", Role: kefu.RoleAgent}, now), kefu.CodeInvitationUsed)

	must(t, s.AcceptInvitation(ctx, []byte("inv-5"), agent, now))
	if _, err := s.GetAgent(ctx, w.org.ID, agent.ID); err != nil {
		t.Errorf("the accepted invitation's agent: %v", err)
	}
	got, err = s.GetInvitation(ctx, w.org.ID, inv.ID)
	must(t, err)
	if got.StatusAt(now) != kefu.InvitationAccepted || got.AgentID != agent.ID || got.RevokedAt != nil {
		t.Errorf("after accept = %+v, want accepted by %s", got, agent.ID)
	}
	wantCode(t, "accept twice", s.AcceptInvitation(ctx, []byte("inv-5"), agent, now), kefu.CodeInvitationUsed)
	wantCode(t, "revoke accepted", s.RevokeInvitation(ctx, w.org.ID, inv.ID, now), kefu.CodeNotFound)
	wantCode(t, "reissue accepted", s.ReissueInvitation(ctx, w.org.ID, inv.ID, []byte("inv-6"), now, ""), kefu.CodeNotFound)
	list, err := s.ListInvitations(ctx, w.org.ID)
	must(t, err)
	if len(list) != 1 || list[0].ID != inv.ID {
		t.Errorf("ListInvitations = %+v, want the one invitation", list)
	}
	if list, _ := s.ListInvitations(ctx, other.org.ID); len(list) != 0 {
		t.Errorf("another organisation lists %+v", list)
	}
}
