package admin

import (
	"testing"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// cleanChannelConfig fills the usual defaults of each channel and asks IMAP settings only of
// a mailbox kefu logs in to.
func TestCleanChannelConfigDefaults(t *testing.T) {
	mail := func(receive string, imap kefu.MailServer) kefu.ChannelConfig {
		return kefu.ChannelConfig{Email: &kefu.EmailChannel{Address: "Help@Shop.example.com", Receive: receive, IMAP: imap,
			SMTP: kefu.MailServer{Host: "smtp.example.com", Security: "none"}}, SecretsSet: []string{"forged"}}
	}
	got, err := cleanChannelConfig(kefu.ChannelEmail, mail("", kefu.MailServer{Host: "imap.example.com", Security: "starttls"}))
	if err != nil {
		t.Fatal(err)
	}
	e := got.Email
	if e.Address != "help@shop.example.com" || e.Receive != "imap" || e.Mailbox != "INBOX" || e.IMAP.Port != 143 || e.SMTP.Port != 587 || got.SecretsSet != nil {
		t.Errorf("cleaned = %+v (secrets_set %v), want lower-cased address, imap, INBOX, ports 143 and 587, no secrets_set", e, got.SecretsSet)
	}
	if _, err := cleanChannelConfig(kefu.ChannelEmail, mail("forward", kefu.MailServer{})); err != nil {
		t.Errorf("forwarding mailbox without IMAP settings: %v, want accepted", err)
	}
	if _, err := cleanChannelConfig(kefu.ChannelEmail, mail("imap", kefu.MailServer{})); kefu.ErrorCode(err) != kefu.CodeInvalid {
		t.Errorf("IMAP mailbox without IMAP settings: %v, want invalid_input", err)
	}
	tg, err := cleanChannelConfig(kefu.ChannelTelegram, kefu.ChannelConfig{})
	if err != nil || tg.Telegram == nil || tg.Telegram.Mode != "" {
		t.Errorf("telegram without config = %+v, %v; want an empty mode for the adapter to choose", tg.Telegram, err)
	}
	web, err := cleanChannelConfig(kefu.ChannelWeb, kefu.ChannelConfig{})
	if err != nil || web.Email != nil || web.Telegram != nil || web.API != nil {
		t.Errorf("web config = %+v, %v; want empty", web, err)
	}
}

// generatedSecrets names only secrets the adapter made and the administrator must hand on.
func TestGeneratedSecrets(t *testing.T) {
	before := kefu.ChannelSecrets{BotToken: "t"}
	after := kefu.ChannelSecrets{BotToken: "t", WebhookSecret: "made-by-kefu", APISecret: "whsec_new"}
	if got := generatedSecrets(before, after); got != (kefu.ChannelSecrets{APISecret: "whsec_new"}) {
		t.Errorf("generated = %+v, want only the API secret", got)
	}
	if got := generatedSecrets(after, after); !got.Empty() {
		t.Errorf("nothing new generated = %+v, want none", got)
	}
}
