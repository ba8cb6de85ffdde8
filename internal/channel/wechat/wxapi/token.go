package wxapi

import (
	"context"
	"net/http"
	"net/url"
	"time"

	"github.com/kefu-dev/kefu/internal/channel/wechat/wxtoken"
)

// WithToken runs call with the access token key names in the shared cache, fetched with
// fetch when there is none. When the platform answers call with a token error (another
// process or the console fetched a new token, or it was revoked), the token is invalidated
// (compare-and-set: a fresher one stays) and call runs once more with a new one, within the
// same attempt.
func (c *Client) WithToken(ctx context.Context, key string, fetch wxtoken.Fetch, call func(token string) error) error {
	tok, err := c.tokens.Token(ctx, key, fetch)
	if err != nil {
		return err
	}
	err = call(tok)
	if !wxtoken.IsTokenError(ErrCode(err)) {
		return err
	}
	if err := c.tokens.Invalidate(ctx, key, tok); err != nil {
		return err
	}
	if tok, err = c.tokens.Token(ctx, key, fetch); err != nil {
		return err
	}
	return call(tok)
}

// FetchToken trades credentials for a new access token at path (GET path?q): the answer's
// access_token and its lifetime. Which path and which credentials is the platform's own.
func (c *Client) FetchToken(ctx context.Context, path string, q url.Values) (string, time.Duration, error) {
	var t struct {
		AccessToken string `json:"access_token"`
		ExpiresIn   int64  `json:"expires_in"` // seconds, 7200 today
	}
	if err := c.Get(ctx, path, q, &t); err != nil {
		return "", 0, err
	}
	if t.AccessToken == "" || t.ExpiresIn <= 0 {
		return "", 0, &APIError{Path: path, Status: http.StatusBadGateway, Msg: "answer without a token"}
	}
	return t.AccessToken, time.Duration(t.ExpiresIn) * time.Second, nil
}
