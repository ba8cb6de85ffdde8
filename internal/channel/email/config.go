package email

import (
	"context"
	"net/mail"
	"strings"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// Configure checks an email inbox's configuration when an administrator saves it: an address,
// how mail arrives, the servers and their security, and the passwords they need (kept from
// the stored inbox when left empty on an update).
func (a *Adapter) Configure(_ context.Context, next, prev *kefu.Inbox) error {
	c := next.Config.Email
	if c == nil {
		return kefu.FieldError("config.email", "an email inbox needs its mail settings")
	}
	if prev != nil {
		keepSecrets(&next.Secrets, prev.Secrets)
	}
	if err := checkAddress(c); err != nil {
		return err
	}
	if c.Receive == "" {
		c.Receive = "imap"
	}
	switch c.Receive {
	case "imap":
		if err := checkServer("config.email.imap", c.IMAP); err != nil {
			return err
		}
		if next.Secrets.IMAPPassword == "" {
			return kefu.FieldError("secrets.imap_password", "the IMAP password (or app password) is required")
		}
	case "forward":
	default:
		return kefu.FieldError("config.email.receive", "receive must be imap or forward")
	}
	return checkSMTP(c, next.Secrets)
}

func checkAddress(c *kefu.EmailChannel) error {
	addr, err := mail.ParseAddress(c.Address)
	if err != nil || addr.Address != c.Address || !strings.Contains(c.Address, "@") {
		return kefu.FieldError("config.email.address", "address must be a plain email address like support@example.com")
	}
	c.Address = strings.ToLower(c.Address)
	if strings.ContainsAny(c.FromName, "\r\n") {
		return kefu.FieldError("config.email.from_name", "from_name must be one line")
	}
	if strings.ContainsAny(c.Mailbox, "\r\n") {
		return kefu.FieldError("config.email.mailbox", "mailbox must be one line")
	}
	return nil
}

func checkSMTP(c *kefu.EmailChannel, s kefu.ChannelSecrets) error {
	if err := checkServer("config.email.smtp", c.SMTP); err != nil {
		return err
	}
	if c.SMTP.Username != "" && s.SMTPPassword == "" {
		return kefu.FieldError("secrets.smtp_password", "the SMTP password is required with an SMTP username")
	}
	return nil
}

// checkServer checks one mail server's host, port and security.
func checkServer(field string, s kefu.MailServer) error {
	switch {
	case s.Host == "" || strings.ContainsAny(s.Host, " /\r\n@"):
		return kefu.FieldError(field+".host", "a host name is required")
	case s.Port <= 0 || s.Port > 65535:
		return kefu.FieldError(field+".port", "port must be 1 to 65535")
	}
	switch s.Security {
	case "tls", "starttls", "none":
		return nil
	}
	return kefu.FieldError(field+".security", "security must be tls, starttls or none")
}

// keepSecrets fills the passwords an update left empty from the stored inbox.
func keepSecrets(next *kefu.ChannelSecrets, prev kefu.ChannelSecrets) {
	if next.IMAPPassword == "" {
		next.IMAPPassword = prev.IMAPPassword
	}
	if next.SMTPPassword == "" {
		next.SMTPPassword = prev.SMTPPassword
	}
}
