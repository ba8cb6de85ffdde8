package realtime

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// testEnv is a hub and handler behind a real HTTP server, with a fake backend holding one org
// with two agents and two visitors (different contacts) and a conversation for each visitor.
type testEnv struct {
	t       *testing.T
	hub     *Hub
	backend *fakeBackend
	handler *Handler
	srv     *httptest.Server
	reg     *prometheus.Registry
}

func newEnv(t *testing.T, hopts HubOptions, opts HandlerOptions) *testEnv {
	t.Helper()
	reg := prometheus.NewRegistry()
	hopts.Registerer = reg
	hub := NewHub(hopts)
	b := newFakeBackend()
	b.hub = hub
	if opts.HelloTimeout == 0 {
		opts.HelloTimeout = 2 * time.Second
	}
	h := NewHandler(hub, b, opts)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v1/ws", h.AgentWebSocket)
	mux.HandleFunc("GET /api/v1/widget/ws", h.VisitorWebSocket)
	mux.HandleFunc("GET /api/v1/events", h.AgentSSE)
	mux.HandleFunc("/api/v1/widget/events", h.VisitorSSE)
	srv := httptest.NewServer(mux)
	e := &testEnv{t: t, hub: hub, backend: b, handler: h, srv: srv, reg: reg}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		hub.Shutdown(ctx)
		srv.Close()
	})
	b.addAgent("tok-a1", "org1", "a1")
	b.addAgent("tok-a2", "org1", "a2")
	b.addAgent("tok-x", "org2", "x1")
	b.addVisitor("vtok-1", "org1", "inbox1", "contact1")
	b.addVisitor("vtok-2", "org1", "inbox1", "contact2")
	b.addVisitor("vtok-1b", "org1", "inbox2", "contact1") // same contact, other inbox
	b.addConversation("conv1", "org1", "inbox1", "contact1")
	b.addConversation("conv2", "org1", "inbox1", "contact2")
	return e
}

func (e *testEnv) wsURL(path string) string {
	return "ws" + strings.TrimPrefix(e.srv.URL, "http") + path
}

// dial opens a WebSocket without saying hello.
func (e *testEnv) dial(path string, header http.Header) *wsClient {
	e.t.Helper()
	ws, resp, err := websocket.DefaultDialer.Dial(e.wsURL(path), header)
	if err != nil {
		status := 0
		if resp != nil {
			status = resp.StatusCode
		}
		e.t.Fatalf("dial %s: %v (HTTP %d)", path, err, status)
	}
	c := newWSClient(e.t, ws)
	e.t.Cleanup(func() { _ = ws.Close() })
	return c
}

// agent connects an agent with token and cursor (nil = live) and reads the welcome.
func (e *testEnv) agent(token string, cursor *int64) (*wsClient, frame) {
	e.t.Helper()
	c := e.dial("/api/v1/ws", nil)
	c.send(ClientFrame{Type: FrameHello, Token: token, Cursor: cursor})
	w := c.next()
	if w.Type != frameWelcome || w.Role != "agent" || w.Cursor == nil {
		e.t.Fatalf("got first frame %s, want an agent welcome with cursor", w.raw)
	}
	return c, w
}

// visitor connects a visitor and reads the welcome.
func (e *testEnv) visitor(token string, since map[string]int64) *wsClient {
	e.t.Helper()
	c := e.dial("/api/v1/widget/ws", nil)
	c.send(ClientFrame{Type: FrameHello, Token: token, Since: since})
	if w := c.next(); w.Type != frameWelcome || w.Role != "visitor" || w.Cursor != nil {
		e.t.Fatalf("got first frame %s, want a visitor welcome without cursor", w.raw)
	}
	return c
}

// frame is a decoded server frame, loosely typed for assertions.
type frame struct {
	Type           string          `json:"type"`
	Role           string          `json:"role"`
	Cursor         *int64          `json:"cursor"`
	Ref            string          `json:"ref"`
	Code           json.RawMessage `json:"code"`
	ConversationID string          `json:"conversation_id"`
	Message        json.RawMessage `json:"message"`
	Conversation   json.RawMessage `json:"conversation"`
	Typing         json.RawMessage `json:"typing"`
	Presence       *kefu.Presence  `json:"presence"`
	Duplicate      *bool           `json:"duplicate"`
	raw            []byte
}

func parseFrame(t *testing.T, b []byte) frame {
	t.Helper()
	var f frame
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatalf("server frame %q: %v", b, err)
	}
	f.raw = b
	return f
}

func (f frame) code() string {
	var s string
	_ = json.Unmarshal(f.Code, &s)
	return s
}

func (f frame) message(t *testing.T) kefu.Message {
	t.Helper()
	var m kefu.Message
	if err := json.Unmarshal(f.Message, &m); err != nil {
		t.Fatalf("message of %s: %v", f.raw, err)
	}
	return m
}

// wsClient reads on its own goroutine so that a test can wait for silence without a read
// deadline, which would break a gorilla connection for good.
type wsClient struct {
	t      *testing.T
	ws     *websocket.Conn
	frames chan wsRead
}

type wsRead struct {
	data []byte
	err  error
}

func newWSClient(t *testing.T, ws *websocket.Conn) *wsClient {
	c := &wsClient{t: t, ws: ws, frames: make(chan wsRead, 4096)}
	go func() {
		for {
			_, b, err := ws.ReadMessage()
			c.frames <- wsRead{b, err}
			if err != nil {
				return
			}
		}
	}()
	return c
}

