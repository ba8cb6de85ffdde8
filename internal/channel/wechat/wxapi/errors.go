package wxapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
)

// APIError is an answer with a non-zero errcode, or an HTTP error status without one (a
// proxy's error page included, so a 5xx stays retryable).
type APIError struct {
	Path   string
	Code   int    // the platform's errcode; 0 when the HTTP status was the only answer
	Msg    string // the platform's errmsg (it names the cause and the caller's IP, never a secret)
	Status int    // the HTTP status
}

func (e *APIError) Error() string {
	if e.Code == 0 {
		return fmt.Sprintf("wxapi %s: HTTP %d %s", e.Path, e.Status, e.Msg)
	}
	return fmt.Sprintf("wxapi %s: errcode %d %s", e.Path, e.Code, e.Msg)
}

// TransportError is a request that got no answer. Its message is the cause without the
// request URL, which holds the access token or the secret.
type TransportError struct {
	Path string
	Err  error
}

func (e *TransportError) Error() string { return "wxapi " + e.Path + ": " + e.Err.Error() }
func (e *TransportError) Unwrap() error { return e.Err }

// ErrCode is the platform errcode of err, 0 when it is none.
func ErrCode(err error) int {
	var ae *APIError
	if errors.As(err, &ae) {
		return ae.Code
	}
	return 0
}

// NoAnswer is the error of a request to path that got no response, without its URL: the
// context's error when it ended, else a TransportError.
func NoAnswer(ctx context.Context, path string, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return &TransportError{Path: path, Err: err}
}

// envelope is the errcode and errmsg every answer may carry.
type envelope struct {
	ErrCode int    `json:"errcode"`
	ErrMsg  string `json:"errmsg"`
}

// decode reads an answer into out (nil: only the envelope): a non-zero errcode or an HTTP
// error status is an APIError, and so is a body that is not JSON.
func decode(path string, status int, raw []byte, out any) error {
	var env envelope
	if err := json.Unmarshal(raw, &env); err != nil {
		return &APIError{Path: path, Status: status, Msg: "unreadable answer: " + http.StatusText(status)}
	}
	if env.ErrCode != 0 || status >= 300 {
		return &APIError{Path: path, Code: env.ErrCode, Msg: env.ErrMsg, Status: status}
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(raw, out); err != nil {
		return &APIError{Path: path, Status: status, Msg: "unreadable result"}
	}
	return nil
}
