package kefu

// ChannelConfig is the non-secret configuration of an inbox's channel: exactly the member of
// its channel type is set (none for a web inbox). It is stored as JSON with the inbox, so a new
// option needs no migration, and returned by the API as it is.
type ChannelConfig struct {
	Email       *EmailChannel       `json:"email,omitempty"`
	Telegram    *TelegramChannel    `json:"telegram,omitempty"`
	API         *APIChannel         `json:"api,omitempty"`
	WeChat      *WeChatChannel      `json:"wechat,omitempty"`
	WeCom       *WeComChannel       `json:"wecom,omitempty"`
	MiniProgram *MiniProgramChannel `json:"miniprogram,omitempty"`
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
	// AppSecret is a WeChat Official Account's or mini program's AppSecret, or a WeCom
	// customer-service application's Secret: what kefu trades for access tokens.
	AppSecret string `json:"app_secret,omitempty"`
	// CallbackToken and EncodingAESKey are the WeChat platforms' callback credentials (服务器配置
	// Token and EncodingAESKey): the token signs callbacks, the key (43 characters of base64)
	// encrypts them. kefu generates both when left empty, for the administrator to paste into the
	// platform's console.
	CallbackToken  string `json:"callback_token,omitempty"`
	EncodingAESKey string `json:"encoding_aes_key,omitempty"`
}

// Names returns the names of the secrets that are set, in a fixed order.
func (s ChannelSecrets) Names() []string {
	var out []string
	for _, f := range []struct {
		name, v string
	}{
		{"imap_password", s.IMAPPassword}, {"smtp_password", s.SMTPPassword}, {"bot_token", s.BotToken},
		{"webhook_secret", s.WebhookSecret}, {"api_secret", s.APISecret},
		{"app_secret", s.AppSecret}, {"callback_token", s.CallbackToken}, {"encoding_aes_key", s.EncodingAESKey},
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

// WeChat callback encryption modes (消息加解密方式), as the platform console names them.
const (
	WeChatPlaintext  = "plaintext"  // 明文模式: signed, not encrypted
	WeChatCompatible = "compatible" // 兼容模式: plaintext and encrypted side by side
	WeChatSafe       = "safe"       // 安全模式: encrypted only (recommended)
)

// WeChatChannel is a WeChat Official Account (公众号) answered from kefu. Its callback URL
// (服务器地址) is kefu's public URL + "/hooks/" + the inbox id.
type WeChatChannel struct {
	AppID string `json:"app_id" maxLength:"64" doc:"The account's AppID (开发者ID), wx followed by 16 hex digits"`
	// Encryption is the callback mode chosen in the console; kefu accepts what that mode sends
	// and refuses the rest (a plaintext callback to a safe-mode inbox).
	Encryption string `json:"encryption" enum:"plaintext,compatible,safe" required:"false" doc:"Default safe"`
}

// WeComChannel is a WeCom customer-service account (微信客服) answered from kefu through the
// customer-service API: the callback only says that there are new messages, which kefu pulls.
type WeComChannel struct {
	CorpID   string `json:"corp_id" maxLength:"64" doc:"The company's CorpID (企业ID)"`
	OpenKfID string `json:"open_kfid" maxLength:"64" doc:"The customer-service account's open_kfid (客服帐号ID)"`
}

// MiniProgramChannel is a mini program's customer-service messages (小程序客服消息).
type MiniProgramChannel struct {
	AppID      string `json:"app_id" maxLength:"64" doc:"The mini program's AppID"`
	Encryption string `json:"encryption" enum:"plaintext,compatible,safe" required:"false" doc:"Default safe"`
	// DataFormat is the callback's format chosen in the console (数据格式).
	DataFormat string `json:"data_format" enum:"json,xml" required:"false" doc:"Default json"`
}