func (c *wsClient) send(v any) {
	c.t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		c.t.Fatal(err)
	}
	c.sendRaw(b)
}

func (c *wsClient) sendRaw(b []byte) {
	c.t.Helper()
	if err := c.ws.WriteMessage(websocket.TextMessage, b); err != nil {
		c.t.Fatalf("write: %v", err)
	}
}

func (c *wsClient) read(d time.Duration) (wsRead, bool) {
	select {
	case r := <-c.frames:
		return r, true
	case <-time.After(d):
		return wsRead{}, false
	}
}

// nextAny reads the next frame of any type.
func (c *wsClient) nextAny() frame {
	c.t.Helper()
	r, ok := c.read(5 * time.Second)
	if !ok {
		c.t.Fatal("timed out waiting for a frame")
	}
	if r.err != nil {
		c.t.Fatalf("read: %v", r.err)
	}
	return parseFrame(c.t, r.data)
}

// next reads the next frame that is not presence (agents see each other come and go).
func (c *wsClient) next() frame {
	c.t.Helper()
	for {
		if f := c.nextAny(); f.Type != string(kefu.EventPresence) {
			return f
		}
	}
}

// expectClose reads until the connection closes and checks the close code.
func (c *wsClient) expectClose(code int) *websocket.CloseError {
	c.t.Helper()
	for {
		r, ok := c.read(5 * time.Second)
		if !ok {
			c.t.Fatalf("timed out waiting for close %d", code)
		}
		if r.err == nil {
			continue
		}
		var ce *websocket.CloseError
		if !errors.As(r.err, &ce) {
			c.t.Fatalf("got read error %v, want close %d", r.err, code)
		}
		if ce.Code != code {
			c.t.Fatalf("got close %d %q, want %d", ce.Code, ce.Text, code)
		}
		return ce
	}
}

// expectSilence checks that no frame other than presence arrives within d.
func (c *wsClient) expectSilence(d time.Duration) {
	c.t.Helper()
	deadline := time.Now().Add(d)
	for {
		r, ok := c.read(time.Until(deadline))
		if !ok {
			return
		}
		if r.err != nil {
			c.t.Fatalf("got read error %v, want silence", r.err)
		}
		if f := parseFrame(c.t, r.data); f.Type != string(kefu.EventPresence) {
			c.t.Fatalf("got frame %s, want silence", r.data)
		}
	}
}

// waitFor polls cond until it holds or the timeout passes.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func ptr[T any](v T) *T { return &v }

// sseEvent is one parsed Server-Sent Event.
type sseEvent struct{ id, event, data string }

// sseStream reads events of a response body on a goroutine.
type sseStream struct {
	t      *testing.T
	resp   *http.Response
	events chan sseEvent
	retry  chan string
}

func (e *testEnv) openSSE(path string, header http.Header) *sseStream {
	e.t.Helper()
	req, err := http.NewRequest(http.MethodGet, e.srv.URL+path, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatalf("GET %s: %v", path, err)
	}
	e.t.Cleanup(func() { resp.Body.Close() })
	s := &sseStream{t: e.t, resp: resp, events: make(chan sseEvent, 1000), retry: make(chan string, 1)}
	if resp.StatusCode == http.StatusOK {
		go s.read()
	}
	return s
}

func (s *sseStream) read() {
	defer close(s.events)
	sc := bufio.NewScanner(s.resp.Body)
	sc.Buffer(make([]byte, 0, 1<<20), 1<<20)
	var ev sseEvent
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "":
			if ev.event != "" {
				s.events <- ev
			}
			ev = sseEvent{}
		case strings.HasPrefix(line, "id: "):
			ev.id = line[4:]
		case strings.HasPrefix(line, "event: "):
			ev.event = line[7:]
		case strings.HasPrefix(line, "data: "):
			ev.data = line[6:]
		case strings.HasPrefix(line, "retry: "):
			s.retry <- line[7:]
		case strings.HasPrefix(line, ":"):
			ev.event = ":heartbeat" // a comment line; recorded so tests can see heartbeats
		}
	}
}

// next returns the next event other than presence and heartbeats.
func (s *sseStream) next() sseEvent {
	s.t.Helper()
	for {
		ev := s.nextAny()
		if ev.event != string(kefu.EventPresence) && ev.event != ":heartbeat" {
			return ev
		}
	}
}

func (s *sseStream) nextAny() sseEvent {
	s.t.Helper()
	select {
	case ev, ok := <-s.events:
		if !ok {
			s.t.Fatal("SSE stream ended")
		}
		return ev
	case <-time.After(5 * time.Second):
		s.t.Fatal("timed out waiting for an SSE event")
	}
	return sseEvent{}
}

// expectEnd waits for the stream to end.
func (s *sseStream) expectEnd() {
	s.t.Helper()
	for {
		select {
		case ev, ok := <-s.events:
			if !ok {
				return
			}
			if ev.event != ":heartbeat" && ev.event != string(kefu.EventPresence) {
				s.t.Fatalf("got event %+v, want the stream to end", ev)
			}
		case <-time.After(5 * time.Second):
			s.t.Fatal("timed out waiting for the SSE stream to end")
		}
	}
}

func contextWithTimeout(d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), d)
}
