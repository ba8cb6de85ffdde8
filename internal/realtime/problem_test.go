package realtime

import (
	"encoding/json"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/problem"
)

// expectProblem checks that resp is the problem document of code, exactly as the REST API
// writes it: the code's status, type, title, no-store, and Retry-After by the one policy.
func expectProblem(t *testing.T, resp *http.Response, code kefu.Code) {
	t.Helper()
	var got map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&got); err != nil {
		t.Fatalf("decode the problem: %v", err)
	}
	status := problem.Status(code)
	want := map[string]any{
		"type": "https://kefu.dev/errors/" + string(code), "title": http.StatusText(status),
		"status": float64(status), "code": string(code),
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: got %v, want %v (document %v)", k, got[k], v, got)
		}
	}
	if resp.StatusCode != status || resp.Header.Get("Content-Type") != problem.ContentType || resp.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("got HTTP %d %q %q, want %d %s no-store", resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Cache-Control"), status, problem.ContentType)
	}
	if ra := resp.Header.Get("Retry-After"); ra != retryAfterHeader(code) {
		t.Errorf("got Retry-After %q, want %q", ra, retryAfterHeader(code))
	}
}

// retryAfterHeader is the Retry-After the policy gives code, "" for none.
func retryAfterHeader(code kefu.Code) string {
	if d := problem.RetryAfter(code); d > 0 {
		return strconv.Itoa(problem.Seconds(d))
	}
	return ""
}

func TestSSEOverCapacityProblem(t *testing.T) {
	e := newEnv(t, HubOptions{MaxConnections: 1}, HandlerOptions{})
	e.agent("tok-a1", nil)
	s := e.openSSE("/api/v1/events", http.Header{"Authorization": {"Bearer tok-a2"}})
	expectProblem(t, s.resp, kefu.CodeOverloaded)
	if s.resp.Header.Get("Retry-After") == "" {
		t.Fatal("an over-capacity answer must say when to retry")
	}
}

func TestSSEShuttingDownProblem(t *testing.T) {
	e := newEnv(t, HubOptions{}, HandlerOptions{})
	ctx, cancel := contextWithTimeout(5 * time.Second)
	defer cancel()
	e.hub.Shutdown(ctx)
	s := e.openSSE("/api/v1/widget/events?token=vtok-1", nil)
	expectProblem(t, s.resp, kefu.CodeUnavailable)
	if s.resp.Header.Get("Retry-After") == "" {
		t.Fatal("a shutting-down answer must say when to retry")
	}
}
