package admin

import (
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// Limits of channel configuration fields.
const (
	maxHostLen     = 253 // a DNS name
	maxMailUserLen = 320
	maxMailboxLen  = 200
	maxFromNameLen = 200
	maxSecretLen   = 4096 // far above any real password, token or signing secret
)

// cleanChannelConfig checks cfg as the configuration of an inbox of channel ch and returns it
// with defaults filled in. Only the member of ch may be set; kefu's own checks come here, the
// platform's (a token getMe accepts) in the adapter's Configurer.
func cleanChannelConfig(ch kefu.ChannelType, cfg kefu.ChannelConfig) (kefu.ChannelConfig, error) {
	cfg.SecretsSet = nil // derived when read, never taken from a request
	if err := onlyMember(ch, cfg); err != nil {
		return cfg, err
	}
	var err error
	switch ch {
	case kefu.ChannelEmail:
		cfg.Email, err = cleanEmailChannel(cfg.Email)
	case kefu.ChannelTelegram:
		cfg.Telegram, err = cleanTelegramChannel(cfg.Telegram)
	case kefu.ChannelAPI:
		cfg.API, err = cleanAPIChannel(cfg.API)
	case kefu.ChannelWeChat:
		cfg.WeChat, err = cleanWeChatChannel(cfg.WeChat)
	case kefu.ChannelWeCom:
		cfg.WeCom, err = cleanWeComChannel(cfg.WeCom)
	case kefu.ChannelMiniProgram:
		cfg.MiniProgram, err = cleanMiniProgramChannel(cfg.MiniProgram)
	}
	return cfg, err
}

// onlyMember refuses a configuration member of another channel than ch.
func onlyMember(ch kefu.ChannelType, cfg kefu.ChannelConfig) error {
	members := []struct {
		t   kefu.ChannelType
		set bool
	}{{kefu.ChannelEmail, cfg.Email != nil}, {kefu.ChannelTelegram, cfg.Telegram != nil}, {kefu.ChannelAPI, cfg.API != nil},
		{kefu.ChannelWeChat, cfg.WeChat != nil}, {kefu.ChannelWeCom, cfg.WeCom != nil}, {kefu.ChannelMiniProgram, cfg.MiniProgram != nil}}
	for _, m := range members {
		if m.set && m.t != ch {
			return kefu.FieldError("config."+string(m.t), "a %s inbox takes no config.%s: its channel is fixed when it is created", ch, m.t)
		}
	}
	return nil
}

// cleanEmailChannel checks a mailbox's configuration; a port left 0 is the usual one of its
// security.
func cleanEmailChannel(c *kefu.EmailChannel) (*kefu.EmailChannel, error) {
	if c == nil {
		return nil, kefu.FieldError("config.email", "an email inbox needs config.email: its address and mail servers")
	}
	out := *c
	var err error
	if out.Address, err = cleanEmail("config.email.address", c.Address); err != nil {
		return nil, err
	}
	if out.FromName, err = cleanText("config.email.from_name", c.FromName, maxFromNameLen); err != nil {
		return nil, err
	}
	if err := checkSingleLine("config.email.from_name", out.FromName); err != nil {
		return nil, err
	}
	return cleanMailServers(&out)
}

// cleanMailServers checks how the mailbox is reached: SMTP always (replies go out through it),
// IMAP unless mail is forwarded to kefu's own listener.
func cleanMailServers(c *kefu.EmailChannel) (*kefu.EmailChannel, error) {
	var err error
	switch c.Receive {
	case "":
		c.Receive = "imap"
	case "imap", "forward":
	default:
		return nil, kefu.FieldError("config.email.receive", "config.email.receive must be imap or forward")
	}
	if c.Receive == "imap" {
		if c.IMAP, err = cleanMailServer("config.email.imap", c.IMAP, 993, 143); err != nil {
			return nil, err
		}
	}
	if c.Mailbox, err = cleanName("config.email.mailbox", orDefault(c.Mailbox, "INBOX"), maxMailboxLen); err != nil {
		return nil, err
	}
	if c.SMTP, err = cleanMailServer("config.email.smtp", c.SMTP, 465, 587); err != nil {
		return nil, err
	}
	return c, nil
}

// cleanMailServer checks one server; tlsPort and plainPort are the defaults for implicit TLS
// and for STARTTLS or plaintext.
func cleanMailServer(field string, s kefu.MailServer, tlsPort, plainPort int) (kefu.MailServer, error) {
	s.Host = strings.TrimSpace(s.Host)
	if s.Host == "" || len(s.Host) > maxHostLen || strings.ContainsAny(s.Host, " /?#@") || !utf8.ValidString(s.Host) {
		return s, kefu.FieldError(field+".host", "%s.host must be the server's host name, e.g. imap.exmail.qq.com", field)
	}
	if err := checkText(field+".host", s.Host, false); err != nil {
		return s, err
	}
	switch s.Security {
	case "":
		s.Security = "tls"
	case "tls", "starttls", "none":
	default:
		return s, kefu.FieldError(field+".security", "%s.security must be tls, starttls or none", field)
	}
	if s.Port == 0 {
		s.Port = plainPort
		if s.Security == "tls" {
			s.Port = tlsPort
		}
	}
	if s.Port < 1 || s.Port > 65535 {
		return s, kefu.FieldError(field+".port", "%s.port must be 1 to 65535", field)
	}
	var err error
	if s.Username, err = cleanText(field+".username", s.Username, maxMailUserLen); err != nil {
		return s, err
	}
	return s, checkSingleLine(field+".username", s.Username)
}

// cleanTelegramChannel checks a bot's configuration. A mode left empty is the adapter's to
// choose (webhook when kefu has a public URL, else polling). BotUsername is Telegram's answer
// to getMe, filled in by the adapter; what a request says of it is ignored (kept from prev by
// the caller).
func cleanTelegramChannel(c *kefu.TelegramChannel) (*kefu.TelegramChannel, error) {
	out := kefu.TelegramChannel{}
	if c != nil {
		out = *c
	}
	switch out.Mode {
	case "", "webhook", "polling":
	default:
		return nil, kefu.FieldError("config.telegram.mode", "config.telegram.mode must be webhook or polling")
	}
	return &out, nil
}

// cleanAPIChannel checks an API inbox's callback URL: absolute http(s). Whether its address
// may be reached is the SSRF guard's decision at send time, and the adapter's Configurer may
// demand https.
func cleanAPIChannel(c *kefu.APIChannel) (*kefu.APIChannel, error) {
	if c == nil {
		return nil, kefu.FieldError("config.api", "an API inbox needs config.api with its callback_url")
	}
	out := *c
	out.CallbackURL = strings.TrimSpace(c.CallbackURL)
	u, err := url.Parse(out.CallbackURL)
	if out.CallbackURL == "" || len(out.CallbackURL) > maxURLLen || err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil {
		return nil, kefu.FieldError("config.api.callback_url", "config.api.callback_url must be an http(s) URL where kefu posts agents' replies, e.g. https://bridge.example.com/kefu")
	}
	return &out, nil
}

// checkSingleLine refuses line breaks in what becomes a mail header or a login name.
func checkSingleLine(field, s string) error {
	if strings.ContainsAny(s, "\r\n") {
		return kefu.FieldError(field, "%s must be one line", field)
	}
	return nil
}

func orDefault(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return s
}
