package apichannel

import (
	"context"
	"errors"
	"fmt"
	"maps"

	"github.com/kefu-dev/kefu/internal/channel"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// Result is the answer to an inbound request.
type Result struct {
	ConversationID string `json:"conversation_id"`
	MessageID      string `json:"message_id"`
	ContactID      string `json:"contact_id"`
	// Duplicate says the request (its webhook-id) or the message (its id) was stored before:
	// the ids are the original's and nothing new was stored.
	Duplicate bool `json:"duplicate"`
}

// errNoInbox answers for an inbox that does not exist or is no API inbox, before any signature
// is looked at.
var errNoInbox = kefu.Errorf(kefu.CodeNotFound, "no API inbox with this id")

// Receive handles one inbound request to the API inbox inboxID, its body JSON or multipart
// with files (contentType says which): the signature is verified over the raw body first, a replayed webhook-id answers its first result, and only then is the body
// parsed, its attachment URLs checked and the message handed to the Receiver. The receipt is
// recorded after the message is committed, so a request that failed can be retried as it was.
func (a *Adapter) Receive(ctx context.Context, inboxID string, h Signed, contentType string, body []byte) (*Result, error) {
	inbox, err := a.inbox(ctx, inboxID)
	if err != nil {
		return nil, err
	}
	if err := Verify(inbox.Secrets.APISecret, h, body, a.opts.Now()); err != nil {
		return nil, err
	}
	if r, err := a.opts.Receipts.InboundReceipt(ctx, inbox.ID, h.ID); err == nil {
		return &Result{ConversationID: r.ConversationID, MessageID: r.MessageID, ContactID: r.ContactID, Duplicate: true}, nil
	} else if !kefu.IsNotFound(err) {
		return nil, err
	}
	b, files, err := parseRequest(contentType, body)
	if err != nil {
		return nil, err
	}
	res, err := a.receive(ctx, inbox, b, files)
	if err != nil {
		return nil, err
	}
	a.record(ctx, inbox.ID, h.ID, res)
	return res, nil
}

// inbox loads the API inbox the path names; one without a secret cannot verify anything.
func (a *Adapter) inbox(ctx context.Context, id string) (*kefu.Inbox, error) {
	inbox, err := a.opts.Inboxes.GetInboxAnyOrg(ctx, id)
	if kefu.IsNotFound(err) || (err == nil && (inbox.Channel != kefu.ChannelAPI || inbox.Secrets.APISecret == "")) {
		return nil, errNoInbox
	}
	return inbox, err
}

// receive checks the attachment URLs, then stores the message as the contact's.
func (a *Adapter) receive(ctx context.Context, inbox *kefu.Inbox, b *APIInbound, files []upload) (*Result, error) {
	if err := a.checkAttachments(ctx, b.Message.Attachments); err != nil {
		return nil, err
	}
	got, err := a.opts.Receiver.Receive(ctx, a.inbound(inbox, b, files))
	if err != nil {
		return nil, err
	}
	return &Result{
		ConversationID: got.Message.ConversationID, MessageID: got.Message.ID,
		ContactID: got.Contact.ID, Duplicate: got.Duplicate,
	}, nil
}

// inbound normalises a request. The sender id is scoped by the inbox, because integrators'
// ids are only unique on their own platform; the signature vouches for it, so it is verified.
func (a *Adapter) inbound(inbox *kefu.Inbox, b *APIInbound, files []upload) channel.Inbound {
	c, m := b.Contact, b.Message
	attrs := maps.Clone(c.Attributes)
	if c.AvatarURL != "" {
		if attrs == nil {
			attrs = map[string]string{}
		}
		attrs["avatar_url"] = c.AvatarURL
	}
	in := channel.Inbound{
		OrgID: inbox.OrgID, InboxID: inbox.ID, MessageID: m.ID, Kind: channel.KindText, Text: m.Text,
		Sender: channel.Sender{Channel: kefu.ChannelAPI, ExternalID: inbox.ID + ":" + c.ExternalID, Verified: true,
			Name: c.Name, Email: c.Email, Phone: c.Phone, Attributes: attrs},
		SentAt: a.opts.Now(),
	}
	for _, f := range files {
		in.Media = append(in.Media, channel.Media{FileName: f.name, Open: opener(f.data)})
	}
	for _, at := range m.Attachments {
		in.Media = append(in.Media, channel.Media{FileName: fileName(at), Open: a.fetcher(at.URL)})
	}
	return in
}

// checkAttachments refuses, before anything is stored, an attachment URL the SSRF guard
// refuses; the fetch checks each connection again.
func (a *Adapter) checkAttachments(ctx context.Context, atts []APIInboundAttachment) error {
	for i, at := range atts {
		if err := a.opts.Guard.CheckURL(ctx, at.URL); err != nil {
			return kefu.FieldError(fmt.Sprintf("message.attachments[%d].url", i),
				"kefu will not fetch this URL: %s (an operator allows internal addresses with outbound_allow)", err.Error())
		}
	}
	return nil
}

// record keeps the request's receipt. Failing to keep it loses only the shortcut: a replay is
// still stored once, by the message id.
func (a *Adapter) record(ctx context.Context, inboxID, webhookID string, res *Result) {
	now := a.opts.Now()
	err := a.opts.Receipts.RecordInboundReceipt(ctx, kefu.InboundReceipt{
		InboxID: inboxID, WebhookID: webhookID, ConversationID: res.ConversationID,
		MessageID: res.MessageID, ContactID: res.ContactID, SeenAt: now,
	}, now.Add(-2*Tolerance))
	if err != nil && !errors.Is(err, context.Canceled) {
		a.log.WarnContext(ctx, "api channel receipt not recorded", "inbox_id", inboxID, "err", err)
	}
}
