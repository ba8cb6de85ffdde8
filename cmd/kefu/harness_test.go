package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/kefu-dev/kefu/internal/auth/authtest"
	"github.com/kefu-dev/kefu/internal/config"
	"github.com/kefu-dev/kefu/internal/store/storetest"
)

// testServer is a real kefu booted on port 0 with a temporary data dir.
type testServer struct {
	*Main
	t      testing.TB
	client *http.Client // nil = http.DefaultClient; an HTTPS server's tests trust its certificate
}

// database names a backend integration tests run against.
type database struct {
	name string
	url  func(t testing.TB) string // "" = SQLite in the data dir
}

// databases are SQLite always and PostgreSQL when KEFU_TEST_POSTGRES_URL is set.
func databases() []database {
	dbs := []database{{name: "sqlite", url: func(testing.TB) string { return "" }}}
	if os.Getenv(storetest.PostgresEnv) != "" {
		dbs = append(dbs, database{name: "postgres", url: storetest.FreshPostgresURL})
	}
	return dbs
}

// forEachDatabase runs fn as a subtest per database.
func forEachDatabase(t *testing.T, fn func(t *testing.T, db database)) {
	for _, db := range databases() {
		t.Run(db.name, func(t *testing.T) { fn(t, db) })
	}
}

// testConfig is the configuration of a test server on a fresh data dir.
func testConfig(t testing.TB, db database) config.Config {
	cfg := config.Default()
	cfg.Addr = "127.0.0.1:0"
	cfg.DataDir = t.TempDir()
	// Webhooks of tests point at servers on 127.0.0.1 (httptest), as an operator's allow-list
	// would let them; every other private address stays refused.
	cfg.OutboundAllow = []string{"127.0.0.1/32"}
	cfg.DatabaseURL = db.url(t)
	cfg.ShutdownTimeout = 5 * time.Second
	// Tests make hundreds of visitors and requests from one address in seconds; the tests of
	// rate limits (ratelimit_test.go) turn them back on.
	cfg.RateLimitIP, cfg.RateLimitSessions, cfg.RateLimitVisitor, cfg.RateLimitUploads, cfg.RateLimitToken = 0, 0, 0, 0, 0
	return cfg
}

// MustRunMain boots kefu with cfg and stops it when the test ends.
func MustRunMain(t testing.TB, cfg config.Config) *testServer {
	t.Helper()
	return mustRun(t, &Main{Config: cfg, Version: "test"})
}

// mustRun boots m (with cheap password hashing) and stops it when the test ends.
func mustRun(t testing.TB, m *Main) *testServer {
	t.Helper()
	m.PasswordParams = authtest.PasswordParams()
	if err := m.Run(context.Background()); err != nil {
		m.Close()
		t.Fatalf("start kefu: %v", err)
	}
	t.Cleanup(func() {
		if err := m.Close(); err != nil {
			t.Errorf("close kefu: %v", err)
		}
	})
	return &testServer{Main: m, t: t}
}

// MustRunSQLite boots kefu on SQLite.
func MustRunSQLite(t testing.TB) *testServer {
	return MustRunMain(t, testConfig(t, databases()[0]))
}

// response is a finished HTTP exchange.
type response struct {
	Status int
	Header http.Header
	Body   []byte
}

// JSON decodes the body into v, failing the test on error.
func (r response) JSON(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("decode %s: %v", r.Body, err)
	}
}

// Code returns the problem code of an error response.
func (r response) Code(t testing.TB) string {
	t.Helper()
	var p struct {
		Code string `json:"code"`
	}
	r.JSON(t, &p)
	return p.Code
}

// do sends a request with an optional bearer token and body (raw bytes, a string or a value
// to encode as JSON).
func (s *testServer) do(method, path, token string, body any) response {
	s.t.Helper()
	var rd io.Reader
	contentType := ""
	switch b := body.(type) {
	case nil:
	case []byte:
		rd, contentType = bytes.NewReader(b), "application/json"
	case string:
		rd, contentType = strings.NewReader(b), "application/json"
	default:
		buf, err := json.Marshal(b)
		if err != nil {
			s.t.Fatalf("encode body: %v", err)
		}
		rd, contentType = bytes.NewReader(buf), "application/json"
	}
	return s.doRaw(method, path, token, contentType, rd)
}

