package llm_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/bot/llm"
	"github.com/kefu-dev/kefu/internal/bot/llm/llmtest"
	"github.com/kefu-dev/kefu/internal/netguard"
)

// TestProviderFailuresHaveStableCodes runs every call against each failure the fake simulates.
func TestProviderFailuresHaveStableCodes(t *testing.T) {
	fake, c := newFake(t)
	tests := []struct {
		name       string
		fault      llmtest.Fault
		code       string
		retryAfter time.Duration
		inMessage  string
	}{
		{"401", llmtest.Unauthorized(), "llm_rejected", 0, "API key (HTTP 401): Incorrect API key"},
		{"403 quoting the key", llmtest.Fault{Status: 403, Message: "key " + fake.Key + " is disabled"}, "llm_rejected", 0, "key *** is disabled"},
		{"429 with Retry-After", llmtest.RateLimited(7), "llm_rate_limited", 7 * time.Second, "HTTP 429"},
		{"429 without Retry-After", llmtest.Fault{Status: 429}, "llm_rate_limited", 0, "HTTP 429"},
		{"429 with a date", llmtest.Fault{Status: 429, RetryAfter: "Wed, 21 Oct 2015 07:28:00 GMT"}, "llm_rate_limited", 0, "HTTP 429"},
		{"500", llmtest.ServerError(), "llm_unreachable", 0, "failed (HTTP 500)"},
		{"502 with an HTML page", llmtest.Fault{Status: 502, Message: ""}, "llm_unreachable", 0, "HTTP 502"},
		{"400", llmtest.Fault{Status: 400, Message: "Invalid value for max_tokens\x00\n\n  really"}, "llm_rejected", 0, "(HTTP 400): Invalid value for max_tokens really"},
		{"garbage", llmtest.Garbage(), "llm_bad_response", 0, "not the expected JSON"},
		{"no choices", llmtest.Fault{Body: `{"choices":[]}`}, "llm_bad_response", 0, "no choices"},
		{"content of the wrong type", llmtest.Fault{Body: `{"choices":[{"message":{"content":42}}]}`}, "llm_bad_response", 0, "content"},
		{"oversize", llmtest.Oversize(2 * llm.MaxResponseBytes), "llm_bad_response", 0, "larger than 1 MiB"},
	}
	calls := map[string]func() error{
		"Answer": func() error {
			_, err := c.Answer(t.Context(), "how long do refunds take?", "en", teaSources)
			return err
		},
		"Check": func() error { return c.Check(t.Context()) },
	}
	for _, tt := range tests {
		fake.SetFault(tt.fault)
		for name, call := range calls {
			err := call()
			code, ke := codeOf(t, err)
			if string(code) != tt.code || ke.RetryAfter != tt.retryAfter || !strings.Contains(ke.Message, tt.inMessage) {
				t.Errorf("%s, %s: got %s %q (retry after %s), want %s containing %q (retry after %s)",
					tt.name, name, code, ke.Message, ke.RetryAfter, tt.code, tt.inMessage, tt.retryAfter)
			}
			checkNoSecrets(t, err, fake)
		}
	}
}

// checkNoSecrets fails when err's text, cause included, holds the key or the URL.
func checkNoSecrets(t *testing.T, err error, fake *llmtest.Server) {
	t.Helper()
	if text := err.Error(); strings.Contains(text, fake.Key) || strings.Contains(text, fake.URL) {
		t.Errorf("error %q holds the key or the URL", text)
	}
}

