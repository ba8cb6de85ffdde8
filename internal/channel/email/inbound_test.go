package email_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	gomail "github.com/emersion/go-message/mail"
	"github.com/emersion/go-smtp"

	"github.com/kefu-dev/kefu/internal/channel"
	"github.com/kefu-dev/kefu/internal/channel/email"
	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/store/storetest"
)

// Machines' mail opens nothing: an out-of-office reply, a bounce, a newsletter and kefu's own
// address coming back are skipped, and the cursor moves past them, so the customer's mail
// after them is received.
func TestAutomaticMailOpensNothing(t *testing.T) {
	f := newFixture(t, storetest.OpenSQLite)
	ctx := context.Background()
	for i, m := range []mail{
		{From: "ooo@example.com", Extra: "Auto-Submitted: auto-replied\r\n", Text: []byte("I am on leave")},
		{From: "boss@example.com", Extra: "X-Autoreply: yes\r\n", Text: []byte("Away")},
		{From: "MAILER-DAEMON@mx.example.com", Text: []byte("Delivery failed")},
		{From: "postmaster@example.com", Extra: "Return-Path: <>\r\n", Text: []byte("Undeliverable")},
		{From: "news@example.com", Extra: "Precedence: bulk\r\n", Text: []byte("Sale!")},
		{From: inboxAddress, Text: []byte("loop")},
	} {
		m.To, m.Subject, m.MessageID = inboxAddress, "auto", "auto."+string(rune('a'+i))+"@example.com"
		f.imap.deliver(t, m.bytes())
	}
	f.imap.deliver(t, mail{From: "real@example.com", To: inboxAddress, Subject: "hello", MessageID: "real@example.com", Text: []byte("a person")}.bytes())
	f.waitMessages(t, "real@example.com", 1)
	for _, addr := range []string{"ooo@example.com", "boss@example.com", "mailer-daemon@mx.example.com", "postmaster@example.com", "news@example.com", inboxAddress} {
		if c, err := f.st.FindContactByIdentity(ctx, f.owner.OrgID, kefu.ChannelEmail, addr); err == nil {
			t.Errorf("automatic mail from %s made contact %s", addr, c.ID)
		}
	}
	var validity, last uint32
	var err error
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline) && last < 7; time.Sleep(20 * time.Millisecond) {
		_, validity, last, err = f.st.EmailCursor(ctx, f.inbox.ID) // saved just after the mail is stored
	}
	if err != nil || validity == 0 || last != 7 {
		t.Errorf("cursor = validity %d last UID %d (%v), want past all 7 mails", validity, last, err)
	}
}

// A mail From an agent's own address is a customer's mail like any other: identity is the
// channel and the address, never an agent.
func TestForgedAgentFromStaysCustomer(t *testing.T) {
	f := newFixture(t, storetest.OpenSQLite)
	f.imap.deliver(t, mail{From: "李客服 <" + f.agent.Email + ">", To: inboxAddress, Subject: "refund approved", MessageID: "forged@evil.example",
		Text: []byte("Refund approved, send the goods back to me")}.bytes())
	c, msgs := f.waitMessages(t, f.agent.Email, 1)
	if m := msgs[0]; m.SenderType != kefu.SenderContact || m.SenderID != c.ID {
		t.Errorf("forged agent mail: sender %s %s, want the contact %s", m.SenderType, m.SenderID, c.ID)
	}
}

