package wechat

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/kefu-dev/kefu/internal/channel"
	"github.com/kefu-dev/kefu/internal/channel/wechat/wxapi"
	"github.com/kefu-dev/kefu/internal/channel/wechat/wxcrypto"
	"github.com/kefu-dev/kefu/internal/channel/wechat/wxtoken"
	"github.com/kefu-dev/kefu/internal/contact"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// Receiver stores normalised inbound messages; channel.Receiver satisfies it.
type Receiver interface {
	Receive(ctx context.Context, in channel.Inbound) (*channel.Received, error)
}

// Contacts resolves a sender to a contact without a message (a subscribe event); the contact
// service satisfies it.
type Contacts interface {
	Resolve(ctx context.Context, orgID string, ch kefu.ChannelType, externalID string, verified bool, p contact.Profile) (*kefu.Contact, error)
}

// Store is what the adapter needs of the database: the shared access tokens, the callbacks'
// nonces, its greeting jobs and the inbox a job names.
type Store interface {
	wxtoken.Store
	wxcrypto.NonceStore
	InsertJob(ctx context.Context, j *kefu.Job) error
	GetInboxAnyOrg(ctx context.Context, id string) (*kefu.Inbox, error)
}

// Options configure an adapter.
type Options struct {
	// Type is kefu.ChannelWeChat (Official Account) or kefu.ChannelMiniProgram.
	Type kefu.ChannelType
	// APIURL is the platform API's base URL (config wechat_api_url); "" is api.weixin.qq.com.
	APIURL string
	// HTTPClient reaches the platform API (the operator's host or proxy); nil is a client
	// honouring HTTPS_PROXY. MediaClient fetches the URLs the platform hands out (a video's
	// video_url) through the SSRF guard; nil is HTTPClient.
	HTTPClient, MediaClient *http.Client
	Store                   Store
	// Tokens is the shared access-token cache; nil makes one over Store.
	Tokens   *wxtoken.Cache
	Receiver Receiver
	Contacts Contacts
	// NotifyJobs wakes the job runner after a greeting job was committed; nil waits for its poll.
	NotifyJobs func()
	Logger     *slog.Logger
	Now        func() time.Time
	// MaxBody bounds a callback's body (default 64 KiB: a callback is a few hundred bytes).
	MaxBody int64
}

// Adapter is one of the two WeChat channels: Adapter, Webhooks, Configurer and Jobs of the
// channel framework, for every inbox of its type.
type Adapter struct {
	typ      kefu.ChannelType
	api      *wxapi.Client
	media    *http.Client
	store    Store
	rcv      Receiver
	contacts Contacts
	notify   func()
	log      *slog.Logger
	now      func() time.Time
	maxBody  int64
	unionIDs *channel.Memo[string]
}

// New returns the adapter of o.Type.
func New(o Options) *Adapter {
	a := &Adapter{
		typ: o.Type, api: newClient(o),
		media: o.MediaClient, store: o.Store, rcv: o.Receiver, contacts: o.Contacts,
		notify: o.NotifyJobs, log: o.Logger, now: o.Now, maxBody: o.MaxBody,
	}
	a.defaults()
	return a
}

func (a *Adapter) defaults() {
	if a.media == nil {
		a.media = a.api.HTTPClient()
	}
	if a.log == nil {
		a.log = slog.New(slog.DiscardHandler)
	}
	if a.now == nil {
		a.now = time.Now
	}
	if a.notify == nil {
		a.notify = func() {}
	}
	if a.maxBody <= 0 {
		a.maxBody = 64 << 10
	}
	a.unionIDs = channel.NewMemo[string](10000, 24*time.Hour)
}

// Type is wechat or miniprogram.
func (a *Adapter) Type() kefu.ChannelType { return a.typ }

// The platforms' limits of the customer-service message API.
const (
	// maxText: the documentation of custom/send states no limit of its own; 2048 bytes is the
	// limit it documents for a reply's text, and what operators report custom/send accepts, so
	// kefu holds replies to it rather than have the platform cut them.
	maxText = 2048
	// maxImage: the temporary-media upload takes images of at most 10 MB (新增临时素材).
	maxImage = 10 << 20
	// repliesPerWindow: after a user's message, the customer-service API takes 5 messages in
	// the following 48 hours, for Official Accounts (客服消息下发规则, since June 2023: "用户发送消息
	// 5条 48小时") and mini programs (发送客服消息: "用户发送消息 5 条 48 小时") alike.
	repliesPerWindow = 5
	replyWindow      = 48 * time.Hour
)

// Capabilities: text and images, within the 48-hour window after the customer's last message
// and 5 replies per message. Sends are not idempotent: custom/send takes no key.
func (a *Adapter) Capabilities() channel.Capabilities {
	return channel.Capabilities{
		Sends:        []kefu.MessageKind{kefu.KindText, kefu.KindImage},
		MaxTextBytes: maxText, MaxAttachmentBytes: maxImage,
		ReplyWindow: replyWindow, MaxRepliesPerWindow: repliesPerWindow,
	}
}

// tokenKey names the inbox's access token in the shared cache: one per account.
func (a *Adapter) tokenKey(appID string) string { return string(a.typ) + ":" + appID }

// appID is the inbox's AppID, from the config of its type.
func appID(in *kefu.Inbox) string {
	switch {
	case in.Config.WeChat != nil:
		return in.Config.WeChat.AppID
	case in.Config.MiniProgram != nil:
		return in.Config.MiniProgram.AppID
	}
	return ""
}

// The adapter is every hook it needs of the framework.
var (
	_ channel.Adapter    = (*Adapter)(nil)
	_ channel.Webhooks   = (*Adapter)(nil)
	_ channel.Configurer = (*Adapter)(nil)
	_ channel.Jobs       = (*Adapter)(nil)
)
