package llm

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/netguard"
)

// The codes of the errors a provider call returns, as the Code of a *kefu.Error. They are
// stable: the workspace's "test connection" button and the bot branch on them.
const (
	// CodeUnreachable: no answer (connection refused, DNS, TLS, the outbound guard refused
	// the address, timeout) or the provider failed with a 5xx. Retrying later may work.
	CodeUnreachable kefu.Code = "llm_unreachable"
	// CodeRejected: the provider refused the request: 401/403 (the key), or another 4xx
	// such as an unknown model. Retrying will not help until the settings change.
	CodeRejected kefu.Code = "llm_rejected"
	// CodeRateLimited: 429; RetryAfter holds the provider's Retry-After when it sent one.
	CodeRateLimited kefu.Code = "llm_rate_limited"
	// CodeBadResponse: a 2xx whose body is not what the protocol promises (not JSON, no
	// choices, wrong number of embeddings, larger than MaxResponseBytes).
	CodeBadResponse kefu.Code = "llm_bad_response"
)

// ErrNoEmbeddingModel is Rerank's error when Config.EmbeddingModel is empty.
var ErrNoEmbeddingModel = kefu.FieldError("embedding_model", "re-ranking needs an embedding model; embedding_model is empty")

// errTimedOut is the cause of the client's own per-request deadline, told apart from the
// caller's cancellation.
var errTimedOut = errors.New("request timed out")

// maxDetailRunes bounds the provider's own error text quoted in a message.
const maxDetailRunes = 200

// transportError maps a request that got no (complete) answer. The cause keeps the operation
// and the underlying error but not the request URL.
func transportError(ctx context.Context, err error, timeout time.Duration) error {
	e := &kefu.Error{Code: CodeUnreachable, Err: withoutURL(err), Message: "the provider could not be reached"}
	switch {
	case errors.Is(err, netguard.ErrRefused):
		e.Message = "the provider's address is refused by the outbound guard; a provider on your own network must be listed in outbound_allow"
	case errors.Is(context.Cause(ctx), errTimedOut):
		e.Message = fmt.Sprintf("the provider did not answer within %s", timeout)
	case ctx.Err() != nil:
		e.Message, e.Err = "the request to the provider was cancelled", context.Cause(ctx)
	case isTimeout(err): // the HTTP client's own limit, shorter than ours
		e.Message = "the provider did not answer in time"
	}
	return e
}

// withoutURL strips net/http's *url.Error of its URL, keeping the operation and the cause.
func withoutURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return fmt.Errorf("%s: %w", ue.Op, ue.Err)
	}
	return err
}

func isTimeout(err error) bool {
	var t interface{ Timeout() bool }
	return errors.As(err, &t) && t.Timeout()
}

// statusError maps a non-2xx answer. The provider's own message is quoted, shortened and with
// the key blotted out, because it is what tells an operator which setting is wrong ("The
// model `qwen-plux` does not exist").
func statusError(resp *http.Response, body []byte, key string) error {
	code, what := statusMeaning(resp.StatusCode)
	msg := fmt.Sprintf("%s (HTTP %d)", what, resp.StatusCode)
	if detail := providerDetail(body, key); detail != "" {
		msg += ": " + detail
	}
	e := &kefu.Error{Code: code, Message: msg}
	if code == CodeRateLimited {
		e.RetryAfter = netguard.RetryAfter(resp.Header.Get("Retry-After"), time.Now())
	}
	return e
}

// statusMeaning gives a status its code and the start of its message.
func statusMeaning(status int) (kefu.Code, string) {
	switch {
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return CodeRejected, "the provider refused the API key"
	case status == http.StatusTooManyRequests:
		return CodeRateLimited, "the provider is limiting the rate of requests"
	case status >= 500:
		return CodeUnreachable, "the provider failed"
	case status >= 400:
		return CodeRejected, "the provider refused the request; check the model name"
	}
	return CodeBadResponse, "the provider answered with an unexpected status"
}

// providerDetail extracts the message of an OpenAI-style error body ({"error":{"message"}},
// {"error":"…"} or {"message":"…"}); anything else (an HTML error page) gives "".
func providerDetail(body []byte, key string) string {
	var doc struct {
		Error   json.RawMessage `json:"error"`
		Message string          `json:"message"`
	}
	if json.Unmarshal(body, &doc) != nil {
		return ""
	}
	return safeDetail(cmp.Or(errorText(doc.Error), doc.Message), key)
}

// errorText reads an error member that is an object with a message, or a string.
func errorText(raw json.RawMessage) string {
	var obj struct {
		Message string `json:"message"`
	}
	if json.Unmarshal(raw, &obj) == nil && obj.Message != "" {
		return obj.Message
	}
	var text string
	_ = json.Unmarshal(raw, &text) // neither shape: no text
	return text
}

// safeDetail makes provider text fit for a message: the key replaced, control characters
// and runs of space folded to one space, at most maxDetailRunes runes.
func safeDetail(text, key string) string {
	if key != "" {
		text = strings.ReplaceAll(text, key, "***")
	}
	text = strings.Join(strings.FieldsFunc(text, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsControl(r)
	}), " ")
	return truncateRunes(text, maxDetailRunes)
}

func badResponse(what string) error {
	return &kefu.Error{Code: CodeBadResponse, Message: "the provider's answer was not understood: " + what}
}
