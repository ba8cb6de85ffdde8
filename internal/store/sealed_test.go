package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/store"
	"github.com/kefu-dev/kefu/internal/store/storetest"
)

// newSealedInboxes creates two inboxes with identity secrets in a fresh organisation.
func newSealedInboxes(t *testing.T, s *store.Store) (a, b *kefu.Inbox) {
	t.Helper()
	ctx := context.Background()
	org := &kefu.Org{Name: "Sealed", Settings: kefu.DefaultOrgSettings()}
	owner := &kefu.Agent{Email: "owner@sealed.example", Name: "Owner", Role: kefu.RoleOwner, Capacity: 5}
	if err := s.CreateOrgWithOwner(ctx, org, owner); err != nil {
		t.Fatal(err)
	}
	a = &kefu.Inbox{OrgID: org.ID, Name: "A", Channel: kefu.ChannelWeb, WidgetKey: "wk_sealed_a", IdentitySecret: "secret-a"}
	b = &kefu.Inbox{OrgID: org.ID, Name: "B", Channel: kefu.ChannelWeb, WidgetKey: "wk_sealed_b", IdentitySecret: "secret-b"}
	for _, in := range []*kefu.Inbox{a, b} {
		if err := s.CreateInbox(ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	return a, b
}

// A sealed value is stored without its plaintext, and does not open once altered or copied to
// another row: the read fails with an internal error instead of returning anything.
func TestSealedValueTamperedOrMoved(t *testing.T) {
	ctx := context.Background()
	s := storetest.OpenSQLite(t)
	a, b := newSealedInboxes(t, s)
	rawA, err := s.RawInboxSecret(ctx, a.ID)
	if err != nil || strings.Contains(rawA, "secret-a") || !strings.HasPrefix(rawA, "v1:") {
		t.Fatalf("stored secret %q (%v): want a v1: sealed value without the plaintext", rawA, err)
	}
	if err := s.SetRawInboxSecret(ctx, b.ID, rawA); err != nil {
		t.Fatal(err)
	}
	if _, err := s.GetInbox(ctx, b.OrgID, b.ID); kefu.ErrorCode(err) != kefu.CodeInternal || !strings.Contains(err.Error(), "failed authentication") {
		t.Errorf("read of a secret moved from another row: err %v, want an internal authentication failure", err)
	}
	altered := rawA[:len(rawA)-2] + flip(rawA[len(rawA)-2]) + rawA[len(rawA)-1:]
	if err := s.SetRawInboxSecret(ctx, a.ID, altered); err != nil {
		t.Fatal(err)
	}
	if _, err := s.GetInbox(ctx, a.OrgID, a.ID); kefu.ErrorCode(err) != kefu.CodeInternal || !strings.Contains(err.Error(), "failed authentication") {
		t.Errorf("read of an altered secret: err %v, want an internal authentication failure", err)
	}
}

func flip(c byte) string {
	if c == 'A' {
		return "B"
	}
	return "A"
}

// Plaintext left by a kefu before encryption reads as it is until MigrateSealed seals it; a
// second run finds nothing to do.
func TestMigrateSealedPlaintext(t *testing.T) {
	ctx := context.Background()
	s := storetest.OpenSQLite(t)
	a, b := newSealedInboxes(t, s)
	for _, in := range []*kefu.Inbox{a, b} {
		if err := s.SetRawInboxSecret(ctx, in.ID, "plain-"+in.Name); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := s.CountStale(ctx); err != nil || n != 2 {
		t.Fatalf("stale before migration = %d, %v; want 2", n, err)
	}
	if n, err := s.MigrateSealed(ctx, 1); err != nil || n != 2 {
		t.Fatalf("migrate = %d, %v; want 2 sealed", n, err)
	}
	if n, err := s.MigrateSealed(ctx, 1); err != nil || n != 0 {
		t.Errorf("second migrate = %d, %v; want nothing to do", n, err)
	}
	for _, in := range []*kefu.Inbox{a, b} {
		raw, _ := s.RawInboxSecret(ctx, in.ID)
		got, err := s.GetInbox(ctx, in.OrgID, in.ID)
		if err != nil || got.IdentitySecret != "plain-"+in.Name || strings.Contains(raw, "plain") {
			t.Errorf("inbox %s after migration: secret %q (%v), stored %q; want plain-%s, stored sealed", in.Name, got.IdentitySecret, err, raw, in.Name)
		}
	}
}
