package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/kefu-dev/kefu/internal/auth/authtest"
)

// syncBuffer is a log sink safe for the server's goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestLogsNeverContainBodiesOrSecrets runs a conversation at debug level and checks that neither
// message text nor credentials reach the log.
func TestLogsNeverContainBodiesOrSecrets(t *testing.T) {
	var logs syncBuffer
	cfg := testConfig(t, databases()[0])
	m := &Main{Config: cfg, Version: "test", PasswordParams: authtest.PasswordParams(),
		Logger: slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))}
	if err := m.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	s := &testServer{Main: m, t: t}
	o := s.mustSetupOrg("Logs")
	v := s.mustVisitor(o.WidgetKey)
	conv := s.mustStartConversation(v, "secret-body-7f3a my card is 6222020200112233445")
	s.mustDo(201, "POST", "/api/v1/conversations/"+conv+"/messages", o.Tokens["agent"], map[string]string{"content": "reply-body-91bc"})
	s.do("POST", "/api/v1/auth/login", "", map[string]string{"email": "nobody@example.com", "password": "wrong-password-55"})
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	out := logs.String()
	if out == "" {
		t.Fatal("no log output at debug level; the test would prove nothing")
	}
	for _, secret := range []string{"secret-body-7f3a", "6222020200112233445", "reply-body-91bc", "wrong-password-55", "password-1", v.Token, o.Tokens["owner"]} {
		if strings.Contains(out, secret) {
			t.Errorf("log contains %q", secret)
		}
	}
}

func TestHealthReadyMetrics(t *testing.T) {
	s := MustRunSQLite(t)
	s.mustDo(200, "GET", "/healthz", "", nil)
	ready := s.mustDo(200, "GET", "/readyz", "", nil)
	if !strings.Contains(string(ready.Body), `"ready"`) {
		t.Errorf("readyz body %s, want status ready", ready.Body)
	}
	o := s.mustSetupOrg("Metrics")
	s.mustStartConversation(s.mustVisitor(o.WidgetKey), "count me")
	metrics := string(s.mustDo(200, "GET", "/metrics", "", nil).Body)
	for _, want := range []string{
		`kefu_messages_in_total{sender="contact",transport="rest"} 1`,
		"kefu_ack_latency_seconds_count",
		"kefu_store_commit_batches_total",
		"kefu_store_commit_retries_total",
		"kefu_realtime_frames_out_total",
		`kefu_http_requests_total{method="POST",route="/api/v1/widget/conversations",status="201"} 1`,
	} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
}

// TestDebugListenerServesProfilesApart checks that pprof appears only on debug_addr when set,
// never on the public address.
func TestDebugListenerServesProfilesApart(t *testing.T) {
	cfg := testConfig(t, databases()[0])
	cfg.DebugAddr = "127.0.0.1:0"
	s := MustRunMain(t, cfg)
	// The public address has no profiles (with the workspace built it answers its SPA page).
	if public := s.do("GET", "/debug/pprof/goroutine?debug=1", "", nil); strings.Contains(string(public.Body), "goroutine profile") {
		t.Error("the public address serves pprof profiles")
	}
	res, err := http.Get("http://" + s.debugAddr.String() + "/debug/pprof/goroutine?debug=1")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(body), "goroutine profile") {
		t.Errorf("debug listener: %d %.200s", res.StatusCode, body)
	}
	if off := MustRunSQLite(t); off.debugSrv != nil {
		t.Error("a debug listener runs although debug_addr is empty")
	}
}

