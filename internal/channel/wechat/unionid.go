package wechat

import (
	"context"
	"net/url"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// linked is the sender's UnionID as a linked identity, for an Official Account bound to an
// Open Platform account (user/info gives it then); nil otherwise, for mini programs (whose
// callbacks and server APIs give none) and when the platform could not be asked. Each
// sender is asked about at most once a day per process: the answer rarely changes and
// user/info has a daily quota.
func (a *Adapter) linked(ctx context.Context, inbox *kefu.Inbox, openID string) []kefu.Identity {
	if a.typ != kefu.ChannelWeChat {
		return nil
	}
	key := appID(inbox) + ":" + openID
	union, ok := a.unionIDs.Get(key, a.now())
	if !ok {
		union = a.askUnionID(ctx, inbox, openID)
		a.unionIDs.Put(key, union, a.now())
	}
	if union == "" {
		return nil
	}
	return []kefu.Identity{{Channel: kefu.IdentityWeChatUnion, ExternalID: union}}
}

// askUnionID calls user/info; failures are logged and read as "no UnionID": the message is
// stored all the same.
func (a *Adapter) askUnionID(ctx context.Context, inbox *kefu.Inbox, openID string) string {
	var info struct {
		UnionID string `json:"unionid"`
	}
	err := a.withToken(ctx, inbox, func(tok string) error {
		q := url.Values{"access_token": {tok}, "openid": {openID}, "lang": {"zh_CN"}}
		return a.api.Get(ctx, userInfoPath, q, &info)
	})
	if err != nil {
		a.log.InfoContext(ctx, "wechat: user/info failed; the sender is kept without a UnionID", "inbox_id", inbox.ID, "err", err)
		return ""
	}
	if len(info.UnionID) > 128 {
		return ""
	}
	return info.UnionID
}
