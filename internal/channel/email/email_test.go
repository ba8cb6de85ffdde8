package email_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"image"
	"image/png"
	"io"
	"mime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/blob"
	"github.com/kefu-dev/kefu/internal/channel"
	"github.com/kefu-dev/kefu/internal/channel/email"
	"github.com/kefu-dev/kefu/internal/contact"
	"github.com/kefu-dev/kefu/internal/conversation"
	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/store"
)

const inboxAddress = "support@shop.test"

// fixture is one organisation with an email inbox whose IMAP and SMTP servers run in the
// test, over the real store, contact and conversation services, with the adapter running.
type fixture struct {
	st      *store.Store
	convs   *conversation.Service
	adapter *email.Adapter
	imap    *imapServer
	smtp    *smtpServer
	opts    email.Options
	// stopFirst stops the adapter the fixture started.
	stopFirst func()
	inbox     *kefu.Inbox
	agent     *kefu.Agent
	owner     kefu.Actor
}

func newFixture(t *testing.T, open func(testing.TB) *store.Store) *fixture {
	t.Helper()
	ctx := context.Background()
	st := open(t)
	org := &kefu.Org{Name: "Shop", Settings: kefu.DefaultOrgSettings()}
	agent := &kefu.Agent{Email: "agent@shop.test", Name: "李客服", Role: kefu.RoleOwner, Capacity: 5, Signature: "李客服 · Shop 售后"}
	must(t, st.CreateOrgWithOwner(ctx, org, agent))
	f := &fixture{st: st, imap: startIMAP(t, inboxAddress, "imap-pw"), smtp: startSMTP(t, inboxAddress, "smtp-pw"), agent: agent,
		owner: kefu.Actor{Kind: kefu.ActorAgent, OrgID: org.ID, AgentID: agent.ID, Role: kefu.RoleOwner}}
	f.inbox = &kefu.Inbox{OrgID: org.ID, Name: "Shop mail", Channel: kefu.ChannelEmail, WidgetKey: "wk-" + strings.ToLower(rand.Text()),
		Config: kefu.ChannelConfig{Email: &kefu.EmailChannel{
			Address: inboxAddress, FromName: "Shop 客服", Receive: "imap",
			IMAP: kefu.MailServer{Host: "127.0.0.1", Port: f.imap.addr.Port, Security: "none", Username: inboxAddress},
			SMTP: kefu.MailServer{Host: "127.0.0.1", Port: f.smtp.addr.Port, Security: "none", Username: inboxAddress},
		}},
		Secrets: kefu.ChannelSecrets{IMAPPassword: "imap-pw", SMTPPassword: "smtp-pw"},
	}
	must(t, st.CreateInbox(ctx, f.inbox))
	blobs, err := blob.NewDisk(t.TempDir())
	must(t, err)
	f.convs = conversation.New(conversation.Options{Store: st, Blobs: blobs})
	f.opts = email.Options{
		Receiver: channel.NewReceiver(contact.New(st, nil, nil), f.convs, nil), Store: st, Inboxes: st,
		Secret: []byte("test secret"), PollInterval: 200 * time.Millisecond, RefreshInterval: 100 * time.Millisecond,
	}
	f.adapter = email.New(f.opts)
	f.stopFirst = f.run(t, f.adapter)
	return f
}

// run starts an adapter's runner until the test ends or the returned stop is called.
func (f *fixture) run(t *testing.T, a *email.Adapter) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("Run: %v", err)
			}
		})
	}
	t.Cleanup(stop)
	return stop
}

