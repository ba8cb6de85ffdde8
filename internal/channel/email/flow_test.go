package email_test

import (
	"strings"
	"testing"

	gomail "github.com/emersion/go-message/mail"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/store/storetest"
)

func gbk(t *testing.T, s string) []byte {
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
	must(t, err)
	return b
}

// A GBK mail with an attachment becomes a conversation; the agent's reply leaves as a threaded
// multipart mail with the signature; the customer's answer to it joins the same conversation
// with its quoted history cut.
func TestMailThreadRoundTrip(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { testMailThread(t, newFixture(t, storetest.OpenSQLite)) })
	t.Run("postgres", func(t *testing.T) { testMailThread(t, newFixture(t, storetest.OpenPostgres)) })
}

func testMailThread(t *testing.T, f *fixture) {
	f.imap.deliver(t, mail{
		From: "=?GBK?B?" + b64(gbk(t, "王小明")) + "?= <Wang@Example.com>", To: inboxAddress, Charset: "GBK",
		Subject: string(gbk(t, "订单问题")), MessageID: "first.1@example.com",
		Text: gbk(t, "你好，我的订单还没到，请查一下。"), Attachment: pngBytes(t),
	}.bytes())

	c, msgs := f.waitMessages(t, "wang@example.com", 1)
	first := msgs[0]
	if c.Name != "王小明" || c.Email != "wang@example.com" {
		t.Errorf("contact = %q <%s>, want 王小明 <wang@example.com>", c.Name, c.Email)
	}
	if !strings.Contains(first.Content, "你好，我的订单还没到，请查一下。") || !strings.Contains(first.Content, "订单问题") {
		t.Errorf("first message content = %q, want the GBK text and subject decoded", first.Content)
	}
	if len(first.Attachments) != 1 || first.Attachments[0].ContentType != "image/png" || first.Attachments[0].FileName != "photo.png" {
		t.Errorf("attachments = %+v, want photo.png as image/png", first.Attachments)
	}
	if first.SenderType != kefu.SenderContact {
		t.Errorf("sender type = %s, want contact", first.SenderType)
	}

	reply, res, err := f.reply(t, c, first.ConversationID, "您好，已为您查询，明天送达。<b>谢谢</b>")
	must(t, err)
	sent := f.smtp.mails()
	if len(sent) != 1 || sent[0].From != inboxAddress || len(sent[0].To) != 1 || sent[0].To[0] != "wang@example.com" {
		t.Fatalf("SMTP server got %+v, want one mail from %s to wang@example.com", sent, inboxAddress)
	}
	out := readMail(t, sent[0].Data)
	msgID, _ := out.header.MessageID()
	if "<"+msgID+">" != res.PlatformMsgID || !strings.Contains(msgID, reply.ID) {
		t.Errorf("Message-ID %q, platform id %q, want one naming message %s", msgID, res.PlatformMsgID, reply.ID)
	}
	inReplyTo, _ := out.header.MsgIDList("In-Reply-To")
	refs, _ := out.header.MsgIDList("References")
	subject, _ := out.header.Subject()
	replyTo, _ := out.header.AddressList("Reply-To")
	from, _ := out.header.AddressList("From")
	if len(inReplyTo) != 1 || inReplyTo[0] != "first.1@example.com" || len(refs) != 1 || refs[0] != "first.1@example.com" {
		t.Errorf("In-Reply-To %v References %v, want the customer's first.1@example.com", inReplyTo, refs)
	}
	if subject != "Re: 订单问题" || len(from) != 1 || from[0].Name != "Shop 客服" || from[0].Address != inboxAddress {
		t.Errorf("Subject %q From %v, want Re: 订单问题 from Shop 客服 <%s>", subject, from, inboxAddress)
	}
	if len(replyTo) != 1 || !strings.HasPrefix(replyTo[0].Address, "support+k") || !strings.HasSuffix(replyTo[0].Address, "@shop.test") {
		t.Errorf("Reply-To %v, want support+<token>@shop.test", replyTo)
	}
	if !out.alternative || !strings.Contains(out.text, "明天送达") || !strings.Contains(strings.ReplaceAll(out.text, "\r\n", "\n"), "-- \n李客服 · Shop 售后") {
		t.Errorf("text part %q (alternative=%v), want the reply and the signature in multipart/alternative", out.text, out.alternative)
	}
	if !strings.Contains(out.html, "&lt;b&gt;谢谢&lt;/b&gt;") || strings.Contains(out.html, "<b>谢谢") {
		t.Errorf("HTML part %q, want the agent's text escaped", out.html)
	}

	// The customer answers from their mail client: In-Reply-To kefu's mail, quote below.
	f.imap.deliver(t, mail{
		From: "Wang <wang@example.com>", To: replyTo[0].Address, Subject: "Re: 订单问题", MessageID: "second.2@example.com",
		InReplyTo: msgID,
		Text:      []byte("好的，谢谢！\r\n\r\nOn Mon, 7 Dec 2026 at 10:00, Shop 客服 <support@shop.test> wrote:\r\n> 您好，已为您查询，明天送达。\r\n"),
	}.bytes())
	_, msgs = f.waitMessages(t, "wang@example.com", 3)
	answer := msgs[2]
	if answer.ConversationID != first.ConversationID || answer.Content != "好的，谢谢！" {
		t.Errorf("customer's answer %q in %s, want 好的，谢谢！ (quote cut) in %s", answer.Content, answer.ConversationID, first.ConversationID)
	}
	original := f.original(t, answer)
	if !strings.Contains(original, "wrote:") || !strings.Contains(original, "明天送达") {
		t.Errorf("original of the answer = %q, want the quoted history kept", original)
	}

	// The second reply names the whole thread.
	_, _, err = f.reply(t, c, first.ConversationID, "不客气")
	must(t, err)
	sent = f.smtp.mails()
	last := readMail(t, sent[len(sent)-1].Data)
	refs, _ = last.header.MsgIDList("References")
	if len(refs) != 3 || refs[0] != "first.1@example.com" || refs[1] != msgID || refs[2] != "second.2@example.com" {
		t.Errorf("References of the second reply = %v, want the customer's, kefu's and the customer's answer", refs)
	}
}

// sentOut is an outbound mail as the customer's client reads it.
type sentOut struct {
	header      gomail.Header
	text, html  string
	alternative bool
}

func readMail(t *testing.T, raw []byte) sentOut {
	t.Helper()
	r, err := gomail.CreateReader(strings.NewReader(string(raw)))
	must(t, err)
	out := sentOut{header: r.Header}
	for {
		p, err := r.NextPart()
		if err != nil {
			break
		}
		if h, ok := p.Header.(*gomail.InlineHeader); ok {
			ct, _, _ := h.ContentType()
			switch ct {
			case "text/plain":
				out.text = readAll(t, p.Body)
			case "text/html":
				out.html = readAll(t, p.Body)
			}
		}
	}
	out.alternative = strings.Contains(string(raw), "multipart/alternative")
	return out
}
