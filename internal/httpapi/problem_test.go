package httpapi

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"testing"

	"github.com/kefu-dev/kefu/internal/kefu"
)

func TestProblemFrom(t *testing.T) {
	tests := []struct {
		name      string
		err       error
		wantCode  kefu.Code
		wantLog   bool
		wantInMsg string
	}{
		{"domain error", kefu.FieldError("content", "too long"), kefu.CodeInvalid, false, "too long"},
		{"not found", kefu.ErrNotFound, kefu.CodeNotFound, false, "not found"},
		{"internal hides its cause", kefu.Internal(errors.New("disk on fire")), kefu.CodeInternal, true, "internal error"},
		{"plain error is internal", errors.New("boom"), kefu.CodeInternal, true, "internal error"},
		{"client went away", fmt.Errorf("write: %w", context.Canceled), kefu.CodeUnavailable, false, "cancelled"},
		{"deadline", context.DeadlineExceeded, kefu.CodeUnavailable, false, "timed out"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logs bytes.Buffer
			p := problemFrom(slog.New(slog.NewTextHandler(&logs, nil)), tt.err)
			if p.Code != tt.wantCode || !bytes.Contains([]byte(p.Detail), []byte(tt.wantInMsg)) {
				t.Errorf("problemFrom() = %s %q, want %s containing %q", p.Code, p.Detail, tt.wantCode, tt.wantInMsg)
			}
			if logged := logs.Len() > 0; logged != tt.wantLog {
				t.Errorf("logged = %v (%q), want %v", logged, logs.String(), tt.wantLog)
			}
			if bytes.Contains([]byte(p.Detail), []byte("disk on fire")) {
				t.Errorf("the cause leaked to the client: %q", p.Detail)
			}
		})
	}
}
