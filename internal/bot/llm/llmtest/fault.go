package llmtest

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Fault is a misbehaviour the server shows on every request while it is set (SetFault).
// Delay combines with the others; without them a slow server still answers normally.
type Fault struct {
	Delay      time.Duration // wait this long before answering, or until the client gives up
	Status     int           // answer this HTTP status with an OpenAI error object
	Message    string        // that object's message; "" = the status text
	RetryAfter string        // the Retry-After header sent with Status
	Body       string        // answer 200 with this body instead of the protocol's JSON
}

// Unauthorized answers 401 as OpenAI does for a wrong key, quoting the key's start and end.
func Unauthorized() Fault {
	return Fault{Status: http.StatusUnauthorized, Message: "Incorrect API key provided: sk-fake***. You can find your API key at https://platform.openai.com/account/api-keys."}
}

// RateLimited answers 429 with Retry-After: seconds.
func RateLimited(seconds int) Fault {
	return Fault{Status: http.StatusTooManyRequests, Message: "Rate limit reached for requests", RetryAfter: strconv.Itoa(seconds)}
}

// ServerError answers 500.
func ServerError() Fault {
	return Fault{Status: http.StatusInternalServerError, Message: "The server had an error while processing your request."}
}

// Slow answers normally after d, or not at all when the client gives up first.
func Slow(d time.Duration) Fault { return Fault{Delay: d} }

// Garbage answers 200 with a body that is not JSON, as a proxy's error page would be.
func Garbage() Fault { return Fault{Body: "<html><body><h1>502 Bad Gateway</h1></body></html>"} }

// Oversize answers 200 with n bytes of a JSON string: valid JSON, too large to read.
func Oversize(n int) Fault { return Fault{Body: `"` + strings.Repeat("x", n) + `"`} }

// wait sleeps for the delay; false when the client went away first.
func (f Fault) wait(r *http.Request) bool {
	if f.Delay <= 0 {
		return true
	}
	t := time.NewTimer(f.Delay)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
		return false
	}
}

func (f Fault) message() string {
	if f.Message != "" {
		return f.Message
	}
	return http.StatusText(f.Status)
}
