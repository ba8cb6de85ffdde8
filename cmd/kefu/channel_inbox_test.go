package main

import (
	"bytes"
	"context"
	"database/sql"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/config"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// channelServer is a kefu whose email, Telegram and API adapters are fakes.
type channelServer struct {
	*testServer
	fakes map[kefu.ChannelType]*fakeChannel
}

// mustRunChannels boots kefu on SQLite with fake adapters of the three external channels.
func mustRunChannels(t *testing.T) *channelServer {
	t.Helper()
	return mustRunChannelsWith(t, testConfig(t, databases()[0]))
}

// mustRunChannelsWith is mustRunChannels with cfg.
func mustRunChannelsWith(t *testing.T, cfg config.Config) *channelServer {
	t.Helper()
	m := &Main{Config: cfg, Version: "test"}
	fakes := map[kefu.ChannelType]*fakeChannel{}
	for _, ch := range []kefu.ChannelType{kefu.ChannelEmail, kefu.ChannelTelegram, kefu.ChannelAPI} {
		fakes[ch] = newFakeChannel(ch, m)
		m.ExtraAdapters = append(m.ExtraAdapters, fakes[ch])
	}
	return &channelServer{testServer: mustRun(t, m), fakes: fakes}
}

// channelInbox is the part of an inbox response these tests read.
type channelInbox struct {
	ID           string             `json:"id"`
	Channel      string             `json:"channel"`
	WidgetKey    string             `json:"widget_key"`
	EmbedSnippet string             `json:"embed_snippet"`
	Config       kefu.ChannelConfig `json:"config"`
	Generated    *struct {
		APISecret string `json:"api_secret"`
	} `json:"generated_secrets"`
}

// Secrets every test inbox is created with: long enough to search the database files for.
const (
	imapPassword = "imap-pw-7d1f0c9a2b4e"
	smtpPassword = "smtp-pw-5e8a1b3c9d0f"
	botToken     = "123456:bot-token-a9c8e7d6f5"
)

func emailInboxBody() map[string]any {
	return map[string]any{
		"name": "Support mail", "channel": "email",
		"config": map[string]any{"email": map[string]any{
			"address": "support@shop.example.com", "from_name": "Shop support",
			"imap": map[string]any{"host": "imap.example.com", "username": "support@shop.example.com"},
			"smtp": map[string]any{"host": "smtp.example.com", "security": "starttls", "username": "support@shop.example.com"},
		}},
		"secrets": map[string]any{"imap_password": imapPassword, "smtp_password": smtpPassword},
	}
}

func telegramInboxBody() map[string]any {
	return map[string]any{
		"name": "Shop bot", "channel": "telegram",
		"config":  map[string]any{"telegram": map[string]any{"mode": "polling", "bot_username": "spoofed"}},
		"secrets": map[string]any{"bot_token": botToken},
	}
}

func apiInboxBody() map[string]any {
	return map[string]any{
		"name": "Marketplace", "channel": "api",
		"config": map[string]any{"api": map[string]any{"callback_url": "https://bridge.example.com/kefu"}},
	}
}

// mustCreateInbox creates an inbox and checks the response names no secret it was given.
func (s *channelServer) mustCreateInbox(token string, body map[string]any) channelInbox {
	s.t.Helper()
	r := s.mustDo(201, "POST", "/api/v1/inboxes", token, body)
	for _, secret := range []string{imapPassword, smtpPassword, botToken} {
		if bytes.Contains(r.Body, []byte(secret)) {
			s.t.Errorf("create response contains the secret %s…: %s", secret[:8], r.Body)
		}
	}
	var in channelInbox
	r.JSON(s.t, &in)
	return in
}

func TestChannelInboxesCreate(t *testing.T) {
	s := mustRunChannels(t)
	o := s.mustSetupOrg("Channels")
	owner := o.Tokens["owner"]

	mail := s.mustCreateInbox(owner, emailInboxBody())
	e := mail.Config.Email
	if mail.Channel != "email" || e == nil || e.IMAP.Port != 993 || e.IMAP.Security != "tls" || e.SMTP.Port != 587 ||
		e.Receive != "imap" || e.Mailbox != "INBOX" || mail.Config.Telegram != nil {
		t.Errorf("email inbox = %+v (email %+v), want defaults filled: imap tls 993, smtp starttls 587, INBOX", mail, e)
	}
	if !slices.Equal(mail.Config.SecretsSet, []string{"imap_password", "smtp_password"}) || mail.Generated != nil {
		t.Errorf("email secrets_set = %v, generated %+v; want both passwords named and nothing generated", mail.Config.SecretsSet, mail.Generated)
	}
	if mail.WidgetKey != "" || mail.EmbedSnippet != "" {
		t.Errorf("email inbox has widget key %q and snippet %q, want neither", mail.WidgetKey, mail.EmbedSnippet)
	}

	bot := s.mustCreateInbox(owner, telegramInboxBody())
	if tg := bot.Config.Telegram; tg == nil || tg.Mode != "polling" || tg.BotUsername != "fake_kefu_bot" ||
		!slices.Equal(bot.Config.SecretsSet, []string{"bot_token"}) {
		t.Errorf("telegram inbox config = %+v (%+v), want polling, the username from Configure and bot_token set", bot.Config, bot.Config.Telegram)
	}

	api := s.mustCreateInbox(owner, apiInboxBody())
	if api.Generated == nil || !strings.HasPrefix(api.Generated.APISecret, "whsec_") || !slices.Equal(api.Config.SecretsSet, []string{"api_secret"}) {
		t.Fatalf("api inbox: generated %+v, secrets_set %v; want the new whsec_ secret once and api_secret set", api.Generated, api.Config.SecretsSet)
	}
	generated := api.Generated.APISecret

	// Configure saw each new inbox, complete, with its secrets.
	calls := s.fakes[kefu.ChannelTelegram].configureCalls()
	if len(calls) != 1 || calls[0].InboxID != bot.ID || !calls[0].Create || calls[0].Secrets.BotToken != botToken {
		t.Errorf("telegram Configure calls = %+v, want one create of %s with its token", calls, bot.ID)
	}

	// Reads never show a secret, the generated one included.
	for _, path := range []string{"/api/v1/inboxes", "/api/v1/inboxes/" + mail.ID, "/api/v1/inboxes/" + bot.ID, "/api/v1/inboxes/" + api.ID} {
		r := s.mustDo(200, "GET", path, owner, nil)
		for _, secret := range []string{imapPassword, smtpPassword, botToken, generated} {
			if bytes.Contains(r.Body, []byte(secret)) {
				t.Errorf("GET %s shows the secret %s…", path, secret[:8])
			}
		}
		if bytes.Contains(r.Body, []byte("generated_secrets")) {
			t.Errorf("GET %s shows generated_secrets: %s", path, r.Body)
		}
	}
	mustSecretsSealed(t, s.Config.DataDir, s.Config.StoreURL(), []string{imapPassword, smtpPassword, botToken, generated}, "imap.example.com")
}

// mustSecretsSealed checks the secrets are nowhere in the SQLite files, write-ahead log
// included, while beside (stored in plain beside them) is, and every channel inbox's secrets
// column holds a sealed value.
func mustSecretsSealed(t *testing.T, dir, url string, secrets []string, beside string) {
	t.Helper()
	files := readDBFiles(t, dir)
	for _, secret := range secrets {
		if bytes.Contains(files, []byte(secret)) {
			t.Errorf("secret %s… found in plaintext in the database files", secret[:8])
		}
	}
	if !bytes.Contains(files, []byte(beside)) {
		t.Errorf("%s not found in the database files: the scan reads nothing", beside)
	}
	db, err := sql.Open("sqlite", url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var unsealed int
	err = db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM inboxes WHERE channel <> 'web' AND (channel_secrets = '' OR channel_secrets LIKE '{%')`).Scan(&unsealed)
	if err != nil || unsealed != 0 {
		t.Errorf("channel inboxes with no sealed secrets column: %d, %v; want 0", unsealed, err)
	}
}

func TestChannelInboxSecretsUpdate(t *testing.T) {
	s := mustRunChannels(t)
	o := s.mustSetupOrg("Secrets")
	owner := o.Tokens["owner"]
	mail := s.mustCreateInbox(owner, emailInboxBody())
	path := "/api/v1/inboxes/" + mail.ID
	secrets := func() kefu.ChannelSecrets {
		in, err := s.store.GetInboxAnyOrg(context.Background(), mail.ID)
		if err != nil {
			t.Fatal(err)
		}
		return in.Secrets
	}
	patch := func(body map[string]any) channelInbox {
		t.Helper()
		var in channelInbox
		s.mustDo(200, "PATCH", path, owner, body).JSON(t, &in)
		return in
	}

	// Another setting changed, a secret given empty: both kept.
	got := patch(map[string]any{"name": "Mail", "secrets": map[string]any{"imap_password": ""}})
	if sc := secrets(); sc.IMAPPassword != imapPassword || sc.SMTPPassword != smtpPassword || len(got.Config.SecretsSet) != 2 {
		t.Errorf("after a rename: secrets %+v, secrets_set %v; want both kept", sc, got.Config.SecretsSet)
	}
	// A new value replaces one.
	patch(map[string]any{"secrets": map[string]any{"smtp_password": "smtp-pw-new-4c3b2a"}})
	if sc := secrets(); sc.IMAPPassword != imapPassword || sc.SMTPPassword != "smtp-pw-new-4c3b2a" {
		t.Errorf("after replacing the SMTP password: %+v", sc)
	}
	// clear_secrets removes one.
	got = patch(map[string]any{"clear_secrets": []string{"imap_password"}})
	if sc := secrets(); sc.IMAPPassword != "" || sc.SMTPPassword == "" || !slices.Equal(got.Config.SecretsSet, []string{"smtp_password"}) {
		t.Errorf("after clearing the IMAP password: secrets %+v, secrets_set %v", sc, got.Config.SecretsSet)
	}
	// The config is replaced whole and checked again; the secrets stay.
	body := emailInboxBody()
	delete(body, "secrets")
	delete(body, "channel")
	body["config"].(map[string]any)["email"].(map[string]any)["receive"] = "forward"
	got = patch(body)
	if got.Config.Email == nil || got.Config.Email.Receive != "forward" || secrets().SMTPPassword == "" {
		t.Errorf("after a config change: %+v, secrets %+v", got.Config.Email, secrets())
	}
	var audit struct {
		Entries []struct {
			Action   string `json:"action"`
			TargetID string `json:"target_id"`
		} `json:"entries"`
	}
	r := s.mustDo(200, "GET", "/api/v1/audit?limit=100", owner, nil)
	r.JSON(t, &audit)
	inboxEntries := 0
	for _, e := range audit.Entries {
		if e.TargetID == mail.ID && (e.Action == "inbox.created" || e.Action == "inbox.updated") {
			inboxEntries++
		}
	}
	if inboxEntries != 5 || !bytes.Contains(r.Body, []byte("smtp_password")) {
		t.Errorf("audit log holds %d entries of the inbox, want 5 (create and 4 updates) naming the secrets set: %s", inboxEntries, r.Body)
	}
	for _, secret := range []string{imapPassword, smtpPassword, "smtp-pw-new-4c3b2a"} {
		if bytes.Contains(r.Body, []byte(secret)) {
			t.Errorf("audit log shows the secret %s…", secret[:8])
		}
	}
}

func TestChannelInboxRefused(t *testing.T) {
	s := mustRunChannels(t)
	o := s.mustSetupOrg("Refusals")
	owner := o.Tokens["owner"]
	with := func(body map[string]any, path []string, v any) map[string]any {
		m := body
		for _, k := range path[:len(path)-1] {
			m = m[k].(map[string]any)
		}
		if v == nil {
			delete(m, path[len(path)-1])
		} else {
			m[path[len(path)-1]] = v
		}
		return body
	}
	tests := []struct {
		name  string
		body  map[string]any
		field string
	}{
		{"email without config", with(emailInboxBody(), []string{"config"}, nil), "config.email"},
		{"email address invalid", with(emailInboxBody(), []string{"config", "email", "address"}, "not an address"), "config.email.address"},
		{"imap host missing", with(emailInboxBody(), []string{"config", "email", "imap", "host"}, ""), "config.email.imap.host"},
		{"smtp port out of range", with(emailInboxBody(), []string{"config", "email", "smtp", "port"}, 70000), "config.email.smtp.port"},
		{"from name with a line break", with(emailInboxBody(), []string{"config", "email", "from_name"}, "Shop\r\nBcc: x@y.z"), "config.email.from_name"},
		{"another channel's config", with(emailInboxBody(), []string{"config", "telegram"}, map[string]any{"mode": "webhook"}), "config.telegram"},
		{"another channel's secret", with(emailInboxBody(), []string{"secrets", "bot_token"}, "x"), "secrets.bot_token"},
		{"web inbox with a config", map[string]any{"name": "Web", "config": map[string]any{"api": map[string]any{"callback_url": "https://x.example.com"}}}, "config.api"},
		{"telegram without a token", with(telegramInboxBody(), []string{"secrets"}, nil), "secrets.bot_token"},
		{"token the platform refuses", with(telegramInboxBody(), []string{"secrets", "bot_token"}, "refused"), "secrets.bot_token"},
		{"api callback not a URL", with(apiInboxBody(), []string{"config", "api", "callback_url"}, "ftp://x"), "config.api.callback_url"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := s.do("POST", "/api/v1/inboxes", owner, tt.body)
			// kefu names the field "config.x"; the schema check (types, ranges) "body.config.x".
			if r.Status != 422 || r.Code(t) != string(kefu.CodeInvalid) || !bytes.Contains(r.Body, []byte(tt.field+`"`)) {
				t.Errorf("got %d %s, want 422 invalid_input naming %s", r.Status, r.Body, tt.field)
			}
		})
	}
	var list struct {
		Inboxes []struct{ ID string } `json:"inboxes"`
	}
	s.mustDo(200, "GET", "/api/v1/inboxes", owner, nil).JSON(t, &list)
	if len(list.Inboxes) != 1 {
		t.Errorf("%d inboxes after refused creates, want the one web inbox", len(list.Inboxes))
	}

	bot := s.mustCreateInbox(owner, telegramInboxBody())
	r := s.do("PATCH", "/api/v1/inboxes/"+bot.ID, owner, map[string]any{"channel": "email"})
	if r.Status != 422 || !bytes.Contains(r.Body, []byte(`"channel"`)) {
		t.Errorf("channel change: %d %s, want 422 naming channel", r.Status, r.Body)
	}
	r = s.do("PATCH", "/api/v1/inboxes/"+bot.ID, owner, map[string]any{"clear_secrets": []string{"bot_token"}})
	if r.Status != 422 || !bytes.Contains(r.Body, []byte(`"secrets.bot_token"`)) {
		t.Errorf("clearing the only bot token: %d %s, want 422 naming secrets.bot_token", r.Status, r.Body)
	}
	s.mustDo(200, "PATCH", "/api/v1/inboxes/"+bot.ID, owner, map[string]any{"channel": "telegram", "name": "Same channel"})
	// An agent without inboxes.manage cannot create one.
	s.mustDo(403, "POST", "/api/v1/inboxes", o.Tokens["agent"], apiInboxBody())
}

