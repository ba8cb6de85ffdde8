package email

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/mail"
	"strconv"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/kefu-dev/kefu/internal/channel"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// dialTimeout bounds connecting to a mail server; the job's context bounds the rest.
const dialTimeout = 30 * time.Second

// Deliver sends an agent's reply as a mail over the inbox's SMTP server. SMTP 4xx answers are
// temporary, 5xx permanent with the server's text as the reason the agent sees. The mail's
// Message-ID is derived from the message id, so a repeated delivery is the same mail to the
// customer's client, though SMTP itself cannot refuse the second copy.
func (a *Adapter) Deliver(ctx context.Context, out channel.Outbound) (channel.DeliveryResult, error) {
	if err := checkOutbound(out); err != nil {
		return channel.DeliveryResult{}, err
	}
	l, err := a.letterFor(ctx, out)
	if err != nil {
		return channel.DeliveryResult{}, err
	}
	if sent, err := a.sentBefore(ctx, out.Inbox.ID, l.MessageID); err != nil || sent {
		return channel.DeliveryResult{PlatformMsgID: "<" + l.MessageID + ">"}, err
	}
	raw, err := l.write(ctx, out.OpenAttachment)
	if err != nil {
		return channel.DeliveryResult{}, err
	}
	c := out.Inbox.Config.Email
	if err := a.send(ctx, c.SMTP, out.Inbox.Secrets.SMTPPassword, c.Address, l.To.Address, raw); err != nil {
		return channel.DeliveryResult{}, err
	}
	rec := &kefu.EmailMessage{
		InboxID: out.Inbox.ID, MessageID: l.MessageID, ConversationID: out.Conversation.ID,
		KefuMessageID: out.Message.ID, Subject: l.Subject, CreatedAt: time.Now(),
	}
	if err := a.store.RecordEmailMessage(ctx, rec); err != nil {
		// Sent: the reply token still threads the customer's answer, so do not send again.
		a.log.WarnContext(ctx, "email: sent mail not recorded for threading", "inbox_id", out.Inbox.ID, "err", err)
	}
	return channel.DeliveryResult{PlatformMsgID: "<" + l.MessageID + ">"}, nil
}

// sentBefore reports whether this reply's mail was sent and recorded already: a delivery
// repeated after kefu stopped between recording the mail and the job recording its outcome
// sends nothing. (Stopping between the server's "250 OK" and the record still sends twice:
// SMTP has no idempotency key.)
func (a *Adapter) sentBefore(ctx context.Context, inboxID, messageID string) (bool, error) {
	conv, err := a.store.EmailConversation(ctx, inboxID, []string{messageID})
	return conv != "", err
}

// checkOutbound refuses, for good, a reply that cannot become a mail.
func checkOutbound(out channel.Outbound) error {
	switch {
	case out.Inbox == nil || out.Inbox.Config.Email == nil:
		return channel.Permanent("the inbox has no mail settings", nil)
	case out.Conversation == nil || out.Message == nil:
		return channel.Permanent("nothing to send", nil)
	case out.OpenAttachment == nil && len(out.Message.Attachments) > 0:
		return channel.Permanent("the attachments cannot be read", nil)
	}
	if _, err := mail.ParseAddress(out.To.ExternalID); err != nil {
		return channel.Permanent("the customer has no valid email address", err)
	}
	return nil
}

// send hands one mail to the SMTP server.
func (a *Adapter) send(ctx context.Context, s kefu.MailServer, password, from, to string, raw []byte) error {
	c, err := a.dialSMTP(ctx, s)
	if err != nil {
		return channel.Temporary("the mail server cannot be reached", 0, err)
	}
	defer c.Close()
	if s.Username != "" {
		if err := c.Auth(sasl.NewPlainClient("", s.Username, password)); err != nil {
			return smtpError("the mail server refused the login", err)
		}
	}
	if err := c.SendMail(from, []string{to}, bytes.NewReader(raw)); err != nil {
		return smtpError("the mail server refused the mail", err)
	}
	_ = c.Quit()
	return nil
}

// dialSMTP connects with the server's security: implicit TLS, STARTTLS (required, never
// skipped when the server does not offer it), or plaintext.
func (a *Adapter) dialSMTP(ctx context.Context, s kefu.MailServer) (*smtp.Client, error) {
	addr := net.JoinHostPort(s.Host, strconv.Itoa(s.Port))
	d := &net.Dialer{Timeout: dialTimeout}
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, err
	}
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	}
	switch s.Security {
	case "tls":
		return smtp.NewClient(tls.Client(conn, a.tlsConfig(s.Host))), nil
	case "starttls":
		return smtp.NewClientStartTLS(conn, a.tlsConfig(s.Host))
	}
	return smtp.NewClient(conn), nil
}

func (a *Adapter) tlsConfig(host string) *tls.Config {
	cfg := &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}
	if a.opts.TLS != nil {
		cfg = a.opts.TLS.Clone()
		cfg.ServerName = host
	}
	return cfg
}

// smtpError classifies an SMTP failure: a 5xx reply is permanent with the server's words, a
// 4xx reply or a broken connection temporary.
func smtpError(what string, err error) error {
	var se *smtp.SMTPError
	if !errors.As(err, &se) {
		return channel.Temporary(what, 0, err)
	}
	reason := fmt.Sprintf("%s: %d %s", what, se.Code, se.Message)
	if se.Code >= 500 {
		return channel.Permanent(reason, err)
	}
	return channel.Temporary(reason, 0, err)
}
