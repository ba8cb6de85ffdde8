package problem

import (
	"net/http"
	"testing"

	"github.com/kefu-dev/kefu/internal/bot/llm"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// Every code of internal/kefu, with the status clients have been promised (docs/api.md).
var everyCode = []struct {
	code   kefu.Code
	status int
}{
	{kefu.CodeInvalid, 422},
	{kefu.CodeMalformed, 400},
	{kefu.CodeUnauthenticated, 401},
	{kefu.CodeForbidden, 403},
	{kefu.CodeOriginNotAllowed, 403},
	{kefu.CodeNotFound, 404},
	{kefu.CodeConflict, 409},
	{kefu.CodeTooLarge, 413},
	{kefu.CodeUnsupportedType, 415},
	{kefu.CodeRateLimited, 429},
	{kefu.CodeOverloaded, 429},
	{kefu.CodeUnavailable, 503},
	{kefu.CodeInternal, 500},
	{kefu.CodeInvitationExpired, 410},
	{kefu.CodeInvitationUsed, 410},
	{kefu.CodeInvitationRevoked, 410},
	{kefu.CodeChannelCannotSend, 422},
	{kefu.CodeReplyWindowClosed, 422},
	{kefu.CodeReplyLimitReached, 422},
	{kefu.CodeBotNotActive, 409},
	{llm.CodeUnreachable, 502},
	{llm.CodeRejected, 502},
	{llm.CodeRateLimited, 502},
	{llm.CodeBadResponse, 502},
	{kefu.CodeAlreadyHandled, 409},
}

func TestStatusOfEveryCode(t *testing.T) {
	if len(statusOf) != len(everyCode) {
		t.Fatalf("statusOf maps %d codes, the table here %d: add the new code to both", len(statusOf), len(everyCode))
	}
	for _, tt := range everyCode {
		if got := Status(tt.code); got != tt.status {
			t.Errorf("Status(%s) = %d, want %d", tt.code, got, tt.status)
		}
		p := New(tt.code, "d")
		if p.Status != tt.status || p.Code != tt.code || p.Title != http.StatusText(tt.status) || p.Type != "https://kefu.dev/errors/"+string(tt.code) {
			t.Errorf("New(%s) = %+v", tt.code, p)
		}
	}
}

func TestUnknownCodeIsInternal(t *testing.T) {
	if got := Status("no_such_code"); got != 500 {
		t.Errorf("Status(unknown) = %d, want 500", got)
	}
	if p := New("no_such_code", "d"); p.Code != kefu.CodeInternal || p.Status != 500 {
		t.Errorf("New(unknown) = %s %d, want internal 500", p.Code, p.Status)
	}
}

func TestCodeOf(t *testing.T) {
	tests := []struct {
		status int
		want   kefu.Code
	}{
		{400, kefu.CodeMalformed}, {405, kefu.CodeNotFound}, {406, kefu.CodeMalformed},
		{408, kefu.CodeMalformed}, {413, kefu.CodeTooLarge}, {422, kefu.CodeInvalid},
		{429, kefu.CodeRateLimited}, {500, kefu.CodeInternal}, {502, llm.CodeUnreachable},
		{503, kefu.CodeUnavailable},
	}
	for _, tt := range tests {
		if got := CodeOf(tt.status); got != tt.want {
			t.Errorf("CodeOf(%d) = %s, want %s", tt.status, got, tt.want)
		}
	}
	// Round trip: a status kefu maps a code to maps back to a code with that status.
	for _, tt := range everyCode {
		if got := Status(CodeOf(tt.status)); got != tt.status {
			t.Errorf("Status(CodeOf(%d)) = %d", tt.status, got)
		}
	}
}

func TestForStatusKeepsTheStatus(t *testing.T) {
	p := ForStatus(http.StatusMethodNotAllowed, "no")
	if p.Status != 405 || p.Title != "Method Not Allowed" || p.Code != kefu.CodeNotFound {
		t.Errorf("ForStatus(405) = %d %q %s, want 405 with code not_found", p.Status, p.Title, p.Code)
	}
}