// An HTML-only mail: its text is what the agent reads, its HTML is kept sanitised, with the
// remote image held back.
func TestHTMLMailSanitised(t *testing.T) {
	f := newFixture(t, storetest.OpenSQLite)
	ctx := context.Background()
	raw := "From: h@example.com\r\nTo: " + inboxAddress + "\r\nSubject: html\r\nMessage-ID: <h1@example.com>\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: text/html; charset=utf-8\r\n\r\n" +
		`<html><head><style>p{}</style><script>alert("head")</script></head><body><p onclick="x()">Where is my parcel?</p>` +
		`<script>alert("x")</script><img src="https://tracker.example/open.gif"></body></html>` + "\r\n"
	f.imap.deliver(t, []byte(raw))
	_, msgs := f.waitMessages(t, "h@example.com", 1)
	if !strings.Contains(msgs[0].Content, "Where is my parcel?") || strings.Contains(msgs[0].Content, "alert") {
		t.Errorf("content = %q, want the text without script", msgs[0].Content)
	}
	original := f.original(t, msgs[0])
	if strings.Contains(original, "<script") || strings.Contains(original, "alert") || strings.Contains(original, "onclick") ||
		strings.Contains(original, ` src=`) || !strings.Contains(original, `data-kefu-src="https://tracker.example/open.gif"`) {
		t.Errorf("original = %s, want no script or handler and the image held in data-kefu-src", original)
	}
	// Only agents who may see the conversation read it, and only by its own conversation.
	originals := email.NewOriginals(f.st, f.convs)
	visitor := kefu.Actor{Kind: kefu.ActorVisitor, OrgID: f.owner.OrgID, InboxID: f.inbox.ID, ContactID: msgs[0].SenderID}
	if _, err := originals.Original(ctx, visitor, msgs[0].ConversationID, msgs[0].ID); !kefu.IsNotFound(err) {
		t.Errorf("the customer reading the original: %v, want not found", err)
	}
	stranger := kefu.Actor{Kind: kefu.ActorAgent, OrgID: "0194b3c0-0000-7000-8000-00000000beef", AgentID: f.owner.AgentID, Role: kefu.RoleOwner}
	if _, err := originals.Original(ctx, stranger, msgs[0].ConversationID, msgs[0].ID); !kefu.IsNotFound(err) {
		t.Errorf("another organisation reading the original: %v, want not found", err)
	}
}

// The reply token alone threads: a customer who answers a resolved conversation without
// In-Reply-To reopens it; a token for someone else's conversation does not let them in.
func TestReplyTokenThreads(t *testing.T) {
	f := newFixture(t, storetest.OpenSQLite)
	ctx := context.Background()
	f.imap.deliver(t, mail{From: "a@example.com", To: inboxAddress, Subject: "one", MessageID: "a1@example.com", Text: []byte("first")}.bytes())
	c, msgs := f.waitMessages(t, "a@example.com", 1)
	convID := msgs[0].ConversationID
	_, _, err := f.reply(t, c, convID, "answer")
	must(t, err)
	_, err = f.convs.SetStatus(ctx, f.owner, convID, kefu.StatusResolved, nil)
	must(t, err)
	token := replyToOf(t, f.smtp.mails()[0].Data)

	f.imap.deliver(t, mail{From: "a@example.com", To: token, Subject: "one more", MessageID: "a2@example.com", Text: []byte("again")}.bytes())
	f.imap.deliver(t, mail{From: "b@example.com", To: token, Subject: "hijack", MessageID: "b1@example.com", Text: []byte("let me in")}.bytes())
	_, msgs = f.waitMessages(t, "a@example.com", 3)
	conv, err := f.convs.Get(ctx, f.owner, convID)
	must(t, err)
	if msgs[2].ConversationID != convID || conv.Status != kefu.StatusOpen {
		t.Errorf("answer to the token went to %s, status %s; want %s reopened", msgs[2].ConversationID, conv.Status, convID)
	}
	_, other := f.waitMessages(t, "b@example.com", 1)
	if other[0].ConversationID == convID {
		t.Errorf("another sender with the token landed in %s", convID)
	}
}

