package main

import (
	"github.com/kefu-dev/kefu/internal/channel"
	"github.com/kefu-dev/kefu/internal/channel/wechat"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// wechatChannels builds the Official Account and mini program adapters on the API at
// wechat_api_url (the operator's host or proxy, reached directly or through HTTPS_PROXY, not
// through the SSRF guard), with the access-token cache shared through the store, and the
// guarded client for URLs the platform hands out (a video's video_url).
func (m *Main) wechatChannels(d channelDeps) []channel.Adapter {
	build := func(t kefu.ChannelType) channel.Adapter {
		return wechat.New(wechat.Options{
			Type: t, APIURL: m.Config.WeChatAPIURL, MediaClient: d.HTTPClient, Store: m.store, Tokens: d.PlatformTokens,
			Receiver: d.Receiver, Contacts: d.Contacts, NotifyJobs: d.NotifyJobs,
			Logger: m.Logger.With("channel", string(t)),
		})
	}
	return []channel.Adapter{build(kefu.ChannelWeChat), build(kefu.ChannelMiniProgram)}
}
