package problem

import (
	"context"
	"errors"
	"log/slog"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// From turns any error into a Problem. A *kefu.Error becomes its code's problem, with the
// offending field as a detail and its own retry hint; a cancelled or timed-out request becomes
// unavailable; everything else (an internal error, a plain error, a code with no status) is
// logged with its cause, the only place causes are logged, and answered as "internal error":
// the cause never reaches the client.
func From(log *slog.Logger, err error) *Problem {
	var p *Problem
	if errors.As(err, &p) {
		return p
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		// The caller gave up or the request ran out of time: not a bug, so no error log. A
		// client still listening is told to try again.
		return New(kefu.CodeUnavailable, "the request was cancelled or timed out; retry")
	}
	var ke *kefu.Error
	if !errors.As(err, &ke) || !public(ke.Code) {
		log.Error("internal error", "err", err)
		return New(kefu.CodeInternal, "internal error")
	}
	return fromKefu(ke)
}

// public reports whether errors with code may be shown to the client as they are.
func public(code kefu.Code) bool {
	_, mapped := statusOf[code]
	return mapped && code != kefu.CodeInternal
}

// fromKefu is the problem of a public *kefu.Error.
func fromKefu(ke *kefu.Error) *Problem {
	var details []ProblemDetail
	if ke.Field != "" {
		details = []ProblemDetail{{Location: ke.Field, Message: ke.Message}}
	}
	p := New(ke.Code, ke.Message, details...)
	if ke.RetryAfter > 0 && p.retryAfter > 0 {
		p.retryAfter = ke.RetryAfter // the caller's own wait, e.g. a login lockout
	}
	return p
}
