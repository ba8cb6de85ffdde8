package main

import (
	"github.com/kefu-dev/kefu/internal/channel"
	"github.com/kefu-dev/kefu/internal/channel/wecom"
)

// wecomChannel builds the WeCom customer-service adapter: the API at wecom_api_url (the
// operator's host, reached directly or through HTTPS_PROXY, not through the SSRF guard), its
// access tokens shared with every kefu process through the store, its pulls and session
// changes run as durable jobs. Its Follow learns of resolved conversations from the bus.
func (m *Main) wecomChannel(d channelDeps) *wecom.Adapter {
	a := wecom.New(wecom.Options{
		APIURL: m.Config.WeComAPIURL, Receiver: d.Receiver, Store: m.store,
		Tokens: d.PlatformTokens, NotifyJobs: d.NotifyJobs,
		Logger: m.Logger.With("channel", "wecom"),
	})
	m.bus.Subscribe("wecom", a.Follow)
	return a
}

var _ channel.Jobs = (*wecom.Adapter)(nil)