// TestRerankFailuresHaveStableCodes: the embeddings endpoint's failures map the same way, and
// answers that do not fit the inputs are bad responses.
func TestRerankFailuresHaveStableCodes(t *testing.T) {
	fake, c := newFake(t)
	tests := []struct {
		name  string
		fault llmtest.Fault
		code  string
	}{
		{"401", llmtest.Unauthorized(), "llm_rejected"},
		{"429", llmtest.RateLimited(3), "llm_rate_limited"},
		{"500", llmtest.ServerError(), "llm_unreachable"},
		{"garbage", llmtest.Garbage(), "llm_bad_response"},
		{"too few", llmtest.Fault{Body: `{"data":[{"index":0,"embedding":[1,0]}]}`}, "llm_bad_response"},
		{"index repeated", llmtest.Fault{Body: `{"data":[{"index":0,"embedding":[1]},{"index":0,"embedding":[1]},{"index":1,"embedding":[1]},{"index":2,"embedding":[1]}]}`}, "llm_bad_response"},
		{"index out of range", llmtest.Fault{Body: `{"data":[{"index":0,"embedding":[1]},{"index":1,"embedding":[1]},{"index":2,"embedding":[1]},{"index":9,"embedding":[1]}]}`}, "llm_bad_response"},
		{"empty vector", llmtest.Fault{Body: `{"data":[{"embedding":[1]},{"embedding":[]},{"embedding":[1]},{"embedding":[1]}]}`}, "llm_bad_response"},
		{"dimensions differ", llmtest.Fault{Body: `{"data":[{"embedding":[1,0]},{"embedding":[1]},{"embedding":[1,0]},{"embedding":[1,0]}]}`}, "llm_bad_response"},
	}
	for _, tt := range tests {
		fake.SetFault(tt.fault)
		_, err := c.Rerank(t.Context(), "refunds", teaSources)
		if code, ke := codeOf(t, err); string(code) != tt.code {
			t.Errorf("%s: got %s %q, want %s", tt.name, code, ke.Message, tt.code)
		}
		checkNoSecrets(t, err, fake)
	}
}

// TestSlowProviderTimesOut: the client gives up after Config.Timeout.
func TestSlowProviderTimesOut(t *testing.T) {
	fake := llmtest.New(t)
	fake.SetFault(llmtest.Slow(time.Minute))
	cfg := fake.Config()
	cfg.Timeout = llm.MinTimeout
	c := llm.New(cfg, fake.Client())
	start := time.Now()
	_, err := c.Answer(t.Context(), "how long do refunds take?", "en", teaSources)
	code, ke := codeOf(t, err)
	if code != llm.CodeUnreachable || !strings.Contains(ke.Message, "did not answer within 1s") {
		t.Errorf("got %s %q, want llm_unreachable saying it timed out", code, ke.Message)
	}
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("gave up after %s, want about %s", took, cfg.Timeout)
	}
	checkNoSecrets(t, err, fake)
}

// TestSlowButInTimeIsFine: a delay inside the timeout is no failure.
func TestSlowButInTimeIsFine(t *testing.T) {
	fake, c := newFake(t)
	fake.SetFault(llmtest.Slow(50 * time.Millisecond))
	if got, err := c.Answer(t.Context(), "how long do refunds take?", "en", teaSources); err != nil || !got.Known {
		t.Errorf("Answer = %+v, %v; want a known answer", got, err)
	}
}

func TestCallerCancellationIsNotATimeout(t *testing.T) {
	fake, c := newFake(t)
	fake.SetFault(llmtest.Slow(time.Minute))
	ctx, cancel := context.WithCancel(t.Context())
	time.AfterFunc(50*time.Millisecond, cancel)
	err := c.Check(ctx)
	code, ke := codeOf(t, err)
	if code != llm.CodeUnreachable || !strings.Contains(ke.Message, "cancelled") || !errors.Is(err, context.Canceled) {
		t.Errorf("got %v, want llm_unreachable wrapping context.Canceled", err)
	}
}

// TestUnreachableProviders: nothing listening, and an address the outbound guard refuses.
func TestUnreachableProviders(t *testing.T) {
	fake := llmtest.New(t)
	tests := []struct {
		name      string
		baseURL   string
		client    *http.Client
		inMessage string
	}{
		{"refused by the guard", fake.URL, netguard.New(netguard.Options{}).Client(), "outbound_allow"},
		{"nothing listening", closedURL(t), fake.Client(), "could not be reached"},
	}
	for _, tt := range tests {
		cfg := fake.Config()
		cfg.BaseURL = tt.baseURL
		err := llm.New(cfg, tt.client).Check(t.Context())
		code, ke := codeOf(t, err)
		if code != llm.CodeUnreachable || !strings.Contains(ke.Message, tt.inMessage) {
			t.Errorf("%s: got %s %q, want llm_unreachable containing %q", tt.name, code, ke.Message, tt.inMessage)
		}
		checkNoSecrets(t, err, fake)
	}
}

// closedURL is an API root on a loopback port where nothing listens.
func closedURL(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return "http://" + addr + "/v1"
}
