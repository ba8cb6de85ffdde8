package wxapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/kefu-dev/kefu/internal/channel/wechat/wxtoken"
)

// DefaultMaxAnswer bounds a JSON answer when Options leave it: the platforms' answers are
// small.
const DefaultMaxAnswer = 1 << 20

// Options configure a Client.
type Options struct {
	// BaseURL is the API's base (the operator's host or proxy); a trailing slash is dropped.
	BaseURL string
	// HTTPClient reaches it; nil is NewHTTPClient().
	HTTPClient *http.Client
	// Tokens is the shared access-token cache WithToken reads.
	Tokens *wxtoken.Cache
	// MaxAnswer bounds a JSON answer; 0 is DefaultMaxAnswer.
	MaxAnswer int64
}

// Client calls one platform's API. The access token and the secrets travel in the query
// string, so no error it returns carries a URL: see TransportError.
type Client struct {
	base      string
	http      *http.Client
	tokens    *wxtoken.Cache
	maxAnswer int64
}

// New returns a Client with o's defaults filled in.
func New(o Options) *Client {
	c := &Client{base: strings.TrimRight(o.BaseURL, "/"), http: o.HTTPClient, tokens: o.Tokens, maxAnswer: o.MaxAnswer}
	if c.http == nil {
		c.http = NewHTTPClient()
	}
	if c.maxAnswer <= 0 {
		c.maxAnswer = DefaultMaxAnswer
	}
	return c
}

// HTTPClient is the client the API is reached with.
func (c *Client) HTTPClient() *http.Client { return c.http }

// NewHTTPClient reaches the operator-configured API host directly or through HTTPS_PROXY
// (operators behind the platforms' IP allow-lists often go through a fixed egress proxy).
// Every call has its context as well.
func NewHTTPClient() *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.Proxy = http.ProxyFromEnvironment
	t.ResponseHeaderTimeout = time.Minute
	return &http.Client{Transport: t, Timeout: 2 * time.Minute}
}

// Get calls GET path?q and decodes the answer into out (nil: only the errcode is read).
func (c *Client) Get(ctx context.Context, path string, q url.Values, out any) error {
	return c.do(ctx, http.MethodGet, path, q, "", 0, nil, out)
}

// PostJSON posts body as JSON to path?q and decodes the answer into out (nil: only the
// errcode is read).
func (c *Client) PostJSON(ctx context.Context, path string, q url.Values, body, out any) error {
	raw, err := json.Marshal(body)
	if err != nil {
		return err
	}
	return c.do(ctx, http.MethodPost, path, q, "application/json", int64(len(raw)), bytes.NewReader(raw), out)
}

// do makes one request and decodes its answer.
func (c *Client) do(ctx context.Context, method, path string, q url.Values, ct string, size int64, body io.Reader, out any) error {
	resp, err := c.send(ctx, method, path, q, ct, size, body)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	raw, err := c.read(path, resp)
	if err != nil {
		return err
	}
	return decode(path, resp.StatusCode, raw, out)
}

// send makes the request, of size bytes when body is not nil; the caller closes the answer's
// body.
func (c *Client) send(ctx context.Context, method, path string, q url.Values, ct string, size int64, body io.Reader) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, method, c.base+path+"?"+q.Encode(), body)
	if err != nil {
		return nil, &TransportError{Path: path, Err: errors.New("bad request URL")}
	}
	if body != nil {
		req.ContentLength = size
	}
	if ct != "" {
		req.Header.Set("Content-Type", ct)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, NoAnswer(ctx, path, err)
	}
	return resp, nil
}

// read is an answer's body, at most maxAnswer bytes of it (a longer one fails to decode).
func (c *Client) read(path string, resp *http.Response) ([]byte, error) {
	raw, err := io.ReadAll(io.LimitReader(resp.Body, c.maxAnswer))
	if err != nil {
		return nil, &TransportError{Path: path, Err: errors.New("answer cut short")}
	}
	return raw, nil
}
