package main

import (
	"bytes"
	"context"
	"database/sql"
	"net/url"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/config"
	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/oidctest"
	"github.com/kefu-dev/kefu/internal/webhook"
)

// credentialWorld is an organisation with every kind of credential secret stored: the agent's
// TOTP key, an SSO provider's client secret and a webhook's signing secret.
type credentialWorld struct {
	o          *org
	totpSecret string
	provider   *oidctest.Provider
	recv       *receiver
	hook       createdWebhook
}

// mustStoreCredentials enrols the agent in two-factor sign-in, configures SSO and creates a
// webhook whose receiver verifies signatures with its secret.
func mustStoreCredentials(t *testing.T, s *testServer, name string) *credentialWorld {
	t.Helper()
	w := &credentialWorld{o: s.mustSetupOrg(name), recv: newReceiver(t, 0)}
	owner := w.o.Tokens["owner"]
	w.totpSecret, _ = s.mustEnrolTOTP(w.o.Tokens["agent"])
	w.provider = startProvider(t, oidctest.User{Email: emailOf(s, w.o, "supervisor"), Name: "Sup"})
	w.provider.ClientSecret = "sso-client-secret-" + name
	s.mustConfigureSSO(owner, w.provider, nil)
	w.hook = s.mustCreateWebhook(owner, w.recv.URL, "conversation.created")
	w.recv.setSecret(w.hook.Secret)
	return w
}

// mustStillOpen checks every credential secret still works: a two-factor sign-in with the
// next code, an SSO sign-in (which sends the client secret to the provider) and a ping whose
// signature the receiver verifies.
func (s *testServer) mustStillOpen(w *credentialWorld, at time.Time) {
	s.t.Helper()
	ch := s.mustLoginAnswer(emailOf(s, w.o, "agent"), "password-1").Challenge
	s.mustDo(200, "POST", "/api/v1/auth/login/second-step", "", map[string]string{"challenge": ch, "code": codeAt(s.t, w.totpSecret, at)})
	if loc, session := s.ssoSignIn(w.o.ID, nil); loc != "/" || session == "" {
		s.t.Errorf("SSO sign-in went to %q with session %q, want / and a session", loc, session)
	}
	s.mustDo(200, "GET", "/api/v1/org/sso", w.o.Tokens["owner"], nil)
	pings := len(w.recv.matching(webhook.EventTest, ""))
	s.mustDo(202, "POST", "/api/v1/webhooks/"+w.hook.Webhook.ID+"/ping", w.o.Tokens["owner"], nil)
	waitFor(s.t, 10*time.Second, "the ping", func() bool { return len(w.recv.matching(webhook.EventTest, "")) > pings })
	if got := w.recv.matching(webhook.EventTest, ""); got[len(got)-1].Err != nil {
		s.t.Errorf("ping signature: %v", got[len(got)-1].Err)
	}
}

// TestCredentialSecretsNeverOnDisk is the canary for the credential secrets: a TOTP key, an
// SSO client secret and a webhook signing secret appear nowhere in the SQLite files,
// write-ahead log included, while values written beside them do (so the scan sees the rows).
func TestCredentialSecretsNeverOnDisk(t *testing.T) {
	cfg := webhookConfig(t, databases()[0])
	s := mustRun(t, webhookMain(cfg, 3, kefu.WebhookFailurePolicy{}))
	w := mustStoreCredentials(t, s, "Canary")
	files := readDBFiles(t, cfg.DataDir)
	for what, secret := range map[string]string{"TOTP key": w.totpSecret, "SSO client secret": w.provider.ClientSecret, "webhook secret": w.hook.Secret} {
		if len(secret) < 16 {
			t.Fatalf("%s %q is too short to search for", what, secret)
		}
		if bytes.Contains(files, []byte(secret)) {
			t.Errorf("%s %s… found in plaintext in the database files", what, secret[:8])
		}
	}
	for _, beside := range []string{w.provider.Issuer, w.recv.URL} {
		if !bytes.Contains(files, []byte(beside)) {
			t.Errorf("%s not found in the database files: the scan reads nothing", beside)
		}
	}
}