func TestChannelHooks(t *testing.T) {
	s := mustRunChannels(t)
	o := s.mustSetupOrg("Hooks")
	owner := o.Tokens["owner"]
	bot := s.mustCreateInbox(owner, telegramInboxBody())
	api := s.mustCreateInbox(owner, apiInboxBody())
	fake := s.fakes[kefu.ChannelTelegram]

	s.mustDo(204, "POST", "/hooks/"+bot.ID, "", `{"update_id":1}`)
	calls := fake.hookCalls()
	if len(calls) != 1 || calls[0].InboxID != bot.ID || calls[0].OrgID != o.ID || calls[0].BotToken != botToken ||
		calls[0].Method != "POST" || string(calls[0].Body) != `{"update_id":1}` {
		t.Errorf("webhook calls = %+v, want one POST for %s with its token opened", calls, bot.ID)
	}
	s.mustDo(204, "GET", "/hooks/"+api.ID, "", nil) // any method reaches the adapter
	if n := len(s.fakes[kefu.ChannelAPI].hookCalls()); n != 1 {
		t.Errorf("api adapter got %d webhooks, want 1", n)
	}
	for name, id := range map[string]string{"unknown inbox": "0190a0b0-0000-7000-8000-000000000000", "web inbox": o.InboxID, "not an id": "x'--"} {
		if r := s.do("POST", "/hooks/"+id, "", `{}`); r.Status != 404 || r.Code(t) != string(kefu.CodeNotFound) {
			t.Errorf("%s: got %d %s, want 404 not_found", name, r.Status, r.Body)
		}
	}
	big := strings.Repeat("x", 1<<20+1)
	if r := s.do("POST", "/hooks/"+bot.ID, "", big); r.Status != 413 {
		t.Errorf("oversize webhook: got %d, want 413 from the server's limit", r.Status)
	}
	if n := len(fake.hookCalls()); n != 1 {
		t.Errorf("telegram adapter recorded %d webhooks, want still 1", n)
	}
}

