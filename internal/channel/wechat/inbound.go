package wechat

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/kefu-dev/kefu/internal/channel"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// handle stores one message or event of inbox. What kefu does not take is acknowledged and
// dropped, so the platform does not send it again.
func (a *Adapter) handle(ctx context.Context, inbox *kefu.Inbox, m *message) error {
	if m.MsgType == "event" {
		return a.event(ctx, inbox, m)
	}
	return a.receive(ctx, a.inbound(ctx, inbox, m))
}

// receive hands in to the Receiver. A message kefu refuses for good (invalid, forbidden) is
// dropped: the platform would retry it three times to no avail.
func (a *Adapter) receive(ctx context.Context, in channel.Inbound) error {
	return channel.ReceiveOrDrop(ctx, a.rcv, a.log, in)
}

// inbound normalises a message; its id is the platform's MsgId.
func (a *Adapter) inbound(ctx context.Context, inbox *kefu.Inbox, m *message) channel.Inbound {
	in := channel.Inbound{
		OrgID: inbox.OrgID, InboxID: inbox.ID, Sender: a.sender(ctx, inbox, m.FromUserName),
		MessageID: string(m.MsgID), SentAt: sentAt(m),
	}
	if in.MessageID == "" {
		in.MessageID = eventID(m)
	}
	a.content(&in, inbox, m)
	return in
}

// sender is the customer: their OpenID scoped by the account's AppID, vouched for by the
// signed callback, with their UnionID when the platform gives one.
func (a *Adapter) sender(ctx context.Context, inbox *kefu.Inbox, openID string) channel.Sender {
	return channel.Sender{
		Channel: a.typ, ExternalID: appID(inbox) + ":" + openID, Verified: true,
		Linked: a.linked(ctx, inbox, openID),
	}
}

func sentAt(m *message) time.Time {
	if t := m.createTime(); t > 0 {
		return time.Unix(t, 0)
	}
	return time.Time{}
}

// eventID is a stable id for what has no MsgId (events): the platform's retries of an event
// carry the same sender, time and event.
func eventID(m *message) string {
	return "ev:" + m.FromUserName + ":" + string(m.CreateTime) + ":" + m.Event
}

// content fills the kind, text, fallback and media of in.
func (a *Adapter) content(in *channel.Inbound, inbox *kefu.Inbox, m *message) {
	switch m.MsgType {
	case "text":
		in.Kind, in.Text = channel.KindText, m.Content
	case "image":
		in.Kind, in.Media = channel.KindImage, a.mediaOf(inbox, m.MediaID, "image.jpg")
	case "voice":
		in.Kind, in.Text = channel.KindAudio, m.Recognition
		in.Media = a.mediaOf(inbox, m.MediaID, "voice."+voiceExt(m.Format))
	case "video", "shortvideo":
		in.Kind, in.Media = channel.KindVideo, a.mediaOf(inbox, m.MediaID, "video.mp4")
	case "miniprogrampage":
		a.card(in, inbox, m)
	default:
		fallbackContent(in, m)
	}
}

// card is a mini program page card: its title and page path as text, its thumbnail as an
// image when the platform gives one.
func (a *Adapter) card(in *channel.Inbound, inbox *kefu.Inbox, m *message) {
	in.Kind, in.Fallback = channel.KindUnsupported, "[mini program card]"
	in.Text = strings.TrimSpace(m.Title + "\npage: " + m.PagePath)
	if m.ThumbMediaID != "" {
		in.Kind, in.Media = channel.KindImage, a.mediaOf(inbox, m.ThumbMediaID, "card.jpg")
	}
}

// fallbackContent is the readable text of messages without bytes: places, links and kinds
// kefu does not know.
func fallbackContent(in *channel.Inbound, m *message) {
	switch m.MsgType {
	case "location":
		in.Kind = channel.KindLocation
		in.Fallback = strings.TrimSpace(fmt.Sprintf("[location] %s (%s, %s)", m.Label, m.LocationX, m.LocationY))
	case "link":
		in.Kind, in.Text = channel.KindText, joinNonEmpty("[link] "+m.Title, m.Description, m.URL)
	default:
		in.Kind, in.Fallback = channel.KindUnsupported, "[a WeChat "+m.MsgType+" message kefu cannot show]"
	}
}

// voiceExt is the file extension of a voice message's Format (amr, speex).
func voiceExt(format string) string {
	f := strings.ToLower(format)
	if f == "" || len(f) > 8 || strings.ContainsAny(f, "./\\") {
		return "amr"
	}
	return f
}

func joinNonEmpty(parts ...string) string {
	kept := parts[:0:0]
	for _, p := range parts {
		if strings.TrimSpace(p) != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, "\n")
}
