package conversation

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/kefu-dev/kefu/internal/blob"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// Send appends a message and returns it once it is durably committed. A retry with the same
// client message id returns the original message and duplicate=true, storing nothing new; an
// agent gets it with its delivery as it stands now.
func (s *Service) Send(ctx context.Context, actor kefu.Actor, req kefu.SendRequest) (*kefu.Message, bool, error) {
	m, dup, err := s.send(ctx, actor, req)
	if err != nil || !dup || !actor.IsAgent() {
		return m, dup, err
	}
	msgs := []kefu.Message{*m}
	if err := s.store.FillDeliveries(ctx, m.OrgID, m.ConversationID, msgs); err != nil {
		return nil, false, err
	}
	return &msgs[0], true, nil
}

// send is Send without the duplicate's delivery.
func (s *Service) send(ctx context.Context, actor kefu.Actor, req kefu.SendRequest) (*kefu.Message, bool, error) {
	if err := validateSend(&req); err != nil {
		return nil, false, err
	}
	if actor.IsAgent() {
		if err := mayWrite(actor); err != nil {
			return nil, false, err
		}
	}
	if err := s.maskAtStorage(ctx, actor, &req); err != nil {
		return nil, false, err
	}
	// A visitor's note is refused, but only after the visibility check: someone else's
	// conversation must stay not found, whatever the request.
	if len(req.AttachmentIDs) == 0 && !(actor.IsVisitor() && req.Kind == kefu.KindNote) {
		return s.sendChecked(ctx, actor, req)
	}
	c, err := s.visible(ctx, actor, req.ConversationID)
	if err != nil {
		return nil, false, err
	}
	m, err := s.newMessage(ctx, actor, c, req)
	if err != nil {
		return nil, false, err
	}
	if err := s.replyRefused(ctx, c, m, req.AttachmentIDs); err != nil {
		return nil, false, err
	}
	return s.store.AppendMessage(ctx, m, req.AttachmentIDs)
}

// sendChecked is the hot path, a message without attachments: the store checks, on the row
// the append reads anyway, that actor may see the conversation, and fills in an agent's name
// in the same transaction. Reading both beforehand cost two reads per message on the read
// pool, whose page caches SQLite drops whenever the writer has committed.
func (s *Service) sendChecked(ctx context.Context, actor kefu.Actor, req kefu.SendRequest) (*kefu.Message, bool, error) {
	if !kefu.ValidID(req.ConversationID) || actor.OrgID == "" {
		return nil, false, kefu.ErrNotFound
	}
	m := requestedMessage(actor.OrgID, req.ConversationID, req)
	if err := setSender(m, actor); err != nil {
		return nil, false, err
	}
	// The reply is checked against its channel on the row the append reads: the conversation
	// names its inbox, whose channel type the service knows from memory after the first time.
	var refused error
	msg, dup, err := s.store.AppendMessageIf(ctx, m, nil, func(c *kefu.Conversation) bool {
		refused = nil // the closure may run twice: assign, never accumulate
		if !canSee(actor, c) {
			return false
		}
		refused = s.replyRefused(ctx, c, m, nil)
		return refused == nil
	})
	if refused != nil {
		return nil, false, refused
	}
	return msg, dup, err
}

// setSender decides the sender fields from the actor alone. An agent's display name is left
// empty: the store writes the agent's current name in the appending transaction.
func setSender(m *kefu.Message, actor kefu.Actor) error {
	switch {
	case actor.IsVisitor():
		if m.Kind == kefu.KindNote {
			return kefu.FieldError("kind", "visitors cannot write notes")
		}
		m.SenderType, m.SenderID = kefu.SenderContact, actor.ContactID
	case actor.IsAgent():
		m.SenderType, m.SenderID = kefu.SenderAgent, actor.AgentID
	default:
		return kefu.ErrNotFound
	}
	return nil
}

func validateSend(req *kefu.SendRequest) error {
	if req.Kind == "" {
		req.Kind = kefu.KindText
	}
	switch {
	case req.Kind != kefu.KindText && req.Kind != kefu.KindNote:
		return kefu.FieldError("kind", "kind must be text or note")
	case !utf8.ValidString(req.Content):
		return kefu.FieldError("content", "content must be valid UTF-8")
	case strings.IndexByte(req.Content, 0) >= 0:
		// PostgreSQL cannot store NUL in text; refusing it here keeps both stores alike.
		return kefu.FieldError("content", "content must not contain NUL characters")
	case len(req.Content) > kefu.MaxContentBytes:
		return kefu.Errorf(kefu.CodeTooLarge, "content is over %d bytes", kefu.MaxContentBytes)
	case strings.TrimSpace(req.Content) == "" && len(req.AttachmentIDs) == 0:
		return kefu.FieldError("content", "a message needs text or an attachment")
	case len(req.AttachmentIDs) > kefu.MaxAttachments:
		return kefu.FieldError("attachment_ids", "at most %d attachments per message", kefu.MaxAttachments)
	case len(req.ClientMsgID) > kefu.MaxClientMsgIDLen || !printableASCII(req.ClientMsgID):
		return kefu.FieldError("client_msg_id", "client_msg_id must be at most %d printable ASCII characters", kefu.MaxClientMsgIDLen)
	}
	for _, id := range req.AttachmentIDs {
		if !kefu.ValidID(id) {
			return kefu.FieldError("attachment_ids", "%q is not a valid attachment id", id)
		}
	}
	return nil
}

// requestedMessage is the message req asks for in a conversation, before the sender is known.
func requestedMessage(orgID, conversationID string, req kefu.SendRequest) *kefu.Message {
	return &kefu.Message{
		OrgID: orgID, ConversationID: conversationID, Kind: req.Kind,
		Content: req.Content, ClientMsgID: req.ClientMsgID,
	}
}

// newMessage builds the message row for a message with attachments in a conversation actor
// may see.
func (s *Service) newMessage(ctx context.Context, actor kefu.Actor, c *kefu.Conversation, req kefu.SendRequest) (*kefu.Message, error) {
	m := requestedMessage(c.OrgID, c.ID, req)
	if err := setSender(m, actor); err != nil {
		return nil, err
	}
	if m.Kind == kefu.KindText && len(req.AttachmentIDs) > 0 {
		kind, err := s.attachmentKind(ctx, c, req.AttachmentIDs)
		if err != nil {
			return nil, err
		}
		m.Kind = kind
	}
	return m, nil
}

// attachmentKind is image when every attachment is an image, else file. The store checks again
// inside the appending transaction that each one belongs to this conversation and is unused.
func (s *Service) attachmentKind(ctx context.Context, c *kefu.Conversation, ids []string) (kefu.MessageKind, error) {
	kind := kefu.KindImage
	for _, id := range ids {
		a, err := s.store.GetAttachment(ctx, c.OrgID, id)
		if err != nil || a.ConversationID != c.ID {
			return "", kefu.FieldError("attachment_ids", "attachment %s is not part of this conversation", id)
		}
		if !blob.IsImage(a.ContentType) {
			kind = kefu.KindFile
		}
	}
	return kind, nil
}

func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x21 || s[i] > 0x7e {
			return false
		}
	}
	return true
}
