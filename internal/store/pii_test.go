package store_test

import (
	"context"
	"testing"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/pii"
	"github.com/kefu-dev/kefu/internal/store"
)

// TestPIISettings checks that an inbox's PII policy and an organisation's own patterns are
// stored, replaced and kept per organisation, on both databases.
func TestPIISettings(t *testing.T) {
	eachDatabase(t, testPIISettings)
}

func testPIISettings(t *testing.T, url string) {
	ctx := context.Background()
	s := openWith(t, url, store.Options{})
	orgID, convs := benchConversations(t, s, 1)
	otherOrg, _ := benchConversations(t, s, 1)
	conv, err := s.GetConversation(ctx, orgID, convs[0])
	if err != nil {
		t.Fatal(err)
	}
	in, err := s.GetInbox(ctx, orgID, conv.InboxID)
	if err != nil || in.PIIPolicy != kefu.PIIOff {
		t.Fatalf("new inbox: policy %q, %v; want off", in.PIIPolicy, err)
	}
	in.PIIPolicy = kefu.PIIMaskAtStorage
	if err := s.UpdateInbox(ctx, in); err != nil {
		t.Fatal(err)
	}
	policies, err := s.InboxPIIPolicies(ctx, orgID)
	if err != nil || policies[in.ID] != kefu.PIIMaskAtStorage || len(policies) != 1 {
		t.Fatalf("InboxPIIPolicies = %v, %v; want %s for %s only", policies, err, kefu.PIIMaskAtStorage, in.ID)
	}
	specs := []pii.PatternSpec{{Name: "member", Expr: `VIP-\d{6}`}}
	for range 2 { // the second write replaces the first
		if err := s.SetPIIPatterns(ctx, orgID, specs); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.GetPIIPatterns(ctx, orgID)
	if err != nil || len(got) != 1 || got[0] != specs[0] {
		t.Fatalf("GetPIIPatterns = %v, %v; want %v", got, err, specs)
	}
	if theirs, err := s.GetPIIPatterns(ctx, otherOrg); err != nil || len(theirs) != 0 {
		t.Fatalf("another organisation's patterns = %v, %v; want none", theirs, err)
	}
}