// waitMessages waits until the contact with this address has want messages (activity entries
// left out) across its conversations, and returns them, oldest conversation first.
func (f *fixture) waitMessages(t *testing.T, address string, want int) (*kefu.Contact, []kefu.Message) {
	t.Helper()
	ctx := context.Background()
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := f.st.FindContactByIdentity(ctx, f.owner.OrgID, kefu.ChannelEmail, address)
		if err == nil {
			var all []kefu.Message
			convs, err := f.convs.ContactConversations(ctx, f.owner, c.ID)
			must(t, err)
			for i := len(convs) - 1; i >= 0; i-- {
				ms, err := f.convs.Messages(ctx, f.owner, convs[i].ID, kefu.MessageQuery{Forward: true})
				must(t, err)
				for _, m := range ms {
					if m.Kind != kefu.KindEvent { // activity entries (resolved, reopened) are not mail
						all = append(all, m)
					}
				}
			}
			if len(all) >= want {
				return c, all
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no %d messages from %s after 10s", want, address)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// reply sends an agent's reply in a conversation and delivers it as the delivery job would.
func (f *fixture) reply(t *testing.T, c *kefu.Contact, convID, text string) (*kefu.Message, channel.DeliveryResult, error) {
	t.Helper()
	ctx := context.Background()
	m, _, err := f.convs.Send(ctx, f.owner, kefu.SendRequest{ConversationID: convID, Content: text, ClientMsgID: "r-" + rand.Text()})
	must(t, err)
	conv, err := f.convs.Get(ctx, f.owner, convID)
	must(t, err)
	inbox, err := f.st.GetInboxAnyOrg(ctx, f.inbox.ID)
	must(t, err)
	res, err := f.adapter.Deliver(ctx, channel.Outbound{
		Inbox: inbox, Conversation: conv, Message: m, To: c.Identities[0], Contact: c, Sender: f.agent, Attempt: 1,
	})
	return m, res, err
}

// mail is a test mail's parts.
type mail struct {
	From, To, Subject, MessageID, InReplyTo string
	Charset                                 string // of the text part; "" = utf-8
	Text, HTML                              []byte // encoded in Charset already
	Extra                                   string // more header lines, each ending in \r\n
	Attachment                              []byte
}

func (m mail) bytes() []byte {
	cs := m.Charset
	if cs == "" {
		cs = "utf-8"
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "From: %s\r\nTo: %s\r\nSubject: %s\r\nMessage-ID: <%s>\r\nDate: %s\r\nMIME-Version: 1.0\r\n",
		m.From, m.To, mime.BEncoding.Encode(cs, string(m.Subject)), m.MessageID, time.Now().Format(time.RFC1123Z))
	if m.InReplyTo != "" {
		fmt.Fprintf(&b, "In-Reply-To: <%s>\r\nReferences: <%s>\r\n", m.InReplyTo, m.InReplyTo)
	}
	b.WriteString(m.Extra)
	b.WriteString("Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n")
	part(&b, "text/plain; charset="+cs, "", m.Text)
	if m.HTML != nil {
		part(&b, "text/html; charset="+cs, "", m.HTML)
	}
	if m.Attachment != nil {
		part(&b, "image/png; name=\"photo.png\"", "Content-Disposition: attachment; filename=\"photo.png\"\r\n", m.Attachment)
	}
	b.WriteString("--b1--\r\n")
	return b.Bytes()
}

func part(b *bytes.Buffer, ct, extra string, body []byte) {
	enc := base64.StdEncoding.EncodeToString(body)
	fmt.Fprintf(b, "--b1\r\nContent-Type: %s\r\n%sContent-Transfer-Encoding: base64\r\n\r\n", ct, extra)
	for len(enc) > 76 { // RFC 2045 lines
		b.WriteString(enc[:76] + "\r\n")
		enc = enc[76:]
	}
	b.WriteString(enc + "\r\n")
}

func pngBytes(t *testing.T) []byte {
	var b bytes.Buffer
	must(t, png.Encode(&b, image.NewRGBA(image.Rect(0, 0, 4, 3))))
	return b.Bytes()
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func readAll(t *testing.T, r io.Reader) string {
	b, err := io.ReadAll(r)
	must(t, err)
	return string(b)
}

func b64(b []byte) string { return base64.StdEncoding.EncodeToString(b) }

// replyToOf is the Reply-To address of a raw mail.
func replyToOf(t *testing.T, raw []byte) string {
	t.Helper()
	out := readMail(t, raw)
	list, err := out.header.AddressList("Reply-To")
	if err != nil || len(list) != 1 {
		t.Fatalf("Reply-To: %v %v", list, err)
	}
	return list[0].Address
}

func asDeliveryError(err error, target **channel.DeliveryError) bool { return errors.As(err, target) }

// original waits for the kept original of a received mail: it is recorded just after the
// message is committed, so a test that saw the message may ask a moment too early.
func (f *fixture) original(t *testing.T, m kefu.Message) string {
	t.Helper()
	originals := email.NewOriginals(f.st, f.convs)
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		html, err := originals.Original(context.Background(), f.owner, m.ConversationID, m.ID)
		if err == nil {
			return html
		}
		if !kefu.IsNotFound(err) || time.Now().After(deadline) {
			t.Fatalf("original of %s: %v", m.ID, err)
		}
	}
}
