package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/store"
	"github.com/kefu-dev/kefu/internal/store/storetest"
)

// credentialRow is a row of a sealed credential column, with the plaintext it must read back as.
type credentialRow struct{ table, column, id, plain string }

// newCredentials stores a TOTP enrolment, an SSO provider and a webhook in a fresh organisation
// and returns their sealed rows.
func newCredentials(t *testing.T, s *store.Store) (org *kefu.Org, rows []credentialRow) {
	t.Helper()
	ctx := context.Background()
	org = &kefu.Org{Name: "Creds", Settings: kefu.DefaultOrgSettings()}
	owner := &kefu.Agent{Email: "owner@creds.example", Name: "Owner", Role: kefu.RoleOwner, Capacity: 5}
	mustDo(t, s.CreateOrgWithOwner(ctx, org, owner))
	mustDo(t, s.StartTOTP(ctx, org.ID, owner.ID, "TOTPSECRETPLAIN"))
	mustDo(t, s.SaveOIDCProvider(ctx, &kefu.OIDCProvider{OrgID: org.ID, Name: "IdP", Issuer: "https://idp.example",
		ClientID: "kefu", ClientSecret: "sso-secret-plain", DefaultRole: kefu.RoleAgent}))
	hook := &kefu.Webhook{OrgID: org.ID, URL: "https://example.com/h", Events: []string{"message.created"}, Enabled: true}
	mustDo(t, s.CreateWebhook(ctx, hook, "whsec_plain"))
	return org, []credentialRow{
		{"agent_totp", "secret", owner.ID, "TOTPSECRETPLAIN"},
		{"oidc_providers", "client_secret", org.ID, "sso-secret-plain"},
		{"webhooks", "secret", hook.ID, "whsec_plain"},
	}
}

func mustDo(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// readCredential reads row r's secret through the store's ordinary accessor.
func readCredential(ctx context.Context, s *store.Store, orgID string, r credentialRow) (string, error) {
	switch r.table {
	case "agent_totp":
		tp, err := s.GetTOTP(ctx, orgID, r.id)
		if err != nil {
			return "", err
		}
		return tp.Secret, nil
	case "oidc_providers":
		p, err := s.GetOIDCProvider(ctx, orgID)
		if err != nil {
			return "", err
		}
		return p.ClientSecret, nil
	}
	return s.WebhookSecret(ctx, orgID, r.id)
}

// TOTP keys, SSO client secrets and webhook secrets are stored sealed, and plaintext left by a
// kefu before their encryption reads as it is until MigrateSealed seals it.
func TestSealedCredentials(t *testing.T) {
	ctx := context.Background()
	s := storetest.OpenSQLite(t)
	org, rows := newCredentials(t, s)
	for _, r := range rows {
		raw, err := s.RawColumn(ctx, r.table, r.column, r.id)
		if err != nil || strings.Contains(raw, r.plain) || !strings.HasPrefix(raw, "v1:") {
			t.Errorf("%s.%s stored as %q (%v): want a v1: sealed value without the plaintext", r.table, r.column, raw, err)
		}
		mustDo(t, s.SetRawColumn(ctx, r.table, r.column, r.id, r.plain))
		if got, err := readCredential(ctx, s, org.ID, r); err != nil || got != r.plain {
			t.Errorf("%s.%s left in plaintext reads %q, %v; want %q", r.table, r.column, got, err, r.plain)
		}
	}
	if n, err := s.MigrateSealed(ctx, 1); err != nil || n != len(rows) {
		t.Fatalf("migrate = %d, %v; want %d sealed", n, err, len(rows))
	}
	for _, r := range rows {
		raw, _ := s.RawColumn(ctx, r.table, r.column, r.id)
		got, err := readCredential(ctx, s, org.ID, r)
		if err != nil || got != r.plain || !strings.HasPrefix(raw, "v1:") {
			t.Errorf("%s.%s after migration: %q (%v), stored %q; want %q stored sealed", r.table, r.column, got, err, raw, r.plain)
		}
	}
}
