package wecom

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/kefu-dev/kefu/internal/channel/wechat/wxtoken"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// maxResponseBytes bounds an API answer: a sync_msg page of 1000 messages is far smaller.
const maxResponseBytes = 8 << 20

// client calls the WeCom API at base. The access token is in every URL's query, so no error
// it returns carries a URL (see noAnswer).
type client struct {
	base   string
	http   *http.Client
	tokens *wxtoken.Cache
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

// apiError is an answer with a non-zero errcode, or an HTTP error without an envelope.
type apiError struct {
	Path string
	Code int    // WeCom's errcode, else the HTTP status
	Msg  string // WeCom's errmsg (it names the cause and the caller's IP, never a secret)
}

func (e *apiError) Error() string {
	return fmt.Sprintf("wecom %s: errcode %d %s", e.Path, e.Code, e.Msg)
}

// envelope is the part every answer has.
type envelope struct {
	ErrCode int    `json:"errcode"`
	ErrMsg  string `json:"errmsg"`
}

// withToken runs call with the account's access token; when WeCom says the token is invalid
// or expired (another process may have refreshed it, or it was revoked), the token is
// invalidated in the shared cache and call runs once more with a fresh one.
func (c *client) withToken(ctx context.Context, acc account, call func(token string) error) error {
	for attempt := 0; ; attempt++ {
		tok, err := c.tokens.Token(ctx, acc.tokenKey(), func(ctx context.Context) (string, time.Duration, error) {
			return c.getToken(ctx, acc)
		})
		if err != nil {
			return err
		}
		err = call(tok)
		var ae *apiError
		if attempt > 0 || !errors.As(err, &ae) || !wxtoken.IsTokenError(ae.Code) {
			return err
		}
		if err := c.tokens.Invalidate(ctx, acc.tokenKey(), tok); err != nil {
			return err
		}
	}
}

// getToken trades the account's secret for an access token (gettoken).
func (c *client) getToken(ctx context.Context, acc account) (string, time.Duration, error) {
	q := url.Values{"corpid": {acc.corpID}, "corpsecret": {acc.secret}}
	var out struct {
		AccessToken string `json:"access_token"`
		ExpiresIn   int    `json:"expires_in"`
	}
	if err := c.do(ctx, http.MethodGet, "/cgi-bin/gettoken", q, "", nil, &out); err != nil {
		return "", 0, err
	}
	if out.AccessToken == "" || out.ExpiresIn <= 0 {
		return "", 0, &apiError{Path: "/cgi-bin/gettoken", Code: http.StatusBadGateway, Msg: "answer without a token"}
	}
	return out.AccessToken, time.Duration(out.ExpiresIn) * time.Second, nil
}

// call posts in as JSON to path with the account's token and decodes the answer into out.
func (c *client) call(ctx context.Context, acc account, path string, in, out any) error {
	body, err := json.Marshal(in)
	if err != nil {
		return err
	}
	return c.withToken(ctx, acc, func(tok string) error {
		q := url.Values{"access_token": {tok}}
		return c.do(ctx, http.MethodPost, path, q, "application/json", bytes.NewReader(body), out)
	})
}

// do makes one request and decodes its envelope; errcode != 0 is an apiError.
func (c *client) do(ctx context.Context, method, path string, q url.Values, ct string, body io.Reader, out any) error {
	resp, err := c.send(ctx, method, path, q, ct, body)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes))
	if err != nil {
		return &transportError{Path: path, Err: err}
	}
	return decode(path, resp.StatusCode, raw, out)
}

func (c *client) send(ctx context.Context, method, path string, q url.Values, ct string, body io.Reader) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, method, c.base+path+"?"+q.Encode(), body)
	if err != nil {
		return nil, &transportError{Path: path, Err: errors.New("bad request URL")}
	}
	if ct != "" {
		req.Header.Set("Content-Type", ct)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, noAnswer(ctx, path, err)
	}
	return resp, nil
}

func decode(path string, status int, raw []byte, out any) error {
	var env envelope
	if err := json.Unmarshal(raw, &env); err != nil {
		return &apiError{Path: path, Code: status, Msg: "unreadable answer: " + http.StatusText(status)}
	}
	if env.ErrCode != 0 {
		return &apiError{Path: path, Code: env.ErrCode, Msg: env.ErrMsg}
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(raw, out); err != nil {
		return &apiError{Path: path, Code: status, Msg: "unreadable result"}
	}
	return nil
}

// transportError is a request that got no answer. Its message is the cause without the
// request URL, which holds the access token or the secret.
type transportError struct {
	Path string
	Err  error
}

func (e *transportError) Error() string { return "wecom " + e.Path + ": " + e.Err.Error() }
func (e *transportError) Unwrap() error { return e.Err }

// noAnswer is the error of a request without a response, its URL (and token) left out.
func noAnswer(ctx context.Context, path string, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return &transportError{Path: path, Err: err}
}

// newHTTPClient is the client for the operator-configured API host: direct, or through
// HTTPS_PROXY (a fixed egress IP for WeCom's trusted-IP list). Every call has its context.
func newHTTPClient() *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.Proxy = http.ProxyFromEnvironment
	t.ResponseHeaderTimeout = time.Minute
	return &http.Client{Transport: t, Timeout: 2 * time.Minute}
}

// hasCode reports whether err is an apiError with one of codes.
func hasCode(err error, codes ...int) bool {
	var ae *apiError
	if !errors.As(err, &ae) {
		return false
	}
	for _, c := range codes {
		if ae.Code == c {
			return true
		}
	}
	return false
}

// trimCorp strips the "<corpid>:" scope of an external id.
func trimCorp(externalID, corpID string) (string, bool) {
	return strings.CutPrefix(externalID, corpID+":")
}
