package telegram

import (
	"context"
	"strings"
	"testing"

	"github.com/kefu-dev/kefu/internal/kefu"
)

func (f *fixture) newInbox(mode, token string) *kefu.Inbox {
	return &kefu.Inbox{ID: f.inbox.ID, OrgID: f.inbox.OrgID, Channel: kefu.ChannelTelegram,
		Config:  kefu.ChannelConfig{Telegram: &kefu.TelegramChannel{Mode: mode}},
		Secrets: kefu.ChannelSecrets{BotToken: token}}
}

func TestConfigureWebhook(t *testing.T) {
	f := newFixture(t, "https://kefu.example.com/")
	in := f.newInbox("", testToken)
	if err := f.a.Configure(context.Background(), in, nil); err != nil {
		t.Fatal(err)
	}
	c := in.Config.Telegram
	if c.Mode != modeWebhook || c.BotUsername != "shop_bot" || len(in.Secrets.WebhookSecret) < 32 {
		t.Errorf("config %+v with a %d-character secret, want webhook mode, shop_bot and a generated secret", c, len(in.Secrets.WebhookSecret))
	}
	url, secret := f.api.Webhook(testToken)
	if url != "https://kefu.example.com/hooks/"+in.ID || secret != in.Secrets.WebhookSecret {
		t.Errorf("Telegram's webhook %q with secret %q, want kefu's hook with the inbox's secret", url, secret)
	}
	// Saving again without the secrets keeps them: the API never returns them to be sent back.
	again := f.newInbox(modeWebhook, "")
	if err := f.a.Configure(context.Background(), again, in); err != nil {
		t.Fatal(err)
	}
	if again.Secrets != in.Secrets {
		t.Errorf("secrets changed on a save without them")
	}
}

func TestConfigurePolling(t *testing.T) {
	f := newFixture(t, "")
	hooked := f.newInbox(modeWebhook, testToken)
	if err := newFixtureAPI(f, "https://kefu.example.com").Configure(context.Background(), hooked, nil); err != nil {
		t.Fatal(err)
	}
	in := f.newInbox("", testToken)
	if err := f.a.Configure(context.Background(), in, nil); err != nil {
		t.Fatal(err)
	}
	if url, _ := f.api.Webhook(testToken); in.Config.Telegram.Mode != modePolling || url != "" {
		t.Errorf("mode %q with Telegram's webhook %q, want polling and the webhook deleted", in.Config.Telegram.Mode, url)
	}
}

// newFixtureAPI is an adapter on f's fake Bot API with another public URL.
func newFixtureAPI(f *fixture, publicURL string) *Adapter {
	return New(Options{APIURL: f.api.URL, Receiver: f.rcv, PublicURL: publicURL})
}

func TestConfigureRefuses(t *testing.T) {
	tests := []struct {
		name, publicURL, mode, token, field string
	}{
		{"no token", "", modePolling, "", "secrets.bot_token"},
		{"token Telegram refuses", "", modePolling, "999:AAH-unknown_token_abcdefghijk", "secrets.bot_token"},
		{"malformed token", "", modePolling, "1/../x?y", "secrets.bot_token"},
		{"webhook without public_url", "", modeWebhook, testToken, "config.telegram.mode"},
		{"unknown mode", "", "push", testToken, "config.telegram.mode"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, tt.publicURL)
			err := f.a.Configure(context.Background(), f.newInbox(tt.mode, tt.token), nil)
			var ke *kefu.Error
			if !asError(err, &ke) || ke.Code != kefu.CodeInvalid || ke.Field != tt.field {
				t.Fatalf("Configure = %v, want invalid_input on %s", err, tt.field)
			}
			if strings.Contains(ke.Message, "AAH-") {
				t.Errorf("message %q shows the token", ke.Message)
			}
		})
	}
}

func asError(err error, target **kefu.Error) bool {
	e, ok := err.(*kefu.Error)
	*target = e
	return ok
}

// A new token gets a new webhook secret, and the old bot stops posting to kefu.
func TestConfigureNewToken(t *testing.T) {
	f := newFixture(t, "https://kefu.example.com")
	const other = "654321:AAH-other_token_abcdefghijklmn"
	f.api.AddBot(other, "new_bot")
	old := f.newInbox(modeWebhook, testToken)
	if err := f.a.Configure(context.Background(), old, nil); err != nil {
		t.Fatal(err)
	}
	next := f.newInbox(modeWebhook, other)
	next.Secrets.WebhookSecret = old.Secrets.WebhookSecret // as the inbox API hands it over: stored secrets merged in
	if err := f.a.Configure(context.Background(), next, old); err != nil {
		t.Fatal(err)
	}
	if next.Secrets.WebhookSecret == old.Secrets.WebhookSecret || next.Config.Telegram.BotUsername != "new_bot" {
		t.Errorf("secret kept %v, bot %q; want a new secret for new_bot", next.Secrets.WebhookSecret == old.Secrets.WebhookSecret, next.Config.Telegram.BotUsername)
	}
	if url, _ := f.api.Webhook(testToken); url != "" {
		t.Errorf("old bot still posts to %q", url)
	}
	if url, secret := f.api.Webhook(other); url == "" || secret != next.Secrets.WebhookSecret {
		t.Errorf("new bot's webhook %q with secret %q, want kefu's hook with the new secret", url, secret)
	}
}
