package problem

import (
	"net/http"

	"github.com/kefu-dev/kefu/internal/bot/llm"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// statusOf is the one place codes map to HTTP statuses. Every code of internal/kefu is here.
var statusOf = map[kefu.Code]int{
	kefu.CodeInvalid:           http.StatusUnprocessableEntity,
	kefu.CodeMalformed:         http.StatusBadRequest,
	kefu.CodeUnauthenticated:   http.StatusUnauthorized,
	kefu.CodeForbidden:         http.StatusForbidden,
	kefu.CodeOriginNotAllowed:  http.StatusForbidden,
	kefu.CodeNotFound:          http.StatusNotFound,
	kefu.CodeConflict:          http.StatusConflict,
	kefu.CodeTooLarge:          http.StatusRequestEntityTooLarge,
	kefu.CodeUnsupportedType:   http.StatusUnsupportedMediaType,
	kefu.CodeRateLimited:       http.StatusTooManyRequests,
	kefu.CodeOverloaded:        http.StatusTooManyRequests,
	kefu.CodeUnavailable:       http.StatusServiceUnavailable,
	kefu.CodeInternal:          http.StatusInternalServerError,
	kefu.CodeInvitationExpired: http.StatusGone,
	kefu.CodeChannelCannotSend: http.StatusUnprocessableEntity,
	kefu.CodeReplyWindowClosed: http.StatusUnprocessableEntity,
	kefu.CodeReplyLimitReached: http.StatusUnprocessableEntity,
	kefu.CodeInvitationUsed:    http.StatusGone,
	kefu.CodeInvitationRevoked: http.StatusGone,
	kefu.CodeBotNotActive:      http.StatusConflict,
	// A language-model provider failed us: a bad gateway, whatever the provider said.
	llm.CodeUnreachable:     http.StatusBadGateway,
	llm.CodeRejected:        http.StatusBadGateway,
	llm.CodeRateLimited:     http.StatusBadGateway,
	llm.CodeBadResponse:     http.StatusBadGateway,
	kefu.CodeAlreadyHandled: http.StatusConflict,
}

// codeOf maps back the statuses a library produces by itself. It is not statusOf reversed:
// 429 could be either of two codes, and 405 and 408 have no code of their own.
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
	// Only invitation links answer 410; no library does, so any code of them round-trips.
	http.StatusGone: kefu.CodeInvitationExpired,
	// Only a language-model provider's failure answers 502.
	http.StatusBadGateway: llm.CodeUnreachable,
}

// Status returns the HTTP status of code; an unknown code is an internal error (500).
func Status(code kefu.Code) int {
	if s, ok := statusOf[code]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// CodeOf returns the code for a status kefu did not choose: the mapped one, else malformed
// request for the other 4xx (the client sent something the library refused) and internal for
// anything else.
func CodeOf(status int) kefu.Code {
	if c, ok := codeOf[status]; ok {
		return c
	}
	if status >= 400 && status < 500 {
		return kefu.CodeMalformed
	}
	return kefu.CodeInternal
}
