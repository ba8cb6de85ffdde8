package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"testing"
)

// TestRateLimits checks each per-client budget of the public endpoints end to end: a burst past
// it is refused with 429 rate_limited and a Retry-After, and another client of the same kind
// is unaffected. Client addresses come from X-Forwarded-For through a trusted proxy.
func TestRateLimits(t *testing.T) {
	cfg := testConfig(t, databases()[0])
	cfg.TrustedProxies = []string{"127.0.0.1/32"}
	cfg.RateLimitIP, cfg.RateLimitSessions, cfg.RateLimitVisitor, cfg.RateLimitUploads, cfg.RateLimitToken = 10, 3, 5, 2, 4
	s := MustRunMain(t, cfg)
	a := s.mustTenant("Limits")
	session := func(ip string) response {
		return s.from(ip, "POST", "/api/v1/widget/sessions", "", map[string]string{"widget_key": a.WidgetKey})
	}
	configOf := func(ip string) response {
		return s.from(ip, "GET", "/api/v1/widget/config?widget_key="+a.WidgetKey, "", nil)
	}
	listAs := func(v *visitor) func() response {
		return func() response { return s.from("", "GET", "/api/v1/widget/conversations", v.Token, nil) }
	}
	tokenList := func(token string) func() response {
		return func() response { return s.from("", "GET", "/api/v1/conversations", token, nil) }
	}
	upload := func(v *visitor) func() response {
		path := "/api/v1/widget/conversations/" + s.mustStartConversation(v, "hi") + "/attachments"
		return func() response { return s.upload(path, v.Token, "a.png", pngBytes) }
	}
	visitors := 0
	newVisitor := func() *visitor { // each from an address of its own, clear of the session limit
		visitors++
		var out struct {
			Token string `json:"token"`
		}
		s.mustSucceed(s.from("192.0.2."+strconv.Itoa(visitors), "POST", "/api/v1/widget/sessions", "", map[string]string{"widget_key": a.WidgetKey})).JSON(t, &out)
		return &visitor{Token: out.Token}
	}
	t.Run("sessions per address", func(t *testing.T) {
		wantBurstRefused(t, 3, func() response { return session("203.0.113.1") }, func() response { return session("203.0.113.2") })
	})
	t.Run("anonymous requests per address", func(t *testing.T) {
		wantBurstRefused(t, 10, func() response { return configOf("198.51.100.1") }, func() response { return configOf("198.51.100.2") })
	})
	t.Run("per visitor", func(t *testing.T) {
		wantBurstRefused(t, 5, listAs(newVisitor()), listAs(newVisitor()))
	})
	t.Run("uploads per visitor", func(t *testing.T) {
		wantBurstRefused(t, 2, upload(newVisitor()), upload(newVisitor()))
	})
	t.Run("per API token", func(t *testing.T) {
		var other struct {
			Token string `json:"token"`
		}
		s.mustDo(201, "POST", "/api/v1/tokens", a.Tokens["owner"], map[string]string{"name": "second", "role": "agent"}).JSON(t, &other)
		wantBurstRefused(t, 4, tokenList(a.APIToken), tokenList(other.Token))
		if r := s.do("GET", "/api/v1/conversations", a.Tokens["owner"], nil); r.Status != 200 {
			t.Errorf("a signed-in agent while a token is limited: got %d, want 200", r.Status)
		}
	})
}

// wantBurstRefused sends allowed requests, which must all succeed, then one more, which must be
// refused with 429 rate_limited and a Retry-After of whole seconds; then other, from another
// client, must still succeed.
func wantBurstRefused(t *testing.T, allowed int, request, other func() response) {
	t.Helper()
	for i := range allowed {
		if r := request(); r.Status >= 300 {
			t.Fatalf("request %d of %d allowed: got %d %s", i+1, allowed, r.Status, r.Body)
		}
	}
	r := request()
	secs, err := strconv.Atoi(r.Header.Get("Retry-After"))
	if r.Status != 429 || r.Code(t) != "rate_limited" || err != nil || secs < 1 {
		t.Errorf("request past the burst: got %d %s, Retry-After %q; want 429 rate_limited with Retry-After seconds", r.Status, r.Body, r.Header.Get("Retry-After"))
	}
	if r := other(); r.Status >= 300 {
		t.Errorf("another client after the burst: got %d %s, want success", r.Status, r.Body)
	}
}

// from is do as a client at ip behind the trusted proxy ("" = the direct peer).
func (s *testServer) from(ip, method, path, token string, body any) response {
	s.t.Helper()
	var buf bytes.Buffer
	if body != nil {
		_ = json.NewEncoder(&buf).Encode(body)
	}
	req, err := http.NewRequest(method, s.URL()+path, &buf)
	if err != nil {
		s.t.Fatalf("new request: %v", err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if ip != "" {
		req.Header.Set("X-Forwarded-For", ip)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return s.exchange(req)
}

// mustSucceed fails the test unless r is a 2xx answer, and returns it.
func (s *testServer) mustSucceed(r response) response {
	s.t.Helper()
	if r.Status < 200 || r.Status >= 300 {
		s.t.Fatalf("got status %d (%s), want success", r.Status, r.Body)
	}
	return r
}
