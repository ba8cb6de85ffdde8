package wechat

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"time"
)

// maxAnswerBytes bounds a JSON answer of the platform; its answers are small.
const maxAnswerBytes = 1 << 20

// client calls the platform API at base. The access token and the AppSecret travel in the
// query string, so no error this client returns carries a URL: see transportError.
type client struct {
	base string
	http *http.Client
}

// apiError is an answer with a non-zero errcode, or an HTTP error without one.
type apiError struct {
	Path   string
	Code   int    // the platform's errcode; 0 when the HTTP status was the only answer
	Msg    string // the platform's errmsg, safe to show
	Status int    // the HTTP status
}

func (e *apiError) Error() string {
	if e.Code == 0 {
		return fmt.Sprintf("wechat %s: HTTP %d", e.Path, e.Status)
	}
	return fmt.Sprintf("wechat %s: errcode %d %s", e.Path, e.Code, e.Msg)
}

// transportError is a request that got no answer; its message has no URL (and so no token).
type transportError struct {
	Path string
	Err  error
}

func (e *transportError) Error() string { return "wechat " + e.Path + ": " + e.Err.Error() }
func (e *transportError) Unwrap() error { return e.Err }

// status is the errcode and errmsg every answer may carry.
type status struct {
	ErrCode int    `json:"errcode"`
	ErrMsg  string `json:"errmsg"`
}

// getJSON calls GET path?query and decodes the answer into out.
func (c *client) getJSON(ctx context.Context, path string, q url.Values, out any) error {
	return c.do(ctx, http.MethodGet, path, q, "", nil, out)
}

// postJSON posts body as JSON to path?query and decodes the answer into out (nil: only the
// errcode is read).
func (c *client) postJSON(ctx context.Context, path string, q url.Values, body, out any) error {
	raw, err := json.Marshal(body)
	if err != nil {
		return err
	}
	return c.do(ctx, http.MethodPost, path, q, "application/json", bytes.NewReader(raw), out)
}

// upload posts one file as the multipart field "media" (the temporary-media API).
func (c *client) upload(ctx context.Context, path string, q url.Values, fileName string, r io.Reader, out any) error {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, err := mw.CreateFormFile("media", fileName)
	if err == nil {
		_, err = io.Copy(fw, io.LimitReader(r, maxImage+1))
	}
	if err != nil || mw.Close() != nil {
		return fmt.Errorf("wechat %s: read the file: %w", path, err)
	}
	return c.do(ctx, http.MethodPost, path, q, mw.FormDataContentType(), &buf, out)
}

func (c *client) do(ctx context.Context, method, path string, q url.Values, ct string, body io.Reader, out any) error {
	resp, err := c.send(ctx, method, path, q, ct, body)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswerBytes))
	if err != nil {
		return &transportError{Path: path, Err: errors.New("answer cut short")}
	}
	return decodeAnswer(path, resp.StatusCode, raw, out)
}

// send makes the request; the caller closes the answer's body.
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

// noAnswer is the error of a request that got no response, without its URL.
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

// decodeAnswer reads an answer: a non-zero errcode or an HTTP error status is an apiError, a
// body that is not JSON (a proxy's error page) too, so 5xx stays retryable.
func decodeAnswer(path string, code int, raw []byte, out any) error {
	var st status
	if err := json.Unmarshal(raw, &st); err != nil {
		return &apiError{Path: path, Status: code, Msg: "unreadable answer"}
	}
	if st.ErrCode != 0 || code >= 300 {
		return &apiError{Path: path, Code: st.ErrCode, Msg: st.ErrMsg, Status: code}
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(raw, out); err != nil {
		return &apiError{Path: path, Status: code, Msg: "unreadable answer"}
	}
	return nil
}

// newHTTPClient reaches the operator-configured API host directly or through HTTPS_PROXY
// (operators behind the platform's IP allow-list often go through a fixed egress proxy).
func newHTTPClient() *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.Proxy = http.ProxyFromEnvironment
	t.ResponseHeaderTimeout = 30 * time.Second
	return &http.Client{Transport: t, Timeout: 2 * time.Minute}
}

// errcodeOf is the platform errcode of err, 0 when it is none.
func errcodeOf(err error) int {
	var ae *apiError
	if errors.As(err, &ae) {
		return ae.Code
	}
	return 0
}