// mustDo is do that fails the test unless the status is want.
func (s *testServer) mustDo(want int, method, path, token string, body any) response {
	s.t.Helper()
	r := s.do(method, path, token, body)
	if r.Status != want {
		s.t.Fatalf("%s %s: got status %d (%s), want %d", method, path, r.Status, r.Body, want)
	}
	return r
}

// org is a provisioned organisation: its owner's token, one agent per role and a web inbox.
type org struct {
	ID        string
	Tokens    map[string]string // role → bearer token
	AgentIDs  map[string]string // role → agent id
	InboxID   string
	WidgetKey string
}

var orgCounter atomic.Int64

// mustSetupOrg creates an organisation with an owner (through setup on a fresh server, through
// the CLI's service otherwise), then one agent per other role and a web inbox. Its assignment
// rule is off, so that the queue, which assigns whenever an agent connects or frees capacity,
// never writes into a test's conversations behind its back; tests of assignment turn it on.
func (s *testServer) mustSetupOrg(name string) *org {
	s.t.Helper()
	n := orgCounter.Add(1)
	ownerEmail := strings.ToLower(name) + "-owner-" + itoa(n) + "@example.com"
	o := &org{Tokens: map[string]string{}, AgentIDs: map[string]string{}}
	var status struct {
		NeedsSetup bool `json:"needs_setup"`
	}
	s.mustDo(200, "GET", "/api/v1/setup", "", nil).JSON(s.t, &status)
	if status.NeedsSetup {
		s.mustDo(200, "POST", "/api/v1/setup", "", map[string]string{"org_name": name, "name": "Owner", "email": ownerEmail, "password": "password-1"})
	} else {
		s.mustCreateOwner(name, ownerEmail)
	}
	o.Tokens["owner"] = s.mustLogin(ownerEmail, "password-1")
	var me struct {
		Agent struct {
			ID    string `json:"id"`
			OrgID string `json:"org_id"`
		} `json:"agent"`
	}
	s.mustDo(200, "GET", "/api/v1/auth/me", o.Tokens["owner"], nil).JSON(s.t, &me)
	o.AgentIDs["owner"], o.ID = me.Agent.ID, me.Agent.OrgID
	s.mustSetAutoAssign(o.Tokens["owner"], false)
	for _, role := range []string{"admin", "supervisor", "agent"} {
		email := strings.ToLower(name) + "-" + role + "-" + itoa(n) + "@example.com"
		var a struct {
			ID    string `json:"id"`
			OrgID string `json:"org_id"`
		}
		s.mustDo(201, "POST", "/api/v1/agents", o.Tokens["owner"], map[string]any{
			"email": email, "name": name + " " + role, "password": "password-1", "role": role,
		}).JSON(s.t, &a)
		o.AgentIDs[role] = a.ID
		o.Tokens[role] = s.mustLogin(email, "password-1")
	}
	var inbox struct {
		ID        string `json:"id"`
		WidgetKey string `json:"widget_key"`
	}
	s.mustDo(201, "POST", "/api/v1/inboxes", o.Tokens["owner"], map[string]any{"name": name + " site"}).JSON(s.t, &inbox)
	o.InboxID, o.WidgetKey = inbox.ID, inbox.WidgetKey
	return o
}

// mustCreateOwner adds another organisation the way `kefu admin create --org` does.
func (s *testServer) mustCreateOwner(orgName, email string) {
	s.t.Helper()
	var out bytes.Buffer
	env := []string{"KEFU_DATA_DIR=" + s.Config.DataDir, "KEFU_DATABASE_URL=" + s.Config.DatabaseURL}
	code := execute(context.Background(), []string{"admin", "create", "--email", email, "--password", "password-1", "--org", orgName}, env, &out, &out)
	if code != 0 {
		s.t.Fatalf("kefu admin create: exit %d: %s", code, out.String())
	}
}