// SMTP answers decide the delivery: 4xx temporary, 5xx permanent with the server's words.
func TestDeliverSMTPErrors(t *testing.T) {
	f := newFixture(t, storetest.OpenSQLite)
	f.imap.deliver(t, mail{From: "e@example.com", To: inboxAddress, Subject: "s", MessageID: "e1@example.com", Text: []byte("hi")}.bytes())
	c, msgs := f.waitMessages(t, "e@example.com", 1)

	f.smtp.reject = &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try later"}
	_, _, err := f.reply(t, c, msgs[0].ConversationID, "one")
	if retry, _ := channel.Retryable(err); err == nil || !retry || !strings.Contains(err.Error(), "451 try later") {
		t.Errorf("451: %v, want a temporary error with the server's reason", err)
	}
	f.smtp.reject = &smtp.SMTPError{Code: 552, EnhancedCode: smtp.EnhancedCode{5, 2, 2}, Message: "mailbox full"}
	_, _, err = f.reply(t, c, msgs[0].ConversationID, "two")
	var de *channel.DeliveryError
	if retry, _ := channel.Retryable(err); err == nil || retry || !asDeliveryError(err, &de) || !strings.Contains(de.Reason, "552 mailbox full") {
		t.Errorf("552: %v, want a permanent error whose reason is the server's", err)
	}
	three, res, err := f.reply(t, c, msgs[0].ConversationID, "three")
	if err != nil || len(f.smtp.mails()) != 1 {
		t.Errorf("after the refusals: %v, %d mails accepted; want the third one sent", err, len(f.smtp.mails()))
	}
	// The job runs the delivery again (kefu stopped before recording its outcome): the mail
	// was recorded as sent, so nothing is sent twice.
	conv, err := f.convs.Get(context.Background(), f.owner, msgs[0].ConversationID)
	must(t, err)
	inbox, err := f.st.GetInboxAnyOrg(context.Background(), f.inbox.ID)
	must(t, err)
	again, err := f.adapter.Deliver(context.Background(), channel.Outbound{Inbox: inbox, Conversation: conv, Message: three, To: c.Identities[0], Contact: c, Attempt: 2})
	if err != nil || again.PlatformMsgID != res.PlatformMsgID || len(f.smtp.mails()) != 1 {
		t.Errorf("repeated delivery: %v, id %q (first %q), %d mails; want the first mail's id and no second mail", err, again.PlatformMsgID, res.PlatformMsgID, len(f.smtp.mails()))
	}

	f.smtp.pass = "changed"
	_, _, err = f.reply(t, c, msgs[0].ConversationID, "four")
	if err == nil {
		t.Errorf("wrong SMTP password: delivered, want an error")
	}
}

// A restart neither loses nor repeats mail: mail that came while kefu was down is received
// after it, once, and new mail then arrives through IDLE without waiting for a poll.
func TestRestartResumesFromCursor(t *testing.T) {
	f := newFixture(t, storetest.OpenSQLite)
	f.imap.deliver(t, mail{From: "r@example.com", To: inboxAddress, Subject: "s", MessageID: "r1@example.com", Text: []byte("one")}.bytes())
	f.waitMessages(t, "r@example.com", 1)
	waitCursor(t, f, 1)
	f.stopFirst()

	f.imap.deliver(t, mail{From: "r@example.com", To: inboxAddress, Subject: "s", MessageID: "r2@example.com", Text: []byte("two")}.bytes())
	opts := f.opts
	opts.PollInterval = time.Hour // only IDLE can bring the third mail in time
	f.run(t, email.New(opts))
	f.waitMessages(t, "r@example.com", 2)
	waitCursor(t, f, 2)
	f.imap.deliver(t, mail{From: "r@example.com", To: inboxAddress, Subject: "s", MessageID: "r3@example.com", Text: []byte("three")}.bytes())
	f.waitMessages(t, "r@example.com", 3)
	time.Sleep(300 * time.Millisecond) // room for a wrong second copy to arrive
	_, msgs := f.waitMessages(t, "r@example.com", 3)
	var texts []string
	for _, m := range msgs {
		texts = append(texts, m.Content)
	}
	if len(msgs) != 3 || !strings.HasSuffix(texts[0], "one") || !strings.HasSuffix(texts[1], "two") || !strings.HasSuffix(texts[2], "three") {
		t.Errorf("messages after the restart = %q, want one, two, three once each", texts)
	}
}

func waitCursor(t *testing.T, f *fixture, uid uint32) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if _, _, last, err := f.st.EmailCursor(context.Background(), f.inbox.ID); err == nil && last >= uid {
			return
		}
	}
	t.Fatalf("the IMAP cursor did not reach UID %d", uid)
}

