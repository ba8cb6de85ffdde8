package channel

import (
	"context"
	"io"
	"log/slog"

	"github.com/kefu-dev/kefu/internal/contact"
	"github.com/kefu-dev/kefu/internal/conversation"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// Contacts resolves a channel's sender to a contact; contact.Service satisfies it.
type Contacts interface {
	Resolve(ctx context.Context, orgID string, ch kefu.ChannelType, externalID string, verified bool, p contact.Profile) (*kefu.Contact, error)
}

// Conversations are the conversation use cases an inbound message goes through, as the contact
// acting in its inbox; conversation.Service satisfies it.
type Conversations interface {
	CurrentConversation(ctx context.Context, actor kefu.Actor) (*kefu.Conversation, error)
	Get(ctx context.Context, actor kefu.Actor, id string) (*kefu.Conversation, error)
	StartForVisitor(ctx context.Context, actor kefu.Actor, req conversation.StartRequest) (*conversation.Started, error)
	Send(ctx context.Context, actor kefu.Actor, req kefu.SendRequest) (*kefu.Message, bool, error)
	Upload(ctx context.Context, actor kefu.Actor, conversationID, fileName string, r io.Reader) (*kefu.Attachment, error)
}

// Receiver turns normalised inbound messages into contacts, conversations and messages. Every
// adapter of a platform without kefu sessions (all but the web widget, whose visitors address
// their conversations themselves) is given one.
type Receiver struct {
	contacts Contacts
	convs    Conversations
	log      *slog.Logger
	senders  KeyLocks
}

// NewReceiver returns a Receiver; log may be nil.
func NewReceiver(contacts Contacts, convs Conversations, log *slog.Logger) *Receiver {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Receiver{contacts: contacts, convs: convs, log: log}
}

// Received is what became of an inbound message.
type Received struct {
	Contact   *kefu.Contact
	Message   *kefu.Message
	Started   bool // the message started a new conversation
	Duplicate bool // the platform sent this message before: nothing new was stored
}

// Receive stores one inbound message: the sender becomes (or is found as) a contact by their
// channel identity, and the message goes into the contact's current conversation in the inbox
// (conversation.Service.CurrentConversation) or starts a new one. It returns once the message
// is committed, so an adapter acknowledges its platform only after Receive returned nil, and
// a platform that retries gets Duplicate instead of a second copy.
//
// One sender's messages are received one at a time on this node, so two messages that arrive
// together from a new customer open one conversation, not two.
func (r *Receiver) Receive(ctx context.Context, in Inbound) (*Received, error) {
	if err := checkInbound(&in); err != nil {
		return nil, err
	}
	unlock, err := r.senders.Lock(ctx, in.InboxID+"\x00"+string(in.Sender.Channel)+"\x00"+in.Sender.ExternalID)
	if err != nil {
		return nil, err
	}
	defer unlock()
	c, err := r.resolve(ctx, in)
	if err != nil {
		return nil, err
	}
	actor := kefu.Actor{Kind: kefu.ActorVisitor, OrgID: in.OrgID, InboxID: in.InboxID, ContactID: c.ID}
	conv, err := r.conversationFor(ctx, actor, in.ThreadConversationID)
	if err != nil {
		return nil, err
	}
	var got *Received
	if len(in.Media) > 0 {
		got, err = r.receiveMedia(ctx, actor, conv, in)
	} else {
		got, err = r.receiveText(ctx, actor, conv, in)
	}
	if err != nil {
		return nil, err
	}
	got.Contact = c
	return got, nil
}

// conversationFor is the conversation an inbound message belongs to: the one its platform
// thread names when that is the sender's own in this inbox (a message there reopens it, even
// resolved, because the customer answers that thread), else the current one; nil when the
// message starts a new conversation. A thread naming someone else's conversation is not found
// for this actor, so a forged In-Reply-To cannot write into another customer's conversation.
func (r *Receiver) conversationFor(ctx context.Context, actor kefu.Actor, threadID string) (*kefu.Conversation, error) {
	if threadID != "" && kefu.ValidID(threadID) {
		c, err := r.convs.Get(ctx, actor, threadID)
		if err == nil {
			return c, nil
		}
		if !kefu.IsNotFound(err) {
			return nil, err
		}
	}
	conv, err := r.convs.CurrentConversation(ctx, actor)
	if kefu.IsNotFound(err) {
		return nil, nil
	}
	return conv, err
}

// resolve finds or creates the sender's contact. A platform's profile is only a hint: should
// kefu refuse a name or address it gave, the contact is resolved without them rather than the
// customer's message being lost.
func (r *Receiver) resolve(ctx context.Context, in Inbound) (*kefu.Contact, error) {
	s := in.Sender
	p := contact.Profile{Name: s.Name, Email: s.Email, Phone: s.Phone, Attributes: s.Attributes, Linked: s.Linked}
	c, err := r.contacts.Resolve(ctx, in.OrgID, s.Channel, s.ExternalID, s.Verified, p)
	if kefu.ErrorCode(err) != kefu.CodeInvalid {
		return c, err
	}
	r.log.InfoContext(ctx, "channel profile hints refused; contact kept without them",
		"org_id", in.OrgID, "inbox_id", in.InboxID, "channel", s.Channel, "err", kefu.PublicMessage(err))
	return r.contacts.Resolve(ctx, in.OrgID, s.Channel, s.ExternalID, s.Verified, contact.Profile{Linked: s.Linked})
}

// receiveText stores a message without media: its text, or the fallback for its kind. A new
// conversation is started with it in one transaction, and a retried start is recognised by the
// same client message id, so even a retry that finds no current conversation stores nothing.
func (r *Receiver) receiveText(ctx context.Context, actor kefu.Actor, conv *kefu.Conversation, in Inbound) (*Received, error) {
	req := kefu.SendRequest{ClientMsgID: clientMsgID(in.MessageID), Content: textContent(in)}
	if conv != nil {
		req.ConversationID = conv.ID
		m, dup, err := r.convs.Send(ctx, actor, req)
		if err != nil {
			return nil, err
		}
		return &Received{Message: m, Duplicate: dup}, nil
	}
	st, err := r.convs.StartForVisitor(ctx, actor, conversation.StartRequest{First: &req})
	if err != nil {
		return nil, err
	}
	return &Received{Message: st.First, Started: !st.Duplicate, Duplicate: st.Duplicate}, nil
}

// receiveMedia stores a message with media. Attachments belong to a conversation, so a contact
// without a current one gets a conversation started first; a crash before the message is sent
// leaves it empty, and the platform's retry finds and uses it.
func (r *Receiver) receiveMedia(ctx context.Context, actor kefu.Actor, conv *kefu.Conversation, in Inbound) (*Received, error) {
	got := &Received{}
	if conv == nil {
		st, err := r.convs.StartForVisitor(ctx, actor, conversation.StartRequest{})
		if err != nil {
			return nil, err
		}
		conv, got.Started = st.Conversation, true
	}
	ids, notes, err := r.upload(ctx, actor, conv.ID, in.Media)
	if err != nil {
		return nil, err
	}
	req := kefu.SendRequest{
		ConversationID: conv.ID, ClientMsgID: clientMsgID(in.MessageID),
		Content: mediaContent(in, len(ids) > 0, notes), AttachmentIDs: ids,
	}
	m, dup, err := r.convs.Send(ctx, actor, req)
	if err != nil {
		return nil, err
	}
	got.Message, got.Duplicate = m, dup
	return got, nil
}

// upload stores each medium as an attachment of the conversation. One kefu refuses (its type,
// its size) is noted for the agent instead; a medium that cannot be read fails the message, so
// the platform retries it.
func (r *Receiver) upload(ctx context.Context, actor kefu.Actor, convID string, media []Media) (ids, notes []string, err error) {
	for i, md := range media {
		if i == kefu.MaxAttachments {
			notes = append(notes, skippedNote(len(media)-i))
			break
		}
		a, err := r.uploadOne(ctx, actor, convID, md)
		switch kefu.ErrorCode(err) {
		case kefu.CodeUnsupportedType, kefu.CodeTooLarge:
			notes = append(notes, notKeptNote(md.FileName, err))
			continue
		}
		if err != nil {
			return nil, nil, err
		}
		ids = append(ids, a.ID)
	}
	return ids, notes, nil
}

func (r *Receiver) uploadOne(ctx context.Context, actor kefu.Actor, convID string, md Media) (*kefu.Attachment, error) {
	if md.Open == nil {
		return nil, kefu.Errorf(kefu.CodeUnsupportedType, "the platform gave no content")
	}
	rc, err := md.Open(ctx)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return r.convs.Upload(ctx, actor, convID, md.FileName, rc)
}
