package wecom

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/kefu-dev/kefu/internal/channel"
	"github.com/kefu-dev/kefu/internal/channel/wechat/wxapi"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// receiveCustomer stores a customer's message. A message kefu refuses for good (invalid, not
// found, forbidden) is dropped with a log line: it would otherwise block the inbox's queue.
func (a *Adapter) receiveCustomer(ctx context.Context, inbox *kefu.Inbox, m *kfMessage) error {
	in := channel.Inbound{
		OrgID: inbox.OrgID, InboxID: inbox.ID, Sender: a.sender(ctx, inbox, m.ExternalUserID),
		MessageID: m.MsgID, SentAt: time.Unix(m.SendTime, 0),
	}
	a.content(&in, accountOf(inbox), m)
	return channel.ReceiveOrDrop(ctx, a.rcv, a.log, in)
}

// sender is the customer: "<corpid>:<external_userid>" (external ids are per company),
// vouched for by WeCom, with the nickname and UnionID batchget gives.
func (a *Adapter) sender(ctx context.Context, inbox *kefu.Inbox, user string) channel.Sender {
	acc := accountOf(inbox)
	s := channel.Sender{Channel: kefu.ChannelWeCom, ExternalID: acc.corpID + ":" + user, Verified: true}
	c := a.customer(ctx, acc, user)
	s.Name = c.Nickname
	if c.UnionID != "" {
		s.Linked = []kefu.Identity{{Channel: kefu.IdentityWeChatUnion, ExternalID: c.UnionID}}
	}
	return s
}

// content fills the kind, text, fallback and media of in from m.
func (a *Adapter) content(in *channel.Inbound, acc account, m *kfMessage) {
	switch {
	case m.Text != nil:
		in.Kind, in.Text = channel.KindText, m.Text.Content
	case m.Image != nil:
		in.Kind, in.Media = channel.KindImage, a.media(acc, m.Image.MediaID, "image.jpg")
	case m.Voice != nil:
		in.Kind, in.Media = channel.KindAudio, a.media(acc, m.Voice.MediaID, "voice.amr")
	case m.Video != nil:
		in.Kind, in.Media = channel.KindVideo, a.media(acc, m.Video.MediaID, "video.mp4")
	case m.File != nil:
		in.Kind, in.Media = channel.KindFile, a.media(acc, m.File.MediaID, "file")
	default:
		in.Kind, in.Fallback = fallback(m)
	}
}

// fallback is the readable text of what kefu keeps no bytes of.
func fallback(m *kfMessage) (channel.Kind, string) {
	switch {
	case m.Location != nil:
		l := m.Location
		return channel.KindLocation, strings.TrimSpace(fmt.Sprintf("[location] %s %s (%.6f, %.6f)", l.Name, l.Address, l.Latitude, l.Longitude))
	case m.Link != nil:
		return channel.KindUnsupported, strings.TrimSpace(fmt.Sprintf("[link] %s %s %s", m.Link.Title, m.Link.Desc, m.Link.URL))
	case m.BusinessCard != nil:
		return channel.KindUnsupported, "[business card] " + m.BusinessCard.UserID
	case m.MiniProgram != nil:
		p := m.MiniProgram
		return channel.KindUnsupported, strings.TrimSpace(fmt.Sprintf("[mini program] %s (%s %s)", p.Title, p.AppID, p.PagePath))
	}
	return channel.KindUnsupported, "[" + m.MsgType + " message]"
}

// media is one medium of a message, fetched with media/get only when the Receiver stores it.
// A medium WeCom no longer gives (temporary media last 3 days) is noted for the agent rather
// than failing the message for ever.
func (a *Adapter) media(acc account, mediaID, name string) []channel.Media {
	return []channel.Media{{FileName: name, Open: func(ctx context.Context) (io.ReadCloser, error) {
		rc, err := a.api.mediaGet(ctx, acc, mediaID)
		return rc, notKept(err)
	}}}
}

// notKept turns WeCom refusing a medium for good into an error the Receiver notes for the
// agent; failures of the moment stay errors, for the pull to be retried.
func notKept(err error) error {
	var ae *wxapi.APIError
	if err == nil || retryable(err) || !errors.As(err, &ae) {
		return err
	}
	return kefu.Errorf(kefu.CodeUnsupportedType, "WeCom did not give the file (%d %s)", ae.Code, ae.Msg)
}