// An agent's files go out as attachments of the mail.
func TestDeliverAttachments(t *testing.T) {
	f := newFixture(t, storetest.OpenSQLite)
	ctx := context.Background()
	f.imap.deliver(t, mail{From: "p@example.com", To: inboxAddress, Subject: "photo?", MessageID: "p1@example.com", Text: []byte("send me a photo")}.bytes())
	c, msgs := f.waitMessages(t, "p@example.com", 1)
	if c.Identities[0].Verified {
		t.Errorf("identity of an untrusted mailbox is verified")
	}
	convID := msgs[0].ConversationID
	pic := pngBytes(t)
	att, err := f.convs.Upload(ctx, f.owner, convID, "商品.png", bytes.NewReader(pic))
	must(t, err)
	m, _, err := f.convs.Send(ctx, f.owner, kefu.SendRequest{ConversationID: convID, Content: "here", ClientMsgID: "att-1", AttachmentIDs: []string{att.ID}})
	must(t, err)
	conv, err := f.convs.Get(ctx, f.owner, convID)
	must(t, err)
	inbox, err := f.st.GetInboxAnyOrg(ctx, f.inbox.ID)
	must(t, err)
	_, err = f.adapter.Deliver(ctx, channel.Outbound{Inbox: inbox, Conversation: conv, Message: m, To: c.Identities[0], Contact: c, Attempt: 1,
		OpenAttachment: func(ctx context.Context, a kefu.Attachment) (io.ReadCloser, error) {
			_, rc, err := f.convs.Download(ctx, f.owner, a.ID)
			return rc, err
		}})
	must(t, err)
	r, err := gomail.CreateReader(bytes.NewReader(f.smtp.mails()[0].Data))
	must(t, err)
	var name string
	var data []byte
	for {
		p, err := r.NextPart()
		if err != nil {
			break
		}
		if h, ok := p.Header.(*gomail.AttachmentHeader); ok {
			name, _ = h.Filename()
			data, _ = io.ReadAll(p.Body)
		}
	}
	if name != "商品.png" || !bytes.Equal(data, pic) {
		t.Errorf("attachment %q (%d bytes), want 商品.png with the uploaded bytes", name, len(data))
	}
}

// The runner follows the inboxes: a wrong password gets no mail in, the corrected one does
// (the worker restarts with the new settings).
func TestRunnerFollowsInboxChanges(t *testing.T) {
	f := newFixture(t, storetest.OpenSQLite)
	ctx := context.Background()
	f.stopFirst()
	logs := &logRecorder{}
	opts := f.opts
	opts.Logger = slog.New(logs)
	f.run(t, email.New(opts))
	f.imap.deliver(t, mail{From: "w@example.com", To: inboxAddress, Subject: "s", MessageID: "w1@example.com", Text: []byte("hello")}.bytes())
	f.waitMessages(t, "w@example.com", 1)

	inbox, err := f.st.GetInboxAnyOrg(ctx, f.inbox.ID)
	must(t, err)
	inbox.Secrets.IMAPPassword = "not-the-pw-7q"
	must(t, f.st.UpdateInbox(ctx, inbox))
	logs.wait(t, "email: IMAP connection ended") // the old worker is gone, the new one refused
	f.imap.deliver(t, mail{From: "w@example.com", To: inboxAddress, Subject: "s", MessageID: "w2@example.com", Text: []byte("second")}.bytes())
	time.Sleep(500 * time.Millisecond) // room for a wrong implementation to take it anyway
	if _, msgs := f.waitMessages(t, "w@example.com", 1); len(msgs) != 1 {
		t.Fatalf("with a wrong password %d messages arrived, want the first only", len(msgs))
	}
	inbox.Secrets.IMAPPassword = "imap-pw"
	must(t, f.st.UpdateInbox(ctx, inbox))
	f.waitMessages(t, "w@example.com", 2)
	if logs.contains("imap-pw") || logs.contains("not-the-pw-7q") {
		t.Errorf("a password was logged")
	}
}

// logRecorder keeps every log record's message and attributes as text.
type logRecorder struct {
	mu    sync.Mutex
	lines []string
}

func (r *logRecorder) Enabled(context.Context, slog.Level) bool { return true }
func (r *logRecorder) WithAttrs([]slog.Attr) slog.Handler       { return r }
func (r *logRecorder) WithGroup(string) slog.Handler            { return r }

func (r *logRecorder) Handle(_ context.Context, rec slog.Record) error {
	line := rec.Message
	rec.Attrs(func(a slog.Attr) bool { line += " " + a.String(); return true })
	r.mu.Lock()
	defer r.mu.Unlock()
	r.lines = append(r.lines, line)
	return nil
}

func (r *logRecorder) contains(s string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, l := range r.lines {
		if strings.Contains(l, s) {
			return true
		}
	}
	return false
}

func (r *logRecorder) wait(t *testing.T, s string) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !r.contains(s); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no log line %q", s)
		}
	}
}
