package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// A running kefu serves an email inbox: a GBK mail with an attachment, delivered to the
// inbox's IMAP server, becomes a conversation that agents read over the API.
func TestEmailInboxReceivesMail(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		m := &Main{Config: testConfig(t, db), Version: "test", ChannelPoll: 100 * time.Millisecond}
		s := mustRun(t, m)
		o := s.mustSetupOrg("Mailshop")
		user := startMemIMAP(t, "support@mailshop.test", "imap-pw")
		inbox := &kefu.Inbox{OrgID: o.ID, Name: "Mail", Channel: kefu.ChannelEmail, WidgetKey: "wk-mail-" + db.name,
			Config: kefu.ChannelConfig{Email: &kefu.EmailChannel{
				Address: "support@mailshop.test", Receive: "imap", TrustSenders: false,
				IMAP: kefu.MailServer{Host: "127.0.0.1", Port: user.port, Security: "none", Username: "support@mailshop.test"},
				SMTP: kefu.MailServer{Host: "127.0.0.1", Port: 25, Security: "none"},
			}},
			Secrets: kefu.ChannelSecrets{IMAPPassword: "imap-pw"},
		}
		if err := s.store.CreateInbox(context.Background(), inbox); err != nil {
			t.Fatal(err)
		}
		// The composer learns what the channel takes; the password never leaves kefu.
		r := s.mustDo(200, "GET", "/api/v1/inboxes/"+inbox.ID, o.Tokens["owner"], nil)
		var info struct {
			Capabilities struct {
				Sends    []string `json:"sends"`
				Realtime bool     `json:"realtime"`
			} `json:"capabilities"`
		}
		r.JSON(t, &info)
		if c := info.Capabilities; strings.Join(c.Sends, ",") != "text,image,file" || c.Realtime {
			t.Errorf("email inbox capabilities = %+v, want text, image and file, not realtime", c)
		}
		if bytes.Contains(r.Body, []byte("imap-pw")) {
			t.Errorf("the inbox API returned the IMAP password")
		}
		body, _ := simplifiedchinese.GBK.NewEncoder().String("请问发票什么时候开？")
		raw := "From: zhao@example.com\r\nTo: support@mailshop.test\r\nSubject: invoice\r\nMessage-ID: <inv.1@example.com>\r\n" +
			"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n" +
			"--b\r\nContent-Type: text/plain; charset=gbk\r\nContent-Transfer-Encoding: base64\r\n\r\n" + base64.StdEncoding.EncodeToString([]byte(body)) + "\r\n" +
			"--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"order.pdf\"\r\n\r\n%PDF-1.4\r\n%%EOF\r\n--b--\r\n"
		user.deliver(t, raw)

		var page struct {
			Conversations []struct {
				ID string `json:"id"`
			} `json:"conversations"`
		}
		waitFor(t, 10*time.Second, "the mail's conversation", func() bool {
			s.mustDo(200, "GET", "/api/v1/conversations?inbox_id="+inbox.ID, o.Tokens["owner"], nil).JSON(t, &page)
			return len(page.Conversations) == 1
		})
		var msgs struct {
			Messages []kefu.Message `json:"messages"`
		}
		// A mail with files starts its conversation first, then stores the files and the message.
		waitFor(t, 10*time.Second, "the mail's message", func() bool {
			s.mustDo(200, "GET", "/api/v1/conversations/"+page.Conversations[0].ID+"/messages", o.Tokens["owner"], nil).JSON(t, &msgs)
			return len(msgs.Messages) > 0
		})
		got := msgs.Messages[0]
		if !strings.Contains(got.Content, "请问发票什么时候开？") || got.SenderType != kefu.SenderContact ||
			len(got.Attachments) != 1 || got.Attachments[0].FileName != "order.pdf" {
			t.Errorf("message = %q from %s with %d attachments, want the GBK text from the contact with order.pdf", got.Content, got.SenderType, len(got.Attachments))
		}
		var original struct {
			HTML string `json:"html"`
		}
		path := "/api/v1/conversations/" + got.ConversationID + "/messages/" + got.ID + "/email"
		// The original is recorded just after the message is committed.
		waitFor(t, 5*time.Second, "the original mail", func() bool { return s.do("GET", path, o.Tokens["owner"], nil).Status == 200 })
		s.mustDo(200, "GET", path, o.Tokens["owner"], nil).JSON(t, &original)
		if !strings.Contains(original.HTML, "请问发票什么时候开？") {
			t.Errorf("original mail = %q, want its text", original.HTML)
		}
		other := s.mustSetupOrg("Othershop")
		s.mustDo(404, "GET", path, other.Tokens["owner"], nil)
	})
}

// memIMAP is go-imap's in-memory server with one user, on a local port.
type memIMAP struct {
	user *imapmemserver.User
	port int
}

func startMemIMAP(t *testing.T, username, password string) *memIMAP {
	t.Helper()
	mem := imapmemserver.New()
	user := imapmemserver.NewUser(username, password)
	if err := user.Create("INBOX", nil); err != nil {
		t.Fatal(err)
	}
	mem.AddUser(user)
	srv := imapserver.New(&imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return mem.NewSession(), nil, nil
		},
		Caps: imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapIMAP4rev2: {}}, InsecureAuth: true, Logger: quietIMAPLog{},
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return &memIMAP{user: user, port: ln.Addr().(*net.TCPAddr).Port}
}

func (m *memIMAP) deliver(t *testing.T, raw string) {
	t.Helper()
	if _, err := m.user.Append("INBOX", imapLiteral{bytes.NewReader([]byte(raw))}, &imap.AppendOptions{}); err != nil {
		t.Fatal(err)
	}
}

type imapLiteral struct{ *bytes.Reader }

type quietIMAPLog struct{}

func (quietIMAPLog) Printf(string, ...any) {}
