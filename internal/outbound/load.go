package outbound

import (
	"context"
	"fmt"
	"io"

	"github.com/kefu-dev/kefu/internal/channel"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// outbound loads what the adapter needs to deliver rec's message: the message, conversation,
// inbox with its secrets opened, contact and its identity on the channel, and the agent who
// wrote it. A missing adapter or address is a permanent DeliveryError.
func (s *Service) outbound(ctx context.Context, rec *kefu.DeliveryRecord) (*channel.Outbound, channel.Adapter, error) {
	st := s.opts.Store
	m, err := st.GetMessage(ctx, rec.OrgID, rec.MessageID)
	if err != nil {
		return nil, nil, err
	}
	c, err := st.GetConversation(ctx, rec.OrgID, rec.ConversationID)
	if err != nil {
		return nil, nil, err
	}
	in, err := st.GetInbox(ctx, rec.OrgID, c.InboxID)
	if err != nil {
		return nil, nil, err
	}
	a, ok := s.opts.Adapters.Adapter(in.Channel)
	if !ok {
		return nil, nil, channel.Permanent(fmt.Sprintf("this kefu has no %s channel any more", in.Channel), nil)
	}
	out := &channel.Outbound{Inbox: in, Conversation: c, Message: m, Attempt: rec.Attempts + 1, OpenAttachment: s.openAttachment}
	if err := s.addressee(ctx, out); err != nil {
		return nil, nil, err
	}
	if out.Sender, err = s.sender(ctx, m); err != nil {
		return nil, nil, err
	}
	return out, a, nil
}

// addressee fills in the contact and its identity on the inbox's channel, the newest when it
// has several (merged contacts).
func (s *Service) addressee(ctx context.Context, out *channel.Outbound) error {
	ct, err := s.opts.Store.GetContact(ctx, out.Conversation.OrgID, out.Conversation.ContactID)
	if err != nil {
		return err
	}
	out.Contact = ct
	found := false
	for _, id := range ct.Identities {
		if id.Channel == out.Inbox.Channel && (!found || id.CreatedAt.After(out.To.CreatedAt)) {
			out.To, found = id, true
		}
	}
	if !found {
		return channel.Permanent(fmt.Sprintf("the customer has no %s address to reply to", out.Inbox.Channel), nil)
	}
	return nil
}

// sender is the agent who wrote m, or nil for kefu's own messages (a bot, a trigger) and an
// agent who has since been deleted.
func (s *Service) sender(ctx context.Context, m *kefu.Message) (*kefu.Agent, error) {
	if m.SenderType != kefu.SenderAgent || m.SenderID == "" {
		return nil, nil
	}
	a, err := s.opts.Store.GetAgent(ctx, m.OrgID, m.SenderID)
	if kefu.IsNotFound(err) {
		return nil, nil
	}
	return a, err
}

// openAttachment reads an attachment's bytes from blob storage.
func (s *Service) openAttachment(ctx context.Context, a kefu.Attachment) (io.ReadCloser, error) {
	if s.opts.Blobs == nil {
		return nil, fmt.Errorf("outbound: no blob storage")
	}
	return s.opts.Blobs.Open(ctx, a.StorageKey)
}