// TestKeysRotateCoversCredentials rotates the data key with `kefu keys rotate` while the
// server runs: the credential secrets are resealed under the new key, the old key is retired,
// and each still works.
func TestKeysRotateCoversCredentials(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		cfg := webhookConfig(t, db)
		s := mustRun(t, webhookMain(cfg, 3, kefu.WebhookFailurePolicy{}))
		w := mustStoreCredentials(t, s, "Rotate")
		before, err := s.store.DataKeys(context.Background())
		if err != nil || len(before) != 1 {
			t.Fatalf("data keys before rotation: %v, %v; want one", before, err)
		}
		out, code := runKefu(t, cfg, nil, "keys", "rotate", "--batch", "1")
		if code != 0 {
			t.Fatalf("kefu keys rotate: exit %d: %s", code, out)
		}
		// The org's inbox has an identity secret too: four values in all.
		for _, want := range []string{"resealed 4 value(s)", "retired data key " + before[0].ID} {
			if !bytes.Contains([]byte(out), []byte(want)) {
				t.Errorf("rotate output lacks %q:\n%s", want, out)
			}
		}
		if stale, err := s.store.CountStale(context.Background()); err != nil || stale != 0 {
			t.Errorf("values not under the new key: %d, %v", stale, err)
		}
		// The enrolment used the current step's code; the next step's code is new.
		s.mustStillOpen(w, time.Now().Add(30*time.Second))
	})
}

// TestAuditRecordsCredentialAdministration: webhook, SSO, two-factor and custom role changes
// appear in GET /api/v1/audit, once each, and no secret appears in the log.
func TestAuditRecordsCredentialAdministration(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		s := mustRun(t, webhookMain(webhookConfig(t, db), 3, kefu.WebhookFailurePolicy{}))
		w := mustStoreCredentials(t, s, "Audited")
		owner := w.o.Tokens["owner"]
		hookPath := "/api/v1/webhooks/" + w.hook.Webhook.ID
		s.mustDo(200, "PATCH", hookPath, owner, map[string]any{"description": "crm"})
		s.mustStartConversation(s.mustVisitor(w.o.WidgetKey), "hi")
		waitFor(t, 10*time.Second, "a delivery", func() bool { return len(w.recv.matching("conversation.created", "")) == 1 })
		resend := hookPath + "/deliveries/" + w.recv.matching("conversation.created", "")[0].ID + "/resend"
		waitFor(t, 10*time.Second, "the resend accepted", func() bool { return s.do("POST", resend, owner, nil).Status == 202 })
		s.mustDo(200, "POST", "/api/v1/auth/2fa/recovery-codes", w.o.Tokens["agent"], map[string]string{"password": "password-1"})
		s.mustDo(204, "POST", "/api/v1/auth/2fa/disable", w.o.Tokens["agent"], map[string]string{"password": "password-1"})
		s.mustEnrolTOTP(w.o.Tokens["supervisor"])
		s.mustDo(204, "DELETE", "/api/v1/agents/"+w.o.AgentIDs["supervisor"]+"/2fa", w.o.Tokens["admin"], nil)
		s.mustDo(204, "DELETE", "/api/v1/org/sso", owner, nil)
		var role struct {
			ID string `json:"id"`
		}
		s.mustDo(201, "POST", "/api/v1/roles", owner, map[string]any{"name": "Viewer", "permissions": []string{"contacts.view"}}).JSON(t, &role)
		s.mustDo(200, "PATCH", "/api/v1/roles/"+role.ID, owner, map[string]any{"permissions": []string{"contacts.view", "conversations.view_all"}})
		s.mustDo(204, "DELETE", "/api/v1/roles/"+role.ID, owner, nil)
		s.mustDo(204, "DELETE", hookPath, owner, nil)

		for action, target := range map[string]string{
			"webhook.created": w.hook.Webhook.ID, "webhook.updated": w.hook.Webhook.ID, "webhook.resent": w.hook.Webhook.ID,
			"webhook.deleted": w.hook.Webhook.ID, "sso.provider_set": w.o.ID, "sso.provider_removed": w.o.ID,
			"agent.2fa_enabled": w.o.AgentIDs["agent"], "agent.2fa_recovery_codes_renewed": w.o.AgentIDs["agent"],
			"agent.2fa_disabled": w.o.AgentIDs["agent"], "agent.2fa_reset": w.o.AgentIDs["supervisor"], "role.created": role.ID, "role.updated": role.ID, "role.deleted": role.ID,
		} {
			p := s.mustAudit(owner, url.Values{"action": {action}, "target_id": {target}})
			if len(p.Entries) != 1 || p.Entries[0].TargetID != target {
				t.Errorf("%s: got %+v, want one entry on %s", action, p.Entries, target)
			}
		}
		all := s.mustDo(200, "POST", "/api/v1/audit/export", owner, map[string]string{"format": "jsonl"}).Body
		for _, secret := range []string{w.totpSecret, w.provider.ClientSecret, w.hook.Secret} {
			if bytes.Contains(all, []byte(secret)) {
				t.Errorf("the audit log holds a secret %s…", secret[:8])
			}
		}
	})
}

