package wecom

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/kefu-dev/kefu/internal/channel/wechat/wxapi"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// apiURL is the WeCom API when the operator configures no wecom_api_url.
const apiURL = "https://qyapi.weixin.qq.com"

// maxAnswerBytes bounds an API answer: a sync_msg page of 1000 messages is far smaller.
const maxAnswerBytes = 8 << 20

// client calls the WeCom API: the shared plumbing, with WeCom's token fetch and calls.
type client struct{ *wxapi.Client }

// newClient is the API client of o: its host, its HTTP client and the shared token cache.
func newClient(o Options) *client {
	return &client{wxapi.New(wxapi.Options{
		BaseURL: cmp.Or(strings.TrimRight(o.APIURL, "/"), apiURL), HTTPClient: o.HTTPClient,
		Tokens: o.Tokens, MaxAnswer: maxAnswerBytes,
	})}
}

// account is the credential an inbox calls the API with: its company and the Secret of the
// customer-service application.
type account struct{ corpID, secret string }

func accountOf(in *kefu.Inbox) account {
	a := account{secret: in.Secrets.AppSecret}
	if in.Config.WeCom != nil {
		a.corpID = in.Config.WeCom.CorpID
	}
	return a
}

// tokenKey names the account's token in the shared cache. The secret's hash is part of it, so
// a secret changed in the console and in kefu gets a token of its own at once.
func (a account) tokenKey() string {
	sum := sha256.Sum256([]byte(a.secret))
	return "wecom:" + a.corpID + ":" + hex.EncodeToString(sum[:])[:8]
}

// withToken runs call with the account's access token, once more with a new one when WeCom
// refuses it (wxapi.Client.WithToken).
func (c *client) withToken(ctx context.Context, acc account, call func(token string) error) error {
	return c.WithToken(ctx, acc.tokenKey(), func(ctx context.Context) (string, time.Duration, error) {
		return c.getToken(ctx, acc)
	}, call)
}

// getToken trades the account's secret for an access token (gettoken).
func (c *client) getToken(ctx context.Context, acc account) (string, time.Duration, error) {
	return c.FetchToken(ctx, "/cgi-bin/gettoken", url.Values{"corpid": {acc.corpID}, "corpsecret": {acc.secret}})
}

// call posts in as JSON to path with the account's token and decodes the answer into out.
func (c *client) call(ctx context.Context, acc account, path string, in, out any) error {
	return c.withToken(ctx, acc, func(tok string) error {
		return c.PostJSON(ctx, path, url.Values{"access_token": {tok}}, in, out)
	})
}

// hasCode reports whether err is WeCom's answer with one of codes.
func hasCode(err error, codes ...int) bool {
	return slices.Contains(codes, wxapi.ErrCode(err))
}

// trimCorp strips the "<corpid>:" scope of an external id.
func trimCorp(externalID, corpID string) (string, bool) {
	return strings.CutPrefix(externalID, corpID+":")
}
