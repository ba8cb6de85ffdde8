package main

import (
	"time"

	"github.com/kefu-dev/kefu/internal/auth"
	"github.com/kefu-dev/kefu/internal/channel"
	"github.com/kefu-dev/kefu/internal/channel/apichannel"
	"github.com/kefu-dev/kefu/internal/netguard"
)

// apiChannelFetchTimeout bounds one attachment download or callback: a file of the upload
// limit over a slow link takes longer than a webhook's answer.
const apiChannelFetchTimeout = time.Minute

// wireAPIChannel builds the API channel's adapter. It has its own guard, with the operator's
// allowed ranges, whose responses may be as large as an upload plus a margin, so that an
// oversize attachment meets the upload limit (a note for the agent), not the guard's cap.
// Its attachment links are signed like visitors' (the same key, derived from the secret).
func (m *Main) wireAPIChannel(rcv *channel.Receiver, secret []byte) (*apichannel.Adapter, error) {
	allow, err := m.Config.OutboundAllowPrefixes()
	if err != nil {
		return nil, err
	}
	guard := netguard.New(netguard.Options{Allow: allow, Timeout: apiChannelFetchTimeout, MaxResponseBytes: m.Config.MaxUploadBytes + 1<<20})
	return apichannel.New(apichannel.Options{
		Inboxes: m.store, Receipts: m.store, Receiver: rcv,
		Guard: guard, HTTPAllowed: allow, Links: auth.NewFileLinks(secret, m.Config.FileLinkTTL, nil),
		PublicURL: m.Config.PublicURL, Logger: m.Logger,
	}), nil
}