// The adapters' runners start with the server and stop when it closes, before the store.
func TestChannelRunners(t *testing.T) {
	var fakes map[kefu.ChannelType]*fakeChannel
	t.Cleanup(func() { // registered first, so it runs after the server's Close
		for ch, f := range fakes {
			select {
			case <-f.stopped:
			default:
				t.Errorf("%s runner still running after Close", ch)
				continue
			}
			if f.stopErr != nil {
				t.Errorf("%s runner read the store after it closed: %v", ch, f.stopErr)
			}
		}
	})
	s := mustRunChannels(t)
	fakes = s.fakes
	for ch, f := range fakes {
		select {
		case <-f.started:
		case <-time.After(5 * time.Second):
			t.Fatalf("%s runner not started", ch)
		}
	}
}

// Webhooks are public: a burst from one address past its budget is refused before any adapter
// sees it, and another address is unaffected.
func TestChannelHooksRateLimited(t *testing.T) {
	cfg := testConfig(t, databases()[0])
	cfg.TrustedProxies = []string{"127.0.0.1/32"}
	cfg.RateLimitIP = 20 // above what setting up the organisation from 127.0.0.1 takes
	s := mustRunChannelsWith(t, cfg)
	o := s.mustSetupOrg("HookLimits")
	bot := s.mustCreateInbox(o.Tokens["owner"], telegramInboxBody())
	hook := func(ip string) func() response {
		return func() response { return s.from(ip, "POST", "/hooks/"+bot.ID, "", `{"update_id":1}`) }
	}
	wantBurstRefused(t, 20, hook("203.0.113.7"), hook("203.0.113.8"))
	if n := len(s.fakes[kefu.ChannelTelegram].hookCalls()); n != 21 {
		t.Errorf("adapter saw %d webhooks, want the 20 allowed and the other address's 1", n)
	}
}
