package conversation

import (
	"context"
	"slices"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// ChannelLimits is what a channel can take from an agent: channel.Capabilities as the send path
// needs it. (The channel package builds on this one, so it cannot be named here.)
type ChannelLimits struct {
	Sends              []kefu.MessageKind // kinds a reply may be
	MaxTextBytes       int                // 0 = kefu's limit
	MaxAttachmentBytes int64              // 0 = kefu's upload limit
	ReplyWindow        time.Duration      // 0 = always open
	// MaxRepliesPerWindow is how many replies the platform takes after one customer message
	// (WeCom's 微信客服: 5); 0 = no limit.
	MaxRepliesPerWindow int
}

// Channels tells the send path the limits of a channel type; false when it has none beyond
// kefu's own (the web widget, or a type no adapter serves). cmd/kefu passes the channel
// registry's capabilities.
type Channels interface {
	Limits(t kefu.ChannelType) (ChannelLimits, bool)
}

// kindNames are how a refusal names what the channel cannot receive.
var kindNames = map[kefu.MessageKind]string{kefu.KindText: "text", kefu.KindImage: "images", kefu.KindFile: "files"}

// replyRefused returns why the channel of c's inbox cannot take the agent's reply m (with the
// attachments atts), nil when it can. A visitor's message and a note are never checked, and a
// web conversation costs one map read.
func (s *Service) replyRefused(ctx context.Context, c *kefu.Conversation, m *kefu.Message, atts []string) error {
	if s.channels == nil || m.SenderType == kefu.SenderContact || m.Kind.Private() {
		return nil
	}
	t, err := s.inboxChannel(ctx, c.OrgID, c.InboxID)
	if err != nil || t == kefu.ChannelWeb {
		return err
	}
	lim, ok := s.channels.Limits(t)
	if !ok {
		return nil
	}
	if err := s.checkContent(ctx, c, lim, m, atts); err != nil {
		return err
	}
	if err := s.checkWindow(ctx, c, lim); err != nil {
		return err
	}
	return s.checkReplyCount(ctx, c, lim)
}

// checkContent refuses a kind the channel cannot receive, text over its size and attachments
// over its file size.
func (s *Service) checkContent(ctx context.Context, c *kefu.Conversation, lim ChannelLimits, m *kefu.Message, atts []string) error {
	if !slices.Contains(lim.Sends, m.Kind) {
		name := kindNames[m.Kind]
		if name == "" {
			name = string(m.Kind) + " messages"
		}
		return kefu.Errorf(kefu.CodeChannelCannotSend, "this channel cannot receive %s", name)
	}
	if lim.MaxTextBytes > 0 && len(m.Content) > lim.MaxTextBytes {
		return kefu.Errorf(kefu.CodeTooLarge, "this channel takes at most %d bytes of text in one message", lim.MaxTextBytes)
	}
	if lim.MaxAttachmentBytes <= 0 {
		return nil
	}
	for _, id := range atts {
		a, err := s.store.GetAttachment(ctx, c.OrgID, id)
		if err == nil && a.Size > lim.MaxAttachmentBytes {
			return kefu.Errorf(kefu.CodeTooLarge, "%s is over this channel's file limit of %d bytes", a.FileName, lim.MaxAttachmentBytes)
		}
	}
	return nil
}

// checkWindow refuses a reply once the channel's reply window since the customer's last
// message has closed.
func (s *Service) checkWindow(ctx context.Context, c *kefu.Conversation, lim ChannelLimits) error {
	if lim.ReplyWindow <= 0 {
		return nil
	}
	last, err := s.store.LastContactMessageAt(ctx, c.OrgID, c.ID)
	if err != nil {
		return err
	}
	if last.IsZero() || s.now().Sub(last) > lim.ReplyWindow {
		return kefu.Errorf(kefu.CodeReplyWindowClosed,
			"this channel only takes replies within %s of the customer's last message; wait for them to write again", lim.ReplyWindow)
	}
	return nil
}

// checkReplyCount refuses a reply once the platform's number of replies per customer message
// has been sent. Replies whose delivery failed are not counted: the platform never took them.
// Replies appended in the same group-commit batch are not yet visible to the count, so a burst
// of concurrent replies can pass it; the platform then refuses the extra one and its delivery
// fails with the platform's reason, which the agent sees.
func (s *Service) checkReplyCount(ctx context.Context, c *kefu.Conversation, lim ChannelLimits) error {
	if lim.MaxRepliesPerWindow <= 0 {
		return nil
	}
	n, err := s.store.RepliesSinceContact(ctx, c.OrgID, c.ID)
	if err != nil {
		return err
	}
	if n >= lim.MaxRepliesPerWindow {
		return kefu.Errorf(kefu.CodeReplyLimitReached,
			"this channel takes at most %d replies per customer message and they have been sent; wait for the customer to write again", lim.MaxRepliesPerWindow)
	}
	return nil
}

// inboxChannel returns an inbox's channel type, from memory after the first time.
func (s *Service) inboxChannel(ctx context.Context, orgID, inboxID string) (kefu.ChannelType, error) {
	if t, ok := s.inboxTypes.Load(inboxID); ok {
		return t.(kefu.ChannelType), nil
	}
	// A plain read on the read pool: this may run inside the writer's transaction (the
	// append's visibility check), so it must never write or wait for the writer.
	t, err := s.store.InboxChannel(ctx, orgID, inboxID)
	if err != nil {
		return "", err
	}
	s.inboxTypes.Store(inboxID, t)
	return t, nil
}
