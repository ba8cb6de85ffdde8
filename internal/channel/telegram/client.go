package telegram

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
	"strings"
	"time"
)

// maxResponseBytes bounds a Bot API answer: a getUpdates batch of 100 updates is far smaller.
const maxResponseBytes = 8 << 20

// client calls the Bot API's methods at base ({base}/bot<token>/<method>) and downloads its
// files ({base}/file/bot<token>/<path>). The token is part of every URL, so no error this
// client returns carries a URL: see transportError.
type client struct {
	base string
	http *http.Client
}

// apiResponse is the envelope of every Bot API answer.
type apiResponse struct {
	OK          bool            `json:"ok"`
	Result      json.RawMessage `json:"result"`
	ErrorCode   int             `json:"error_code"`
	Description string          `json:"description"`
	Parameters  *struct {
		RetryAfter int `json:"retry_after"`
	} `json:"parameters"`
}

// apiError is a request Telegram answered with ok=false (or an HTTP error without an envelope).
type apiError struct {
	Method      string
	Code        int           // Telegram's error_code, else the HTTP status
	Description string        // Telegram's description: safe to show ("Forbidden: bot was blocked by the user")
	RetryAfter  time.Duration // from parameters.retry_after on a 429
}

func (e *apiError) Error() string {
	return fmt.Sprintf("telegram %s: %d %s", e.Method, e.Code, e.Description)
}

// transportError is a request that got no answer from Telegram. Its message is the cause
// without the request URL, which holds the bot token.
type transportError struct {
	Method string
	Err    error
}

func (e *transportError) Error() string { return "telegram " + e.Method + ": " + e.Err.Error() }
func (e *transportError) Unwrap() error { return e.Err }

// call posts params as JSON to method and decodes the result into result (nil: ignored).
func (c *client) call(ctx context.Context, token, method string, params, result any) error {
	body, err := json.Marshal(params)
	if err != nil {
		return err
	}
	return c.post(ctx, token, method, "application/json", bytes.NewReader(body), result)
}

// upload posts a multipart form: fields and one file read from r.
func (c *client) upload(ctx context.Context, token, method string, fields map[string]string, fileField, fileName string, r io.Reader, result any) error {
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	done := make(chan struct{})
	go func() {
		defer close(done)
		pw.CloseWithError(writeForm(mw, fields, fileField, fileName, r))
	}()
	err := c.post(ctx, token, method, mw.FormDataContentType(), pr, result)
	pr.Close() // ends a writer Telegram stopped reading from
	<-done     // r is not read after upload returns: the caller may close it
	return err
}

// writeForm writes the form's fields, then the file, streaming it rather than holding it.
func writeForm(mw *multipart.Writer, fields map[string]string, fileField, fileName string, r io.Reader) error {
	for k, v := range fields {
		if err := mw.WriteField(k, v); err != nil {
			return err
		}
	}
	fw, err := mw.CreateFormFile(fileField, fileName)
	if err != nil {
		return err
	}
	if _, err := io.Copy(fw, r); err != nil {
		return err
	}
	return mw.Close()
}

func (c *client) post(ctx context.Context, token, method, contentType string, body io.Reader, result any) error {
	if !validToken(token) {
		return malformedToken(method)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+"/bot"+token+"/"+method, body)
	if err != nil {
		return &transportError{Method: method, Err: errors.New("bad request URL")}
	}
	req.Header.Set("Content-Type", contentType)
	resp, err := c.http.Do(req)
	if err != nil {
		return c.noAnswer(ctx, method, token, err)
	}
	defer resp.Body.Close()
	return decode(method, resp, result)
}

// noAnswer is the error of a request that got no response, without the URL and its token.
func (c *client) noAnswer(ctx context.Context, method, token string, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return &transportError{Method: method, Err: errors.New(strings.ReplaceAll(err.Error(), token, "<bot token>"))}
}

// decode reads the envelope; a non-JSON answer (a proxy's 502 page) is an apiError with the
// HTTP status, so 5xx stays retryable.
func decode(method string, resp *http.Response, result any) error {
	var env apiResponse
	if err := json.NewDecoder(io.LimitReader(resp.Body, maxResponseBytes)).Decode(&env); err != nil {
		return &apiError{Method: method, Code: resp.StatusCode, Description: "unreadable answer: " + http.StatusText(resp.StatusCode)}
	}
	if !env.OK {
		return envelopeError(method, resp.StatusCode, &env)
	}
	if result == nil {
		return nil
	}
	if err := json.Unmarshal(env.Result, result); err != nil {
		return &apiError{Method: method, Code: resp.StatusCode, Description: "unreadable result"}
	}
	return nil
}

func envelopeError(method string, status int, env *apiResponse) *apiError {
	e := &apiError{Method: method, Code: env.ErrorCode, Description: env.Description}
	if e.Code == 0 {
		e.Code = status
	}
	if env.Parameters != nil && env.Parameters.RetryAfter > 0 {
		e.RetryAfter = time.Duration(env.Parameters.RetryAfter) * time.Second
	}
	return e
}

// malformedToken is what Telegram would answer for a token of the wrong shape, which is
// refused before it becomes part of a URL.
func malformedToken(method string) *apiError {
	return &apiError{Method: method, Code: http.StatusUnauthorized, Description: "Unauthorized: the bot token is malformed"}
}

// download opens a file getFile named; the caller closes it.
func (c *client) download(ctx context.Context, token, filePath string) (io.ReadCloser, error) {
	if !validToken(token) {
		return nil, malformedToken("file")
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+"/file/bot"+token+"/"+filePath, nil)
	if err != nil {
		return nil, &transportError{Method: "file", Err: errors.New("bad file path")}
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, c.noAnswer(ctx, "file", token, err)
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		return nil, &apiError{Method: "file", Code: resp.StatusCode, Description: http.StatusText(resp.StatusCode)}
	}
	return resp.Body, nil
}

// newHTTPClient is the client for an operator-configured Bot API host: direct, or through
// HTTPS_PROXY / HTTP_PROXY (Telegram is blocked in some networks). No overall timeout: long
// polls last PollTimeout, and every call has its context.
func newHTTPClient() *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.Proxy = http.ProxyFromEnvironment
	t.ResponseHeaderTimeout = 2 * time.Minute
	return &http.Client{Transport: t}
}
