package email_test

import (
	"context"
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/kefu-dev/kefu/internal/channel/email"
	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/store/storetest"
)

// Real providers speak TLS: IMAP over implicit TLS and SMTP with STARTTLS, the servers'
// certificate checked against the roots kefu is given.
func TestTLSServers(t *testing.T) {
	f := newFixture(t, storetest.OpenSQLite)
	ctx := context.Background()
	f.stopFirst()
	certs := httptest.NewTLSServer(http.NotFoundHandler()) // a certificate for 127.0.0.1 and its root
	defer certs.Close()
	serverTLS := &tls.Config{Certificates: certs.TLS.Certificates}
	imapTLS := startIMAPTLS(t, inboxAddress, "imap-pw", serverTLS)
	smtpTLS := startSMTPTLS(t, inboxAddress, "smtp-pw", serverTLS)
	inbox, err := f.st.GetInboxAnyOrg(ctx, f.inbox.ID)
	must(t, err)
	inbox.Config.Email.IMAP = kefu.MailServer{Host: "127.0.0.1", Port: imapTLS.addr.Port, Security: "tls", Username: inboxAddress}
	inbox.Config.Email.SMTP = kefu.MailServer{Host: "127.0.0.1", Port: smtpTLS.addr.Port, Security: "starttls", Username: inboxAddress}
	must(t, f.st.UpdateInbox(ctx, inbox))
	opts := f.opts
	opts.TLS = certs.Client().Transport.(*http.Transport).TLSClientConfig
	f.adapter = email.New(opts)
	f.run(t, f.adapter)

	imapTLS.deliver(t, mail{From: "s@example.com", To: inboxAddress, Subject: "secure", MessageID: "s1@example.com", Text: []byte("over TLS")}.bytes())
	c, msgs := f.waitMessages(t, "s@example.com", 1)
	f.smtp = smtpTLS
	if _, _, err := f.reply(t, c, msgs[0].ConversationID, "answer over STARTTLS"); err != nil {
		t.Fatalf("deliver over STARTTLS: %v", err)
	}
	if n := len(smtpTLS.mails()); n != 1 {
		t.Errorf("the STARTTLS server got %d mails, want 1", n)
	}

	// Without the test's root the certificate is refused: no mail leaves in the clear.
	f.adapter = email.New(f.opts)
	if _, _, err := f.reply(t, c, msgs[0].ConversationID, "untrusted"); err == nil || len(smtpTLS.mails()) != 1 {
		t.Errorf("untrusted certificate: %v, %d mails; want an error and nothing sent", err, len(smtpTLS.mails()))
	}
}
