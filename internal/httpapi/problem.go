package httpapi

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/kefu-dev/kefu/internal/auth"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// Problem is an RFC 9457 problem document with kefu's stable code. Every error response of the
// API has this shape and the content type application/problem+json.
type Problem struct {
	Type    string          `json:"type" doc:"URI naming the problem type"`
	Title   string          `json:"title" doc:"Short summary of the HTTP status"`
	Status  int             `json:"status" doc:"HTTP status code"`
	Code    kefu.Code       `json:"code" doc:"Stable machine-readable error code"`
	Detail  string          `json:"detail,omitempty" doc:"Human-readable explanation, safe to show"`
	Errors  []ProblemDetail `json:"errors,omitempty" doc:"Individual input errors"`
	headers http.Header
}

// ProblemDetail names one offending input.
type ProblemDetail struct {
	Location string `json:"location,omitempty" doc:"Where the error is, e.g. body.content"`
	Message  string `json:"message"`
}

func (p *Problem) Error() string { return string(p.Code) + ": " + p.Detail }

// GetStatus implements huma.StatusError.
func (p *Problem) GetStatus() int { return p.Status }

// GetHeaders implements huma.HeadersError (Retry-After on 429).
func (p *Problem) GetHeaders() http.Header { return p.headers }

// ContentType implements huma.ContentTypeFilter.
func (p *Problem) ContentType(string) string { return "application/problem+json" }

// statusOf is the one place codes map to HTTP statuses.
var statusOf = map[kefu.Code]int{
	kefu.CodeInvalid:         http.StatusUnprocessableEntity,
	kefu.CodeMalformed:       http.StatusBadRequest,
	kefu.CodeUnauthenticated: http.StatusUnauthorized,
	kefu.CodeForbidden:       http.StatusForbidden,
	kefu.CodeNotFound:        http.StatusNotFound,
	kefu.CodeConflict:        http.StatusConflict,
	kefu.CodeTooLarge:        http.StatusRequestEntityTooLarge,
	kefu.CodeUnsupportedType: http.StatusUnsupportedMediaType,
	kefu.CodeRateLimited:     http.StatusTooManyRequests,
	kefu.CodeOverloaded:      http.StatusTooManyRequests,
	kefu.CodeUnavailable:     http.StatusServiceUnavailable,
	kefu.CodeInternal:        http.StatusInternalServerError,
}

// codeOf maps statuses huma produces by itself (parse and validation failures) back to codes.
var codeOf = map[int]kefu.Code{
	http.StatusBadRequest:            kefu.CodeMalformed,
	http.StatusUnprocessableEntity:   kefu.CodeInvalid,
	http.StatusUnauthorized:          kefu.CodeUnauthenticated,
	http.StatusForbidden:             kefu.CodeForbidden,
	http.StatusNotFound:              kefu.CodeNotFound,
	http.StatusMethodNotAllowed:      kefu.CodeNotFound,
	http.StatusConflict:              kefu.CodeConflict,
	http.StatusRequestEntityTooLarge: kefu.CodeTooLarge,
	http.StatusUnsupportedMediaType:  kefu.CodeUnsupportedType,
	http.StatusTooManyRequests:       kefu.CodeRateLimited,
	http.StatusServiceUnavailable:    kefu.CodeUnavailable,
	http.StatusRequestTimeout:        kefu.CodeMalformed,
}

// retryAfter is what an overloaded or rate-limited caller is told to wait.
const retryAfter = 1 * time.Second

// newProblem builds the problem for a code.
func newProblem(code kefu.Code, detail string, details ...ProblemDetail) *Problem {
	status, ok := statusOf[code]
	if !ok {
		code, status = kefu.CodeInternal, http.StatusInternalServerError
	}
	p := &Problem{
		Type: "https://kefu.dev/errors/" + string(code), Title: http.StatusText(status),
		Status: status, Code: code, Detail: detail, Errors: details,
	}
	if status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable {
		p.headers = http.Header{"Retry-After": {strconv.Itoa(int(retryAfter.Seconds()))}}
	}
	return p
}

// problemFrom turns any error from a service into a Problem, logging internal ones with their
// cause (the only place causes are logged) and never sending the cause to the client.
func problemFrom(log *slog.Logger, err error) *Problem {
	var p *Problem
	if errors.As(err, &p) {
		return p
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		// The caller gave up or the request ran out of time: not a bug, so no error log. A
		// client still listening is told to try again.
		return newProblem(kefu.CodeUnavailable, "the request was cancelled or timed out; retry")
	}
	var ke *kefu.Error
	if !errors.As(err, &ke) || ke.Code == kefu.CodeInternal {
		log.Error("internal error", "err", err)
		return newProblem(kefu.CodeInternal, "internal error")
	}
	var details []ProblemDetail
	if ke.Field != "" {
		details = []ProblemDetail{{Location: ke.Field, Message: ke.Message}}
	}
	p = newProblem(ke.Code, ke.Message, details...)
	if wait := auth.RetryAfter(err); wait > 0 {
		p.headers = http.Header{"Retry-After": {strconv.Itoa(int(wait.Round(time.Second).Seconds()))}}
	}
	return p
}

// humaError is installed as huma.NewError so the errors huma raises itself (malformed JSON,
// schema violations, oversize bodies) carry the same shape and codes. Error details keep
// location and message but never echo the offending value back.
func humaError(status int, msg string, errs ...error) huma.StatusError {
	code, ok := codeOf[status]
	if !ok {
		code = kefu.CodeInternal
		if status < 500 {
			code = kefu.CodeMalformed
		}
	}
	details := make([]ProblemDetail, 0, len(errs))
	for _, e := range errs {
		var d huma.ErrorDetailer
		if errors.As(e, &d) {
			ed := d.ErrorDetail()
			details = append(details, ProblemDetail{Location: ed.Location, Message: ed.Message})
		}
	}
	p := newProblem(code, msg, details...)
	p.Status, p.Title = status, http.StatusText(status)
	return p
}

func init() {
	// huma's documented hook for a custom error type is this package variable. Every kefu
	// server in a process wants the same shape, so setting it once here is safe.
	huma.NewError = humaError
}