func (s *testServer) mustLogin(email, password string) string {
	s.t.Helper()
	var out struct {
		Token string `json:"token"`
	}
	s.mustDo(200, "POST", "/api/v1/auth/login", "", map[string]string{"email": email, "password": password}).JSON(s.t, &out)
	return out.Token
}

// visitor is a widget visitor with a session.
type visitor struct {
	Token      string
	VisitorKey string
	ContactID  string
}

func (s *testServer) mustVisitor(widgetKey string) *visitor {
	s.t.Helper()
	var out struct {
		Token      string `json:"token"`
		VisitorKey string `json:"visitor_key"`
		Contact    struct {
			ID string `json:"id"`
		} `json:"contact"`
	}
	s.mustDo(200, "POST", "/api/v1/widget/sessions", "", map[string]string{"widget_key": widgetKey}).JSON(s.t, &out)
	return &visitor{Token: out.Token, VisitorKey: out.VisitorKey, ContactID: out.Contact.ID}
}

// mustStartConversation opens a conversation for v with a first message and returns its id.
func (s *testServer) mustStartConversation(v *visitor, text string) string {
	s.t.Helper()
	var out struct {
		Conversation struct {
			ID string `json:"id"`
		} `json:"conversation"`
	}
	s.mustDo(201, "POST", "/api/v1/widget/conversations", v.Token, map[string]any{
		"message": map[string]string{"content": text, "client_msg_id": "first"},
	}).JSON(s.t, &out)
	return out.Conversation.ID
}

// dialWS opens a realtime WebSocket at path and sends hello.
func (s *testServer) dialWS(path string, hello map[string]any) *websocket.Conn {
	s.t.Helper()
	u := url.URL{Scheme: "ws", Host: s.Addr(), Path: path}
	c, resp, err := websocket.DefaultDialer.Dial(u.String(), nil)
	if err != nil {
		status := 0
		if resp != nil {
			status = resp.StatusCode
		}
		s.t.Fatalf("dial %s: %v (status %d)", path, err, status)
	}
	s.t.Cleanup(func() { c.Close() })
	hello["type"] = "hello"
	if err := c.WriteJSON(hello); err != nil {
		s.t.Fatalf("send hello: %v", err)
	}
	return c
}

// frame is a decoded server frame.
type frame map[string]any

func (f frame) str(key string) string { s, _ := f[key].(string); return s }

// readFrame reads the next frame within d.
func readFrame(t testing.TB, c *websocket.Conn, d time.Duration) (frame, error) {
	t.Helper()
	c.SetReadDeadline(time.Now().Add(d))
	var f frame
	err := c.ReadJSON(&f)
	return f, err
}

// readUntil reads frames until match returns true, failing after d.
func readUntil(t testing.TB, c *websocket.Conn, d time.Duration, match func(frame) bool) frame {
	t.Helper()
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		f, err := readFrame(t, c, time.Until(deadline))
		if err != nil {
			t.Fatalf("waiting for frame: %v", err)
		}
		if match(f) {
			return f
		}
	}
	t.Fatalf("no matching frame within %s", d)
	return nil
}

// waitFor polls cond until it is true or d passes (instead of sleeping).
func waitFor(t testing.TB, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", d, what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// mustSetAutoAssign turns the organisation's assignment rule on or off, keeping its other
// settings (a settings update replaces them all).
func (s *testServer) mustSetAutoAssign(ownerToken string, on bool) {
	s.t.Helper()
	var org struct {
		Settings map[string]any `json:"settings"`
	}
	s.mustDo(200, "GET", "/api/v1/org", ownerToken, nil).JSON(s.t, &org)
	org.Settings["auto_assign"] = on
	s.mustDo(200, "PATCH", "/api/v1/org", ownerToken, map[string]any{"settings": org.Settings})
}
