package email

import (
	"bytes"
	"context"
	"html"
	"io"
	"strings"
	"time"

	"github.com/emersion/go-message/mail"

	"github.com/kefu-dev/kefu/internal/channel"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// threadDepth is how many of a thread's Message-IDs a reply's References names.
const threadDepth = 20

// letter is an agent's reply as a mail, before it is written.
type letter struct {
	From, To, ReplyTo *mail.Address
	Subject           string
	MessageID         string
	Thread            []string // the thread's Message-IDs, oldest first
	Text              string   // the reply and the signature
	Attachments       []kefu.Attachment
}

// letterFor builds the reply to out's conversation: From the inbox, Reply-To the inbox's
// address with the conversation's token, the thread's subject and References.
func (a *Adapter) letterFor(ctx context.Context, out channel.Outbound) (*letter, error) {
	c := out.Inbox.Config.Email
	subject, thread, err := a.store.EmailThread(ctx, out.Conversation.ID, threadDepth)
	if err != nil {
		return nil, err
	}
	name := ""
	if out.Contact != nil {
		name = out.Contact.Name
	}
	return &letter{
		From:        &mail.Address{Name: c.FromName, Address: c.Address},
		To:          &mail.Address{Name: name, Address: out.To.ExternalID},
		ReplyTo:     &mail.Address{Name: c.FromName, Address: a.tokens.replyAddress(c.Address, out.Conversation.ID)},
		Subject:     replySubject(subject, out.Inbox.Name),
		MessageID:   a.tokens.messageID(c.Address, out.Message.ID, out.Conversation.ID),
		Thread:      thread,
		Text:        withSignature(out.Message.Content, out.Sender),
		Attachments: out.Message.Attachments,
	}, nil
}

// replySubject is "Re: " and the thread's first subject, once.
func replySubject(first, inboxName string) string {
	if first == "" {
		return inboxName
	}
	if l := strings.ToLower(first); strings.HasPrefix(l, "re:") || strings.HasPrefix(l, "回复：") || strings.HasPrefix(l, "回复:") {
		return first
	}
	return "Re: " + first
}

// withSignature appends the agent's signature after the conventional "-- " line.
func withSignature(text string, agent *kefu.Agent) string {
	if agent == nil || strings.TrimSpace(agent.Signature) == "" {
		return text
	}
	return text + "\n\n-- \n" + agent.Signature
}

// write renders the letter: multipart/mixed of a multipart/alternative (text, and HTML
// escaped from the same text: an agent's reply is never sent as raw HTML) and the attachments.
func (l *letter) write(ctx context.Context, open func(context.Context, kefu.Attachment) (io.ReadCloser, error)) ([]byte, error) {
	var buf bytes.Buffer
	w, err := mail.CreateWriter(&buf, l.header())
	if err != nil {
		return nil, err
	}
	if err := l.writeBody(w); err != nil {
		return nil, err
	}
	for _, att := range l.Attachments {
		if err := writeAttachment(ctx, w, att, open); err != nil {
			return nil, err
		}
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func (l *letter) header() mail.Header {
	var h mail.Header
	h.SetDate(time.Now())
	h.SetAddressList("From", []*mail.Address{l.From})
	h.SetAddressList("To", []*mail.Address{l.To})
	h.SetAddressList("Reply-To", []*mail.Address{l.ReplyTo})
	h.SetSubject(l.Subject)
	h.SetMessageID(l.MessageID)
	if n := len(l.Thread); n > 0 {
		h.SetMsgIDList("In-Reply-To", l.Thread[n-1:])
		h.SetMsgIDList("References", l.Thread)
	}
	return h
}

func (l *letter) writeBody(w *mail.Writer) error {
	alt, err := w.CreateInline()
	if err != nil {
		return err
	}
	for _, part := range []struct{ ct, body string }{
		{"text/plain", l.Text},
		{"text/html", textToHTML(l.Text)},
	} {
		var h mail.InlineHeader
		h.SetContentType(part.ct, map[string]string{"charset": "utf-8"})
		pw, err := alt.CreatePart(h)
		if err != nil {
			return err
		}
		if _, err := io.WriteString(pw, part.body); err != nil {
			return err
		}
		if err := pw.Close(); err != nil {
			return err
		}
	}
	return alt.Close()
}

func writeAttachment(ctx context.Context, w *mail.Writer, att kefu.Attachment, open func(context.Context, kefu.Attachment) (io.ReadCloser, error)) error {
	var h mail.AttachmentHeader
	h.SetContentType(att.ContentType, nil)
	h.SetFilename(att.FileName)
	aw, err := w.CreateAttachment(h)
	if err != nil {
		return err
	}
	rc, err := open(ctx, att)
	if err != nil {
		return err
	}
	defer rc.Close()
	if _, err := io.Copy(aw, rc); err != nil {
		return err
	}
	return aw.Close()
}

// textToHTML is the HTML twin of a plain reply: escaped, line breaks kept.
func textToHTML(text string) string {
	esc := strings.ReplaceAll(html.EscapeString(text), "\n", "<br>\n")
	return `<!DOCTYPE html><html><body><div style="white-space:pre-wrap">` + esc + "</div></body></html>"
}
