package main

import (
	"github.com/kefu-dev/kefu/internal/channel"
	"github.com/kefu-dev/kefu/internal/channel/telegram"
)

// telegramChannel builds the Telegram adapter: the Bot API at telegram_api_url (the
// operator's host, reached directly or through HTTPS_PROXY, not through the SSRF guard), its
// webhooks registered under public_url, its pollers fed by inboxes.
func (m *Main) telegramChannel(rcv *channel.Receiver, inboxes channel.InboxSource) *telegram.Adapter {
	return telegram.New(telegram.Options{
		APIURL: m.Config.TelegramAPIURL, Receiver: rcv, Inboxes: inboxes, PublicURL: m.Config.PublicURL,
		Logger: m.Logger.With("channel", "telegram"), Rescan: m.ChannelPoll,
	})
}