// TestCookieSessionNeedsCSRF signs in as a browser would: the cookie alone reads, but a write
// needs the CSRF token from the login answer.
func TestCookieSessionNeedsCSRF(t *testing.T) {
	s := MustRunSQLite(t)
	s.mustSetupOrg("Csrf")
	login := s.mustDo(200, "POST", "/api/v1/auth/login", "", map[string]string{"email": "csrf-owner-" + itoa(orgCounter.Load()) + "@example.com", "password": "password-1"})
	var body struct {
		CSRFToken string `json:"csrf_token"`
	}
	login.JSON(t, &body)
	var cookie *http.Cookie
	for _, c := range (&http.Response{Header: login.Header}).Cookies() {
		if c.Name == "kefu_session" {
			cookie = c
		}
	}
	if cookie == nil || !cookie.HttpOnly || cookie.SameSite != http.SameSiteLaxMode {
		t.Fatalf("login cookie = %+v, want an HttpOnly SameSite=Lax kefu_session cookie", cookie)
	}
	send := func(method, path, csrf string, body string) int {
		req, _ := http.NewRequest(method, s.URL()+path, strings.NewReader(body))
		req.AddCookie(cookie)
		req.Header.Set("Content-Type", "application/json")
		if csrf != "" {
			req.Header.Set("X-CSRF-Token", csrf)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := send("GET", "/api/v1/auth/me", "", ""); got != 200 {
		t.Errorf("GET with the cookie: status %d, want 200", got)
	}
	label := `{"name":"vip"}`
	if got := send("POST", "/api/v1/labels", "", label); got != 403 {
		t.Errorf("POST with the cookie and no CSRF token: status %d, want 403", got)
	}
	if got := send("POST", "/api/v1/labels", "wrong", label); got != 403 {
		t.Errorf("POST with a wrong CSRF token: status %d, want 403", got)
	}
	if got := send("POST", "/api/v1/labels", body.CSRFToken, label); got != 201 {
		t.Errorf("POST with the CSRF token: status %d, want 201", got)
	}
}

func TestCLI(t *testing.T) {
	dir := t.TempDir()
	env := []string{"KEFU_DATA_DIR=" + dir, "KEFU_SECRET_KEY=0123456789abcdef0123456789abcdef-secret", "KEFU_DATABASE_URL=postgres://kefu:hunter2@db:5432/kefu"}
	run := func(args ...string) (int, string) {
		var out bytes.Buffer
		code := execute(context.Background(), args, env, &out, &out)
		return code, out.String()
	}
	if code, out := run("version"); code != 0 || !strings.HasPrefix(out, "kefu ") {
		t.Errorf("version: exit %d, output %q", code, out)
	}
	code, out := run("config", "print")
	if code != 0 {
		t.Fatalf("config print: exit %d: %s", code, out)
	}
	if strings.Contains(out, "hunter2") || strings.Contains(out, "0123456789abcdef") {
		t.Errorf("config print leaks a secret:\n%s", out)
	}
	if !strings.Contains(out, dir) {
		t.Errorf("config print does not show the data dir from KEFU_DATA_DIR:\n%s", out)
	}
	if code, out := run("config", "print", "--addr", "not-an-address"); code == 0 || !strings.Contains(out, "addr") {
		t.Errorf("a bad --addr: exit %d, output %q; want a failure naming addr", code, out)
	}
	if code, _ := run("healthcheck", "--url", "http://127.0.0.1:1/readyz"); code == 0 {
		t.Errorf("healthcheck against nothing exited 0")
	}
	s := MustRunSQLite(t)
	if code, out := run("healthcheck", "--url", s.URL()+"/readyz"); code != 0 {
		t.Errorf("healthcheck against a running server: exit %d: %s", code, out)
	}
}

// TestWidgetCORSPreflight checks that a host page on another origin may call the visitor API
// (bearer token, no cookies) while the agent API stays same-origin.
func TestWidgetCORSPreflight(t *testing.T) {
	s := MustRunSQLite(t)
	preflight := func(path string) http.Header {
		req, _ := http.NewRequest(http.MethodOptions, s.URL()+path, nil)
		req.Header.Set("Origin", "https://shop.example.com")
		req.Header.Set("Access-Control-Request-Method", "POST")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.Header
	}
	if got := preflight("/api/v1/widget/sessions").Get("Access-Control-Allow-Origin"); got != "*" {
		t.Errorf("widget preflight Access-Control-Allow-Origin = %q, want *", got)
	}
	if got := preflight("/api/v1/auth/login").Get("Access-Control-Allow-Origin"); got != "" {
		t.Errorf("agent API preflight Access-Control-Allow-Origin = %q, want none", got)
	}
}

// TestPasswordChangeEndsOtherSessions checks that a stolen session dies with the old password
// while the session that changed it lives on.
func TestPasswordChangeEndsOtherSessions(t *testing.T) {
	s := MustRunSQLite(t)
	o := s.mustSetupOrg("Pw")
	email := "pw-agent-" + itoa(orgCounter.Load()) + "@example.com"
	other := s.mustLogin(email, "password-1")
	current := o.Tokens["agent"]
	if r := s.do("PATCH", "/api/v1/auth/me", current, map[string]any{"current_password": "wrong-password", "new_password": "new-password-2"}); r.Status != 403 {
		t.Fatalf("change with a wrong current password: status %d, want 403", r.Status)
	}
	s.mustDo(200, "GET", "/api/v1/auth/me", other, nil)
	s.mustDo(200, "PATCH", "/api/v1/auth/me", current, map[string]any{"current_password": "password-1", "new_password": "new-password-2"})
	if r := s.do("GET", "/api/v1/auth/me", other, nil); r.Status != 401 {
		t.Errorf("the other session after a password change: status %d, want 401", r.Status)
	}
	s.mustDo(200, "GET", "/api/v1/auth/me", current, nil)
	s.mustLogin(email, "new-password-2")
}
