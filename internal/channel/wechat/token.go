package wechat

import (
	"context"
	"errors"
	"net/url"
	"time"

	"github.com/kefu-dev/kefu/internal/channel/wechat/wxtoken"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// tokenAnswer is /cgi-bin/token's answer.
type tokenAnswer struct {
	AccessToken string `json:"access_token"`
	ExpiresIn   int64  `json:"expires_in"` // seconds, 7200 today
}

// fetchToken trades the inbox's AppSecret for a new access token.
func (a *Adapter) fetchToken(in *kefu.Inbox) wxtoken.Fetch {
	return func(ctx context.Context) (string, time.Duration, error) {
		q := url.Values{"grant_type": {"client_credential"}, "appid": {appID(in)}, "secret": {in.Secrets.AppSecret}}
		var t tokenAnswer
		if err := a.api.getJSON(ctx, "/cgi-bin/token", q, &t); err != nil {
			return "", 0, err
		}
		if t.AccessToken == "" || t.ExpiresIn <= 0 {
			return "", 0, &apiError{Path: "/cgi-bin/token", Msg: "answer without a token"}
		}
		return t.AccessToken, time.Duration(t.ExpiresIn) * time.Second, nil
	}
}

// token is the inbox's current access token from the shared cache.
func (a *Adapter) token(ctx context.Context, in *kefu.Inbox) (string, error) {
	if in.Secrets.AppSecret == "" || appID(in) == "" {
		return "", errNoCredentials
	}
	return a.tokens.Token(ctx, a.tokenKey(appID(in)), a.fetchToken(in))
}

// errNoCredentials is an inbox saved without its AppID or AppSecret (only a bug or a
// hand-edited database makes one).
var errNoCredentials = errors.New("wechat: the inbox has no AppID or AppSecret")

// withToken runs call with the inbox's access token. When the platform says the token is
// invalid or expired (another process or the console fetched a new one), the token is
// dropped from the shared cache (compare-and-set: a fresher one stays) and call runs once
// more with a new one, within the same attempt.
func (a *Adapter) withToken(ctx context.Context, in *kefu.Inbox, call func(token string) error) error {
	tok, err := a.token(ctx, in)
	if err != nil {
		return err
	}
	err = call(tok)
	if !wxtoken.IsTokenError(errcodeOf(err)) {
		return err
	}
	if err := a.tokens.Invalidate(ctx, a.tokenKey(appID(in)), tok); err != nil {
		return err
	}
	if tok, err = a.token(ctx, in); err != nil {
		return err
	}
	return call(tok)
}
