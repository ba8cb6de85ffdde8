package email

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"html"
	"io"
	"slices"
	"time"

	"github.com/kefu-dev/kefu/internal/channel"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// receive stores one raw mail that reached inbox (fetched over IMAP or handed to the SMTP
// listener for rcpt). It returns nil when the mail is stored, was stored before, or is not for
// a conversation (an auto-reply, a bounce, unreadable), so the caller moves past it; an error
// means "try again later" and the caller keeps the mail.
func (a *Adapter) receive(ctx context.Context, inbox *kefu.Inbox, raw []byte, rcpt ...string) error {
	p, err := parse(bytes.NewReader(raw))
	if err != nil {
		a.log.WarnContext(ctx, "email: unreadable mail skipped", "inbox_id", inbox.ID, "err", err)
		return nil
	}
	from := ""
	if p.From != nil {
		from = p.From.Address
	}
	if why := automatic(p.Header, from, inbox.Config.Email.Address); why != "" {
		a.log.InfoContext(ctx, "email: automatic mail opens no conversation", "inbox_id", inbox.ID, "why", why)
		return nil
	}
	in, original := a.inbound(ctx, inbox, p, raw, rcpt)
	got, err := a.rcv.Receive(ctx, in)
	if kefu.ErrorCode(err) == kefu.CodeInvalid {
		a.log.WarnContext(ctx, "email: mail refused", "inbox_id", inbox.ID, "err", kefu.PublicMessage(err))
		return nil
	}
	if err != nil {
		return err
	}
	if inbox.PIIPolicy.Masks() {
		original = "" // the original would show what masking hides: not kept
	}
	return a.store.RecordEmailMessage(ctx, &kefu.EmailMessage{
		InboxID: inbox.ID, MessageID: in.MessageID, ConversationID: got.Message.ConversationID,
		KefuMessageID: got.Message.ID, Subject: p.Subject, HTML: original, CreatedAt: time.Now(),
	})
}

// inbound normalises a parsed mail, and returns with it the mail's whole sanitised HTML.
// Identity is the channel and the From address, never more: a From naming an agent's address
// is a customer like any other, so a forged mail cannot speak as an agent.
func (a *Adapter) inbound(ctx context.Context, inbox *kefu.Inbox, p *parsed, raw []byte, rcpt []string) (channel.Inbound, string) {
	text := p.Text
	if text == "" && p.HTML != "" {
		text = htmlToText(p.HTML)
	}
	reply, _ := splitQuoted(text)
	in := channel.Inbound{
		OrgID: inbox.OrgID, InboxID: inbox.ID,
		Sender: channel.Sender{
			Channel: kefu.ChannelEmail, ExternalID: p.From.Address, Verified: inbox.Config.Email.TrustSenders,
			Name: p.From.Name, Email: p.From.Address,
		},
		MessageID: messageIDOf(p, raw), Kind: channel.KindText, Text: reply, Fallback: "[empty email]",
		SentAt: p.Date, ThreadConversationID: a.thread(ctx, inbox, p, rcpt),
	}
	if in.ThreadConversationID == "" && p.Subject != "" {
		in.Text = "✉ " + p.Subject + "\n\n" + reply // a new thread: the subject says what it is about
	}
	for _, f := range p.Files {
		in.Media = append(in.Media, media(f))
	}
	return in, a.original(p, text)
}

// original is the mail as the agent may unfold it: its HTML sanitised, or its text escaped.
func (a *Adapter) original(p *parsed, text string) string {
	if p.HTML != "" {
		return a.clean.sanitize(p.HTML)
	}
	return "<pre>" + html.EscapeString(text) + "</pre>"
}

// messageIDOf is the mail's Message-ID, or for a mail without one a hash of its bytes, which
// is as stable across fetches as an id.
func messageIDOf(p *parsed, raw []byte) string {
	if p.MessageID != "" {
		return p.MessageID
	}
	sum := sha256.Sum256(raw)
	return "sha256." + hex.EncodeToString(sum[:16]) + "@kefu.invalid"
}

func media(f file) channel.Media {
	return channel.Media{FileName: f.Name, Open: func(context.Context) (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(f.Data)), nil
	}}
}

// thread finds the conversation a mail answers: a reply token in the address it was sent to,
// then kefu's Message-IDs it names, then any Message-ID of the thread kefu has recorded. The
// Receiver checks that the conversation is the sender's; a token it cannot verify is ignored.
func (a *Adapter) thread(ctx context.Context, inbox *kefu.Inbox, p *parsed, rcpt []string) string {
	for _, addr := range slices.Concat(rcpt, p.Recipients) {
		if sameMailbox(addr, inbox.Config.Email.Address) {
			if id := a.tokens.threadOf(addr); id != "" {
				return id
			}
		}
	}
	refs := slices.Concat(p.References, p.InReplyTo)
	for i := len(refs) - 1; i >= 0; i-- {
		if id := a.tokens.threadOf(refs[i]); id != "" {
			return id
		}
	}
	id, err := a.store.EmailConversation(ctx, inbox.ID, refs)
	if err != nil {
		a.log.WarnContext(ctx, "email: thread lookup failed", "inbox_id", inbox.ID, "err", err)
	}
	return id
}
