package telegram

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/kefu-dev/kefu/internal/channel"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// handle stores one update of inbox. Updates kefu does not take (edits, group chats, bots)
// are dropped with nil, so the platform is acknowledged and does not send them again.
func (a *Adapter) handle(ctx context.Context, inbox *kefu.Inbox, u *update) error {
	in, ok := a.inbound(inbox, u)
	if !ok {
		return nil
	}
	return channel.ReceiveOrDrop(ctx, a.rcv, a.log, in)
}

// inbound normalises an update; false for one kefu does not take. Edited messages are
// dropped: the customer's first version stays what agents read (Telegram shows the edit only
// in the customer's app). Groups and channels are dropped: an inbox answers one customer per
// chat, and a bot added to a group would otherwise open a conversation per member.
func (a *Adapter) inbound(inbox *kefu.Inbox, u *update) (channel.Inbound, bool) {
	m := u.Message
	if m == nil || m.From == nil || m.From.IsBot || m.Chat.Type != "private" {
		return channel.Inbound{}, false
	}
	in := channel.Inbound{
		OrgID: inbox.OrgID, InboxID: inbox.ID, Sender: sender(m.From),
		MessageID: strconv.FormatInt(m.Chat.ID, 10) + ":" + strconv.FormatInt(m.MessageID, 10),
		SentAt:    time.Unix(m.Date, 0),
	}
	a.content(&in, inbox.Secrets.BotToken, m)
	return in, true
}

// sender is the customer: their Telegram user id, vouched for by Telegram (the update came
// over our secret-checked webhook or our own authenticated poll).
func sender(u *user) channel.Sender {
	s := channel.Sender{
		Channel: kefu.ChannelTelegram, ExternalID: strconv.FormatInt(u.ID, 10), Verified: true,
		Name: strings.TrimSpace(u.FirstName + " " + u.LastName),
	}
	if u.Username != "" {
		s.Attributes = map[string]string{"telegram_username": u.Username}
	}
	return s
}

// content fills the kind, text, fallback and media of in from m.
func (a *Adapter) content(in *channel.Inbound, token string, m *message) {
	in.Kind, in.Text = channel.KindText, m.Text
	if m.Text == "" {
		in.Text = m.Caption
	}
	switch {
	case len(m.Photo) > 0:
		in.Kind, in.Media = channel.KindImage, a.media(token, largest(m.Photo).FileID, "photo.jpg")
	case m.Document != nil:
		in.Kind, in.Media = channel.KindFile, a.media(token, m.Document.FileID, nameOr(m.Document.FileName, "document"))
	case m.Voice != nil:
		in.Kind, in.Media = channel.KindAudio, a.media(token, m.Voice.FileID, "voice.ogg")
	case m.Audio != nil:
		in.Kind, in.Media = channel.KindAudio, a.media(token, m.Audio.FileID, nameOr(m.Audio.FileName, "audio"))
	default:
		fallbackContent(in, m)
	}
}

// fallbackContent is the readable text of what kefu does not keep the bytes of: videos (often
// larger than kefu's upload limit), stickers, places and contact cards.
func fallbackContent(in *channel.Inbound, m *message) {
	switch {
	case m.Video != nil || m.VideoNote != nil || m.Animation != nil:
		in.Kind = channel.KindVideo
	case m.Sticker != nil:
		in.Kind, in.Fallback = channel.KindSticker, strings.TrimSpace("[sticker] "+m.Sticker.Emoji)
	case m.Venue != nil:
		in.Kind, in.Fallback = channel.KindLocation, fmt.Sprintf("[location] %s, %s (%s)", m.Venue.Title, m.Venue.Address, coords(m.Venue.Location))
	case m.Location != nil:
		in.Kind, in.Fallback = channel.KindLocation, "[location] "+coords(*m.Location)
	case m.Contact != nil:
		c := m.Contact
		in.Kind, in.Fallback = channel.KindUnsupported, strings.TrimSpace(fmt.Sprintf("[contact card] %s %s %s", c.FirstName, c.LastName, c.PhoneNumber))
	case m.Text == "":
		in.Kind = channel.KindUnsupported // a poll, a dice, a game: nothing kefu can show
	}
}

func coords(l location) string { return fmt.Sprintf("%.6f, %.6f", l.Latitude, l.Longitude) }

// largest is the photo size with the most pixels: Telegram sends several sizes of one photo.
func largest(sizes []photoSize) photoSize {
	best := sizes[0]
	for _, p := range sizes[1:] {
		if p.Width*p.Height > best.Width*best.Height {
			best = p
		}
	}
	return best
}

func nameOr(name, def string) string {
	if name == "" {
		return def
	}
	return name
}

// media is one file of a message, downloaded only when the Receiver stores it.
func (a *Adapter) media(token, fileID, name string) []channel.Media {
	return []channel.Media{{FileName: name, Open: func(ctx context.Context) (io.ReadCloser, error) {
		rc, err := a.api.openFile(ctx, token, fileID)
		return rc, notKept(err)
	}}}
}

// notKept turns Telegram refusing a file for good (over the 20 MB bots may download, an
// expired file id) into an error the Receiver notes for the agent instead of failing the
// message: otherwise Telegram would retry the webhook, and the poller would stop at the
// message, forever. Network errors and 5xx stay as they are, to be retried.
func notKept(err error) error {
	var ae *apiError
	if !errors.As(err, &ae) || ae.Code >= 500 || ae.Code == 429 {
		return err
	}
	if strings.Contains(ae.Description, "too big") {
		return kefu.Errorf(kefu.CodeTooLarge, "Telegram lets bots download files of at most 20 MB")
	}
	return kefu.Errorf(kefu.CodeUnsupportedType, "Telegram did not give the file (%s)", ae.Description)
}
