package kefu

// ChannelConfig is the non-secret configuration of an inbox's channel: exactly the member of
// its channel type is set (none for a web inbox). It is stored as JSON with the inbox, so a new
// option needs no migration, and returned by the API as it is.
type ChannelConfig struct {
	Email    *EmailChannel    `json:"email,omitempty"`
	Telegram *TelegramChannel `json:"telegram,omitempty"`
	API      *APIChannel      `json:"api,omitempty"`
	// SecretsSet names the credentials the inbox has (imap_password, bot_token, ...), for the
	// settings page to show "set" without the value. Derived when read; never stored.
	SecretsSet []string `json:"secrets_set,omitempty" readOnly:"true"`
}

// ChannelSecrets are an inbox's channel credentials. They are stored sealed in one column
// (envelope encryption under the keyring), written by an administrator, read only by the
// channel's adapter, and never returned by the API or logged.
type ChannelSecrets struct {
	IMAPPassword  string `json:"imap_password,omitempty"`
	SMTPPassword  string `json:"smtp_password,omitempty"`
	BotToken      string `json:"bot_token,omitempty"`      // Telegram
	WebhookSecret string `json:"webhook_secret,omitempty"` // Telegram's X-Telegram-Bot-Api-Secret-Token, kefu-generated
	APISecret     string `json:"api_secret,omitempty"`     // the API channel's signing secret (Standard Webhooks "whsec_…")
}

// Names returns the names of the secrets that are set, in a fixed order.
func (s ChannelSecrets) Names() []string {
	var out []string
	for _, f := range []struct {
		name, v string
	}{
		{"imap_password", s.IMAPPassword}, {"smtp_password", s.SMTPPassword}, {"bot_token", s.BotToken},
		{"webhook_secret", s.WebhookSecret}, {"api_secret", s.APISecret},
	} {
		if f.v != "" {
			out = append(out, f.name)
		}
	}
	return out
}

// Empty reports whether no secret is set.
func (s ChannelSecrets) Empty() bool { return s == ChannelSecrets{} }

// MailServer is how kefu reaches one mail server.
type MailServer struct {
	Host     string `json:"host" maxLength:"253"`
	Port     int    `json:"port" minimum:"0" maximum:"65535" required:"false" doc:"0 or omitted = the usual port of the security"`
	Security string `json:"security" enum:"tls,starttls,none" required:"false" doc:"Default tls"` // implicit TLS, STARTTLS, or plaintext (tests, a local relay)
	Username string `json:"username" maxLength:"320" required:"false"`
}

// EmailChannel is a mailbox answered from kefu.
type EmailChannel struct {
	Address  string `json:"address" maxLength:"320"` // the inbox's address: From of replies, and where customers write
	FromName string `json:"from_name" maxLength:"200" required:"false"`
	// Receive is how mail reaches kefu: "imap" (kefu logs in, IDLE or polling) or "forward"
	// (the mail server forwards to kefu's own SMTP listener).
	Receive string     `json:"receive" enum:"imap,forward" required:"false" doc:"Default imap"`
	IMAP    MailServer `json:"imap" required:"false" doc:"Required when receive is imap"`
	Mailbox string     `json:"mailbox" maxLength:"200" required:"false" doc:"Default INBOX"` // IMAP folder; "" = INBOX
	SMTP    MailServer `json:"smtp"`
	// TrustSenders marks the mailbox's From addresses as verified (the mail server enforces
	// SPF/DKIM/DMARC), so an inbound address joins a contact with the same verified email
	// instead of only being suggested as a merge.
	TrustSenders bool `json:"trust_senders" required:"false"`
}

// TelegramChannel is a Telegram bot answered from kefu.
type TelegramChannel struct {
	BotUsername string `json:"bot_username" readOnly:"true" required:"false"` // from getMe, when the token is saved
	// Mode is "webhook" (Telegram posts to kefu's public URL) or "polling" (kefu long-polls
	// getUpdates; for a kefu without a public URL).
	Mode string `json:"mode" enum:"webhook,polling" required:"false" doc:"Default webhook"`
}

// APIChannel is an inbox an integrator feeds over HTTP: customer messages are posted to kefu's
// inbound endpoint and agent replies are delivered to CallbackURL, both signed with the inbox's
// secret (Standard Webhooks).
type APIChannel struct {
	CallbackURL string `json:"callback_url" maxLength:"2000"`
}
