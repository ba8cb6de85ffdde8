package problem

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

func TestFrom(t *testing.T) {
	tests := []struct {
		name      string
		err       error
		wantCode  kefu.Code
		wantLog   bool
		wantInMsg string
	}{
		{"domain error", kefu.FieldError("content", "too long"), kefu.CodeInvalid, false, "too long"},
		{"not found", kefu.ErrNotFound, kefu.CodeNotFound, false, "not found"},
		{"wrapped", fmt.Errorf("load: %w", kefu.Errorf(kefu.CodeConflict, "taken")), kefu.CodeConflict, false, "taken"},
		{"internal hides its cause", kefu.Internal(errors.New("disk on fire")), kefu.CodeInternal, true, "internal error"},
		{"plain error is internal", errors.New("boom"), kefu.CodeInternal, true, "internal error"},
		{"unmapped code is internal", kefu.Errorf("resync_required", "old"), kefu.CodeInternal, true, "internal error"},
		{"client went away", fmt.Errorf("write: %w", context.Canceled), kefu.CodeUnavailable, false, "cancelled"},
		{"deadline", context.DeadlineExceeded, kefu.CodeUnavailable, false, "timed out"},
		{"a problem stays itself", New(kefu.CodeForbidden, "no"), kefu.CodeForbidden, false, "no"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logs bytes.Buffer
			p := From(slog.New(slog.NewTextHandler(&logs, nil)), tt.err)
			if p.Code != tt.wantCode || !strings.Contains(p.Detail, tt.wantInMsg) {
				t.Errorf("From() = %s %q, want %s containing %q", p.Code, p.Detail, tt.wantCode, tt.wantInMsg)
			}
			if logged := logs.Len() > 0; logged != tt.wantLog {
				t.Errorf("logged = %v (%q), want %v", logged, logs.String(), tt.wantLog)
			}
			if tt.wantLog && !strings.Contains(logs.String(), tt.err.Error()) {
				t.Errorf("the log %q lacks the cause %q", logs.String(), tt.err)
			}
			if strings.Contains(p.Detail, "disk on fire") || strings.Contains(p.Detail, "boom") {
				t.Errorf("the cause leaked to the client: %q", p.Detail)
			}
		})
	}
}

func TestFromFieldBecomesADetail(t *testing.T) {
	p := From(slog.New(slog.DiscardHandler), kefu.FieldError("body.content", "too long"))
	if len(p.Errors) != 1 || p.Errors[0] != (ProblemDetail{Location: "body.content", Message: "too long"}) {
		t.Errorf("got errors %+v, want the field", p.Errors)
	}
}

func TestFromUsesTheErrorsOwnRetryHint(t *testing.T) {
	lockout := &kefu.Error{Code: kefu.CodeRateLimited, Message: "wait", RetryAfter: 90 * time.Second}
	if got := From(nil, lockout).GetHeaders().Get("Retry-After"); got != "90" {
		t.Errorf("lockout: got Retry-After %q, want 90", got)
	}
	// A hint on a code that asks for no retry is not sent: Retry-After is for 429 and 503.
	odd := &kefu.Error{Code: kefu.CodeConflict, Message: "x", RetryAfter: time.Minute}
	if got := From(nil, odd).GetHeaders().Get("Retry-After"); got != "" {
		t.Errorf("conflict with a hint: got Retry-After %q, want none", got)
	}
}
