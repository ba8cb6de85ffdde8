package kefu

import (
	"errors"
	"fmt"
	"time"
)

// Code is a stable, documented error code. Clients branch on it; it never changes meaning.
type Code string

// The error codes. Their HTTP status mapping lives in one place: internal/problem.
const (
	CodeInvalid          Code = "invalid_input"          // a field failed validation
	CodeMalformed        Code = "malformed_request"      // the body or frame could not be parsed
	CodeUnauthenticated  Code = "unauthenticated"        // no or bad credentials
	CodeForbidden        Code = "forbidden"              // authenticated, but the role may not do this
	CodeOriginNotAllowed Code = "origin_not_allowed"     // a browser page whose origin the inbox's allowed_origins do not list
	CodeNotFound         Code = "not_found"              // absent, or present but not visible to the caller
	CodeConflict         Code = "conflict"               // violates a uniqueness or state rule
	CodeTooLarge         Code = "payload_too_large"      // body, frame or upload over its limit
	CodeUnsupportedType  Code = "unsupported_media_type" // upload type not allowed
	CodeRateLimited      Code = "rate_limited"           // this caller is going too fast
	CodeOverloaded       Code = "overloaded"             // the server sheds load; retry later
	CodeUnavailable      Code = "unavailable"            // a dependency is down or the server stops
	CodeInternal         Code = "internal"               // a bug or unexpected failure; details are logged only
	CodeResyncRequired   Code = "resync_required"        // a resume position is older than the retained events
	// A reply the conversation's channel cannot take (HTTP 422): a kind it cannot receive,
	// after the platform's reply window since the customer's last message closed, or past the
	// number of replies the platform takes per customer message (WeCom's five).
	CodeChannelCannotSend Code = "channel_cannot_send"
	CodeReplyWindowClosed Code = "reply_window_closed"
	CodeReplyLimitReached Code = "reply_limit_reached"
	// An invitation link that was valid once but can no longer be used (HTTP 410).
	CodeInvitationExpired Code = "invitation_expired" // its time ran out; ask for a new one
	CodeInvitationUsed    Code = "invitation_used"    // it was accepted already
	CodeInvitationRevoked Code = "invitation_revoked" // an admin withdrew it (or re-issued a new link)
	// The bot no longer holds the conversation (HTTP 409): a person took it, or it was handed
	// over already, so bot feedback and "talk to a person" have nothing left to do.
	CodeBotNotActive Code = "bot_not_active"
	// CodeAlreadyHandled: an item of a work list (an unanswered question of the bot) that
	// someone has added or dismissed already (HTTP 409); reload the list.
	CodeAlreadyHandled Code = "already_handled"
)

// Error is the one error type that crosses package boundaries. Message is safe to show to the
// caller; Err is the cause, logged for internal errors and never sent to clients.
type Error struct {
	Code    Code
	Message string
	Field   string // the offending input field, when there is one
	Err     error
	// RetryAfter is how long this caller must wait, when the failure knows better than the
	// general policy for its code (a login lockout's remaining time); zero leaves it to that
	// policy (internal/problem). It is kept here, not in the refusing package, so the transports
	// that turn it into a Retry-After need not know who refused.
	RetryAfter time.Duration
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Err)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with a formatted public message.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// FieldError returns an invalid_input error naming the offending field.
func FieldError(field, format string, args ...any) *Error {
	return &Error{Code: CodeInvalid, Field: field, Message: fmt.Sprintf(format, args...)}
}

// Internal wraps an unexpected failure. The cause is kept for the log, hidden from the client.
func Internal(err error) *Error {
	return &Error{Code: CodeInternal, Message: "internal error", Err: err}
}

// ErrNotFound is returned for anything the caller may not see as well as for what does not
// exist, so the two cannot be told apart.
var ErrNotFound = &Error{Code: CodeNotFound, Message: "not found"}

// ErrorCode returns the code of err, CodeInternal for errors that are not *Error.
func ErrorCode(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return CodeInternal
}

// PublicMessage returns a message that is safe to send to a client.
func PublicMessage(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Code != CodeInternal {
		return e.Message
	}
	return "internal error"
}

// IsNotFound reports whether err means "not found (or not visible)".
func IsNotFound(err error) bool { return ErrorCode(err) == CodeNotFound }
