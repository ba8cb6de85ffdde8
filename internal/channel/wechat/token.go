package wechat

import (
	"context"
	"errors"
	"net/url"
	"time"

	"github.com/kefu-dev/kefu/internal/channel/wechat/wxtoken"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// fetchToken trades the inbox's AppSecret for a new access token.
func (a *Adapter) fetchToken(in *kefu.Inbox) wxtoken.Fetch {
	return func(ctx context.Context) (string, time.Duration, error) {
		q := url.Values{"grant_type": {"client_credential"}, "appid": {appID(in)}, "secret": {in.Secrets.AppSecret}}
		return a.api.FetchToken(ctx, tokenPath, q)
	}
}

// errNoCredentials is an inbox saved without its AppID or AppSecret (only a bug or a
// hand-edited database makes one).
var errNoCredentials = errors.New("wechat: the inbox has no AppID or AppSecret")

// withToken runs call with the inbox's access token from the shared cache, once more with a
// new one when the platform refuses it (wxapi.Client.WithToken).
func (a *Adapter) withToken(ctx context.Context, in *kefu.Inbox, call func(token string) error) error {
	if in.Secrets.AppSecret == "" || appID(in) == "" {
		return errNoCredentials
	}
	return a.api.WithToken(ctx, a.tokenKey(appID(in)), a.fetchToken(in), call)
}
