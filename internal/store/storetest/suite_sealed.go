package storetest

import (
	"context"
	"slices"
	"testing"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/store"
)

// testSealedRotation: an inbox's identity secret, a TOTP key, an SSO client secret and a
// webhook secret read back as written, through a rotation of the data key: readable with the new key current before and after the reseal, the old key
// kept while a value names it and retired once none does.
func testSealedRotation(t *testing.T, open func(t *testing.T) *store.Store) {
	ctx := context.Background()
	s := open(t)
	k := UseKeyring(t, s)
	w := newWorld(t, s)
	in := &kefu.Inbox{OrgID: w.org.ID, Name: "Sealed", Channel: kefu.ChannelWeb, WidgetKey: next("wk"), IdentitySecret: "the-secret"}
	must(t, s.CreateInbox(ctx, in))
	creds := newCredentials(t, w)
	wantSecret(t, s, in, "the-secret")
	creds.check(t)
	if n, err := s.CountStale(ctx); err != nil || n != 0 {
		t.Fatalf("stale values after create = %d, %v; want 0", n, err)
	}
	old := k.Current()
	if _, err := k.Rotate(ctx); err != nil {
		t.Fatal(err)
	}
	if n, err := s.CountStale(ctx); err != nil || n != 4 {
		t.Fatalf("stale values after rotation = %d, %v; want 4", n, err)
	}
	wantSecret(t, s, in, "the-secret") // mid-rotation: still under the old key
	creds.check(t)
	retired, inUse, err := s.RetireDataKeys(ctx)
	if err != nil || len(retired) != 0 || !slices.Equal(inUse, []string{old}) {
		t.Fatalf("retire before reseal = %v, %v, %v; want nothing retired and %s in use", retired, inUse, err, old)
	}
	if n, err := s.MigrateSealed(ctx, 1); err != nil || n != 4 {
		t.Fatalf("reseal = %d, %v; want 4", n, err)
	}
	wantSecret(t, s, in, "the-secret")
	creds.check(t)
	retired, inUse, err = s.RetireDataKeys(ctx)
	if err != nil || !slices.Equal(retired, []string{old}) || len(inUse) != 0 {
		t.Fatalf("retire after reseal = %v, %v, %v; want %s retired", retired, inUse, err, old)
	}
	keys, err := s.DataKeys(ctx)
	if err != nil || len(keys) != 1 || keys[0].ID != k.Current() || !keys[0].Current {
		t.Fatalf("data keys after retirement = %+v, %v; want only the current %s", keys, err, k.Current())
	}
	wantSecret(t, s, in, "the-secret")
	creds.check(t)
}

// testSealedUpdate: an update reseals the secret under the current key; an empty secret stays
// empty rather than sealing nothing.
func testSealedUpdate(t *testing.T, open func(t *testing.T) *store.Store) {
	ctx := context.Background()
	s := open(t)
	k := UseKeyring(t, s)
	w := newWorld(t, s)
	wantSecret(t, s, w.inbox, "")
	if _, err := k.Rotate(ctx); err != nil {
		t.Fatal(err)
	}
	w.inbox.IdentitySecret = "changed"
	must(t, s.UpdateInbox(ctx, w.inbox))
	wantSecret(t, s, w.inbox, "changed")
	if n, err := s.CountStale(ctx); err != nil || n != 0 {
		t.Errorf("stale values after an update under the new key = %d, %v; want 0", n, err)
	}
}

// wantSecret checks the identity secret every inbox read returns.
func wantSecret(t *testing.T, s *store.Store, in *kefu.Inbox, want string) {
	t.Helper()
	ctx := context.Background()
	got, err := s.GetInbox(ctx, in.OrgID, in.ID)
	must(t, err)
	byKey, err := s.GetInboxByWidgetKey(ctx, in.WidgetKey)
	must(t, err)
	list, err := s.ListInboxes(ctx, in.OrgID)
	must(t, err)
	i := slices.IndexFunc(list, func(x kefu.Inbox) bool { return x.ID == in.ID })
	if got.IdentitySecret != want || byKey.IdentitySecret != want || i < 0 || list[i].IdentitySecret != want {
		t.Errorf("identity secret read back as %q / %q / %v, want %q", got.IdentitySecret, byKey.IdentitySecret, list, want)
	}
}

// credentials are the sealed credential secrets of an organisation's owner and organisation.
type credentials struct {
	w    *world
	hook *kefu.Webhook
}

// newCredentials stores a TOTP enrolment for w's owner, an SSO provider and a webhook.
func newCredentials(t *testing.T, w *world) credentials {
	t.Helper()
	ctx := context.Background()
	must(t, w.s.StartTOTP(ctx, w.org.ID, w.owner.ID, "TOTPKEY"))
	must(t, w.s.SaveOIDCProvider(ctx, &kefu.OIDCProvider{OrgID: w.org.ID, Name: "IdP", Issuer: "https://idp.example",
		ClientID: "kefu", ClientSecret: "sso-secret", DefaultRole: kefu.RoleAgent}))
	c := credentials{w: w, hook: &kefu.Webhook{OrgID: w.org.ID, URL: "https://example.com/h", Events: []string{"message.created"}, Enabled: true}}
	must(t, w.s.CreateWebhook(ctx, c.hook, "whsec_sealed"))
	return c
}

// check reads each credential secret back through the store's accessors.
func (c credentials) check(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	tp, err := c.w.s.GetTOTP(ctx, c.w.org.ID, c.w.owner.ID)
	must(t, err)
	p, err := c.w.s.GetOIDCProvider(ctx, c.w.org.ID)
	must(t, err)
	hook, err := c.w.s.WebhookSecret(ctx, c.w.org.ID, c.hook.ID)
	must(t, err)
	if tp.Secret != "TOTPKEY" || p.ClientSecret != "sso-secret" || hook != "whsec_sealed" {
		t.Errorf("credential secrets read back as %q, %q, %q", tp.Secret, p.ClientSecret, hook)
	}
}
