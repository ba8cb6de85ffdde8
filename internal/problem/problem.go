package problem

import (
	"net/http"
	"strconv"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// ContentType is the media type of every problem document.
const ContentType = "application/problem+json"

// typeBase turns a code into the problem's type URI.
const typeBase = "https://kefu.dev/errors/"

// Problem is an RFC 9457 problem document with kefu's stable code. Every error response of the
// HTTP API, REST or realtime, has this shape and the content type application/problem+json.
type Problem struct {
	Type       string          `json:"type" doc:"URI naming the problem type"`
	Title      string          `json:"title" doc:"Short summary of the HTTP status"`
	Status     int             `json:"status" doc:"HTTP status code"`
	Code       kefu.Code       `json:"code" doc:"Stable machine-readable error code"`
	Detail     string          `json:"detail,omitempty" doc:"Human-readable explanation, safe to show"`
	Errors     []ProblemDetail `json:"errors,omitempty" doc:"Individual input errors"`
	retryAfter time.Duration   // sent as Retry-After; 0 = no header
}

// ProblemDetail names one offending input. (The name, not Detail, keeps the schema's name in
// the published OpenAPI document.)
type ProblemDetail struct {
	Location string `json:"location,omitempty" doc:"Where the error is, e.g. body.content"`
	Message  string `json:"message"`
}

// New returns the problem for code, with its status and the Retry-After the policy gives it.
// An unknown code is reported as internal, so a mistyped code can never make a status of 0.
func New(code kefu.Code, detail string, details ...ProblemDetail) *Problem {
	status, ok := statusOf[code]
	if !ok {
		code, status = kefu.CodeInternal, http.StatusInternalServerError
	}
	return &Problem{
		Type: typeBase + string(code), Title: http.StatusText(status), Status: status,
		Code: code, Detail: detail, Errors: details, retryAfter: RetryAfter(code),
	}
}

// ForStatus returns the problem for a status a library chose itself (huma's parse and
// validation failures, a method not allowed): the status stays, the code is CodeOf(status).
func ForStatus(status int, detail string, details ...ProblemDetail) *Problem {
	p := New(CodeOf(status), detail, details...)
	p.Status, p.Title = status, http.StatusText(status)
	return p
}

func (p *Problem) Error() string { return string(p.Code) + ": " + p.Detail }

// GetStatus implements huma.StatusError.
func (p *Problem) GetStatus() int { return p.Status }

// GetHeaders implements huma.HeadersError: the headers every problem response carries. An
// error describes one moment, so no cache may keep it (a 404 is otherwise heuristically
// cacheable, and a widget asset's year-long Cache-Control must not stick to its 404); 429 and
// 503 also say when to come back.
func (p *Problem) GetHeaders() http.Header {
	h := http.Header{"Cache-Control": {"no-store"}}
	if p.retryAfter > 0 {
		h["Retry-After"] = []string{strconv.Itoa(Seconds(p.retryAfter))}
	}
	return h
}

// ContentType implements huma.ContentTypeFilter.
func (p *Problem) ContentType(string) string { return ContentType }