// TestUpgradeSealsPlaintextCredentials starts the server on a database where a kefu that
// sealed only identity secrets left the TOTP key, SSO client secret and webhook secret in
// plaintext: they are sealed on start, keep working, and on SQLite leave no plaintext behind.
func TestUpgradeSealsPlaintextCredentials(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		cfg := webhookConfig(t, db)
		first := &testServer{Main: webhookMain(cfg, 3, kefu.WebhookFailurePolicy{}), t: t}
		if err := first.Run(context.Background()); err != nil {
			t.Fatal(err)
		}
		w := mustStoreCredentials(t, first, "Upgrade")
		if err := first.Close(); err != nil {
			t.Fatal(err)
		}
		mustUnsealCredentials(t, cfg, w)
		s := mustRun(t, webhookMain(cfg, 3, kefu.WebhookFailurePolicy{}))
		if n, err := s.store.CountStale(context.Background()); err != nil || n != 0 {
			t.Errorf("values left unsealed after start: %d, %v", n, err)
		}
		if db.name == "sqlite" {
			files := readDBFiles(t, cfg.DataDir)
			for _, secret := range []string{w.totpSecret, w.provider.ClientSecret, w.hook.Secret} {
				if bytes.Contains(files, []byte(secret)) {
					t.Errorf("plaintext %s… still in the SQLite files after the upgrade", secret[:8])
				}
			}
		}
		s.mustStillOpen(w, time.Now().Add(30*time.Second))
	})
}

// mustUnsealCredentials writes w's credential secrets back in plaintext, straight into the
// database, as the kefu before their encryption stored them.
func mustUnsealCredentials(t *testing.T, cfg config.Config, w *credentialWorld) {
	t.Helper()
	sc := storeConfig{driver: "sqlite", url: cfg.StoreURL()}
	if cfg.DatabaseURL != "" {
		sc.driver = "pgx"
	}
	raw, err := sql.Open(sc.driver, sc.url)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	for _, u := range []struct{ table, column, id, plain string }{
		{"agent_totp", "secret", w.o.AgentIDs["agent"], w.totpSecret},
		{"oidc_providers", "client_secret", w.o.ID, w.provider.ClientSecret},
		{"webhooks", "secret", w.hook.Webhook.ID, w.hook.Secret},
	} {
		res, err := raw.Exec(sc.rebind(`UPDATE `+u.table+` SET `+u.column+` = ? WHERE id = ?`), u.plain, u.id)
		if err != nil {
			t.Fatalf("write %s.%s in plaintext: %v", u.table, u.column, err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			t.Fatalf("write %s.%s in plaintext: %d rows, want 1", u.table, u.column, n)
		}
	}
}
