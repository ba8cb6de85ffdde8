package masking_test

import (
	"context"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/masking"
	"github.com/kefu-dev/kefu/internal/pii"
	"github.com/kefu-dev/kefu/internal/store/storetest"
)

// TestPolicyCache checks that an inbox's policy and the organisation's patterns are cached, that
// Invalidate and the TTL both make a change visible, and that the patterns apply.
func TestPolicyCache(t *testing.T) {
	ctx := context.Background()
	st := storetest.OpenSQLite(t)
	org := &kefu.Org{Name: "Cache", Settings: kefu.DefaultOrgSettings()}
	owner := &kefu.Agent{Email: "cache-owner@example.com", Name: "Owner", Role: kefu.RoleOwner, PasswordHash: "x"}
	if err := st.CreateOrgWithOwner(ctx, org, owner); err != nil {
		t.Fatal(err)
	}
	in := &kefu.Inbox{OrgID: org.ID, Name: "Site", Channel: kefu.ChannelWeb, WidgetKey: "wk-cache"}
	if err := st.CreateInbox(ctx, in); err != nil {
		t.Fatal(err)
	}
	now := time.Unix(1000, 0)
	svc := masking.New(masking.Options{Store: st, TTL: time.Minute, Now: func() time.Time { return now }})
	policy := func() kefu.PIIPolicy {
		t.Helper()
		p, _, err := svc.Policy(ctx, org.ID, in.ID)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	if p := policy(); p != kefu.PIIOff {
		t.Fatalf("new inbox: %s, want off", p)
	}
	in.PIIPolicy = kefu.PIIMask
	if err := st.UpdateInbox(ctx, in); err != nil {
		t.Fatal(err)
	}
	if p := policy(); p != kefu.PIIOff {
		t.Fatalf("within the TTL: %s, want the cached off", p)
	}
	svc.Invalidate(org.ID)
	if p := policy(); p != kefu.PIIMask {
		t.Fatalf("after Invalidate: %s, want mask", p)
	}
	in.PIIPolicy = kefu.PIIMaskAtStorage
	if err := st.UpdateInbox(ctx, in); err != nil {
		t.Fatal(err)
	}
	now = now.Add(2 * time.Minute)
	if p := policy(); p != kefu.PIIMaskAtStorage {
		t.Fatalf("after the TTL: %s, want mask_at_storage", p)
	}

	actor := kefu.Actor{Kind: kefu.ActorAgent, AgentID: owner.ID, OrgID: org.ID, Role: kefu.RoleOwner}
	if _, err := svc.SetPatterns(ctx, actor, []pii.PatternSpec{{Name: "member", Expr: `VIP-\d{6}`}}); err != nil {
		t.Fatal(err)
	}
	_, sc, err := svc.Policy(ctx, org.ID, in.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := sc.Mask("VIP-123456"); got != "**********" {
		t.Errorf("saved pattern not applied at once: %q", got)
	}
	agent := actor
	agent.Role = kefu.RoleAgent
	if _, err := svc.SetPatterns(ctx, agent, nil); kefu.ErrorCode(err) != kefu.CodeForbidden {
		t.Errorf("an agent setting patterns: %v, want forbidden", err)
	}
}
