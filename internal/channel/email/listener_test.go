package email_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"net"
	"strings"
	"testing"

	"github.com/emersion/go-smtp"

	"github.com/kefu-dev/kefu/internal/channel/email"
	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/store/storetest"
)

// kefu's own SMTP listener takes forwarded mail for a forwarding inbox's address, refuses
// every other recipient (no relaying) and mail over the size limit.
func TestSMTPListenerTakesForwardedMail(t *testing.T) {
	f := newFixture(t, storetest.OpenSQLite)
	ctx := context.Background()
	fwd := &kefu.Inbox{OrgID: f.owner.OrgID, Name: "Forwarded", Channel: kefu.ChannelEmail, WidgetKey: "wk-" + strings.ToLower(rand.Text()),
		Config: kefu.ChannelConfig{Email: &kefu.EmailChannel{Address: "sales@shop.test", Receive: "forward",
			SMTP: kefu.MailServer{Host: "127.0.0.1", Port: f.smtp.addr.Port, Security: "none"}}}}
	must(t, f.st.CreateInbox(ctx, fwd))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	must(t, err)
	opts := f.opts
	opts.SMTPListener, opts.MaxMailBytes = ln, 64<<10
	f.stopFirst() // one runner at a time on the IMAP inbox
	f.run(t, email.New(opts))
	addr := ln.Addr().String()

	raw := mail{From: "Fan <fan@example.com>", To: "sales@shop.test", Subject: "quote", MessageID: "fwd.1@example.com", Text: []byte("Price for 100 units?")}.bytes()
	must(t, sendPlain(addr, "fan@example.com", []string{"Sales@Shop.test"}, bytes.NewReader(raw)))
	c, msgs := f.waitMessages(t, "fan@example.com", 1)
	conv, err := f.convs.Get(ctx, f.owner, msgs[0].ConversationID)
	must(t, err)
	if conv.InboxID != fwd.ID || !strings.Contains(msgs[0].Content, "Price for 100 units?") || c.Email != "fan@example.com" {
		t.Errorf("forwarded mail: %q in inbox %s, want the text in the forwarding inbox %s", msgs[0].Content, conv.InboxID, fwd.ID)
	}

	err = sendPlain(addr, "fan@example.com", []string{"someone@elsewhere.test"}, bytes.NewReader(raw))
	if code := smtpCode(err); code != 550 {
		t.Errorf("mail for an unknown recipient: %v, want 550", err)
	}
	// The IMAP inbox's address is not a forwarding one: the listener is no back door to it.
	err = sendPlain(addr, "fan@example.com", []string{inboxAddress}, bytes.NewReader(raw))
	if code := smtpCode(err); code != 550 {
		t.Errorf("mail for an IMAP inbox: %v, want 550", err)
	}
	big := mail{From: "fan@example.com", To: "sales@shop.test", Subject: "big", MessageID: "fwd.big@example.com", Text: bytes.Repeat([]byte("x"), 100<<10)}.bytes()
	err = sendPlain(addr, "fan@example.com", []string{"sales@shop.test"}, bytes.NewReader(big))
	if code := smtpCode(err); code != 552 {
		t.Errorf("oversize mail: %v, want 552", err)
	}
}

func smtpCode(err error) int {
	var se *smtp.SMTPError
	if errors.As(err, &se) {
		return se.Code
	}
	return 0
}

// sendPlain hands a mail to an SMTP server without TLS, as a local forwarding server would.
func sendPlain(addr, from string, to []string, r *bytes.Reader) error {
	c, err := smtp.Dial(addr)
	if err != nil {
		return err
	}
	defer c.Close()
	return c.SendMail(from, to, r)
}
