package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	_ "github.com/jackc/pgx/v5/stdlib" // "pgx" driver for the independent connection
	_ "modernc.org/sqlite"             // "sqlite" driver for the independent connection

	"github.com/kefu-dev/kefu/internal/config"
)

// mustRunIdleSafe is MustRunMain for tests that send concurrently. Concurrent requests make the
// client dial connections it may never use; the server's graceful shutdown waits up to five
// seconds for such never-used connections, so they are closed before the server stops.
func mustRunIdleSafe(t testing.TB, cfg config.Config) *testServer {
	s := MustRunMain(t, cfg)
	t.Cleanup(http.DefaultClient.CloseIdleConnections)
	return s
}

// independentDB is a connection to kefu's database that bypasses kefu entirely, so a test can
// check what is really committed.
type independentDB struct {
	db       *sql.DB
	postgres bool
}

// openIndependentDB opens the database cfg names with its own driver and pool.
func openIndependentDB(t testing.TB, cfg config.Config) *independentDB {
	t.Helper()
	driver, dsn, pg := "sqlite", "file:"+filepath.Join(cfg.DataDir, "kefu.db")+"?_pragma=busy_timeout(10000)&_pragma=query_only(1)", false
	if cfg.DatabaseURL != "" {
		driver, dsn, pg = "pgx", cfg.DatabaseURL, true
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatalf("open independent %s connection: %v", driver, err)
	}
	t.Cleanup(func() { db.Close() })
	return &independentDB{db: db, postgres: pg}
}

// q rewrites ? placeholders as $n for PostgreSQL.
func (d *independentDB) q(query string) string {
	if !d.postgres {
		return query
	}
	var b strings.Builder
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// storedSeq returns the seq of the message row id, or -1 when there is none.
func (d *independentDB) storedSeq(t testing.TB, convID, id string) int64 {
	t.Helper()
	var seq int64
	err := d.db.QueryRow(d.q(`SELECT seq FROM messages WHERE conversation_id = ? AND id = ?`), convID, id).Scan(&seq)
	if err == sql.ErrNoRows {
		return -1
	}
	if err != nil {
		t.Fatalf("query message %s: %v", id, err)
	}
	return seq
}

// storedMessage is one row of the messages table.
type storedMessage struct {
	ID, Kind, ClientMsgID string
	Seq                   int64
}

// messages returns every message row of a conversation in seq order.
func (d *independentDB) messages(t testing.TB, convID string) []storedMessage {
	t.Helper()
	rows, err := d.db.Query(d.q(`SELECT id, seq, kind, COALESCE(client_msg_id, '') FROM messages
		WHERE conversation_id = ? ORDER BY seq`), convID)
	if err != nil {
		t.Fatalf("query messages: %v", err)
	}
	defer rows.Close()
	var out []storedMessage
	for rows.Next() {
		var m storedMessage
		if err := rows.Scan(&m.ID, &m.Seq, &m.Kind, &m.ClientMsgID); err != nil {
			t.Fatalf("scan message: %v", err)
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("read messages: %v", err)
	}
	return out
}

// countClientID counts the rows of a conversation carrying clientID.
func (d *independentDB) countClientID(t testing.TB, convID, clientID string) int {
	t.Helper()
	var n int
	err := d.db.QueryRow(d.q(`SELECT COUNT(*) FROM messages WHERE conversation_id = ? AND client_msg_id = ?`), convID, clientID).Scan(&n)
	if err != nil {
		t.Fatalf("count client id: %v", err)
	}
	return n
}

// assertGapFree fails unless msgs carry seqs 1..len(msgs).
func assertGapFree(t testing.TB, msgs []storedMessage) {
	t.Helper()
	for i, m := range msgs {
		if m.Seq != int64(i+1) {
			t.Fatalf("stored seq at position %d: got %d, want %d (gap or duplicate)", i, m.Seq, i+1)
		}
	}
}

// ackedMessage is what an ack (REST or WebSocket) reported.
type ackedMessage struct {
	ID        string
	Seq       int64
	Duplicate bool
	Status    int // REST status; 0 for WebSocket
}

// boundedClient shares the default transport (and its idle pool, which mustRunIdleSafe empties)
// but gives up on a request that hangs, so a stuck server fails a test instead of stalling it.
var boundedClient = &http.Client{Timeout: 30 * time.Second}

// tryDo is do without failing the test, for use from other goroutines.
func tryDo(base, method, path, token string, body any) (response, error) {
	var rd io.Reader
	if body != nil {
		buf, err := json.Marshal(body)
		if err != nil {
			return response{}, err
		}
		rd = bytes.NewReader(buf)
	}
	req, err := http.NewRequest(method, base+path, rd)
	if err != nil {
		return response{}, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := boundedClient.Do(req)
	if err != nil {
		return response{}, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	return response{Status: resp.StatusCode, Header: resp.Header, Body: data}, err
}

// restSend posts one message as the agent (widget=false) or the visitor (widget=true) and
// returns its ack. It does not fail the test, so goroutines may call it.
func restSend(base, token, convID, clientID, content string, widget bool) (ackedMessage, error) {
	path := "/api/v1/conversations/" + convID + "/messages"
	if widget {
		path = "/api/v1/widget/conversations/" + convID + "/messages"
	}
	r, err := tryDo(base, "POST", path, token, map[string]string{"client_msg_id": clientID, "content": content})
	if err != nil {
		return ackedMessage{}, err
	}
	if r.Status != 201 && r.Status != 200 {
		return ackedMessage{}, fmt.Errorf("send %s: status %d: %s", clientID, r.Status, r.Body)
	}
	var out struct {
		Message struct {
			ID  string `json:"id"`
			Seq int64  `json:"seq"`
		} `json:"message"`
		Duplicate bool `json:"duplicate"`
	}
	if err := json.Unmarshal(r.Body, &out); err != nil {
		return ackedMessage{}, err
	}
	return ackedMessage{ID: out.Message.ID, Seq: out.Message.Seq, Duplicate: out.Duplicate, Status: r.Status}, nil
}

// mustRESTSend is restSend that fails the test on error.
func mustRESTSend(t testing.TB, s *testServer, token, convID, clientID, content string, widget bool) ackedMessage {
	t.Helper()
	a, err := restSend(s.URL(), token, convID, clientID, content, widget)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// wsSendFrame is the send frame of the realtime protocol.
func wsSendFrame(ref, convID, clientID, content string) map[string]any {
	return map[string]any{"type": "send", "ref": ref, "conversation_id": convID, "client_msg_id": clientID, "content": content}
}

// ackOf decodes an ack frame.
func ackOfFrame(f frame) ackedMessage {
	m, _ := f["message"].(map[string]any)
	id, _ := m["id"].(string)
	seq, _ := m["seq"].(float64)
	dup, _ := f["duplicate"].(bool)
	return ackedMessage{ID: id, Seq: int64(seq), Duplicate: dup}
}

// wsSendAndAck sends one message frame on c and reads until its ack, skipping other frames.
// It does not fail the test, so goroutines may call it.
func wsSendAndAck(c *websocket.Conn, ref, convID, clientID, content string, d time.Duration) (ackedMessage, error) {
	if err := c.WriteJSON(wsSendFrame(ref, convID, clientID, content)); err != nil {
		return ackedMessage{}, err
	}
	deadline := time.Now().Add(d)
	for {
		c.SetReadDeadline(deadline)
		var f frame
		if err := c.ReadJSON(&f); err != nil {
			return ackedMessage{}, fmt.Errorf("waiting for ack %s: %w", ref, err)
		}
		if f.str("ref") != ref {
			continue
		}
		if f.str("type") != "ack" {
			return ackedMessage{}, fmt.Errorf("send %s: got %v, want an ack", ref, f)
		}
		return ackOfFrame(f), nil
	}
}

// dialWSRaw opens a WebSocket without the test's helpers, for goroutines and refusal checks.
func dialWSRaw(addr, path string, hello map[string]any) (*websocket.Conn, error) {
	u := url.URL{Scheme: "ws", Host: addr, Path: path}
	c, _, err := websocket.DefaultDialer.Dial(u.String(), nil)
	if err != nil {
		return nil, err
	}
	hello["type"] = "hello"
	if err := c.WriteJSON(hello); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

// mustWelcome reads c's welcome frame and returns it.
func mustWelcome(t testing.TB, c *websocket.Conn) frame {
	t.Helper()
	f, err := readFrame(t, c, 10*time.Second)
	if err != nil {
		t.Fatalf("waiting for welcome: %v", err)
	}
	if f.str("type") != "welcome" {
		t.Fatalf("first frame: got %v, want welcome", f)
	}
	return f
}

// stream collects the frames one connection (WebSocket or SSE) receives, on its own goroutine.
type stream struct {
	mu     sync.Mutex
	frames []frame
	ids    []string // SSE ids, parallel to frames ("" for WebSocket)
	err    error    // why reading stopped
	done   chan struct{}
	conn   *websocket.Conn // nil for SSE
}

func newStream() *stream { return &stream{done: make(chan struct{})} }

func (s *stream) add(f frame, id string) {
	s.mu.Lock()
	s.frames = append(s.frames, f)
	s.ids = append(s.ids, id)
	s.mu.Unlock()
}

func (s *stream) stop(err error) {
	s.mu.Lock()
	s.err = err
	s.mu.Unlock()
	close(s.done)
}

// snapshot returns the frames so far.
func (s *stream) snapshot() []frame {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]frame(nil), s.frames...)
}

// lastID returns the SSE id of the last frame that had one.
func (s *stream) lastID() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := len(s.ids) - 1; i >= 0; i-- {
		if s.ids[i] != "" {
			return s.ids[i]
		}
	}
	return ""
}

// readErr is the error that ended reading, nil while it goes on.
func (s *stream) readErr() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

// waitFrames polls until cond holds for the frames received, failing after d with what arrived.
func (s *stream) waitFrames(t testing.TB, d time.Duration, what string, cond func([]frame) bool) []frame {
	t.Helper()
	deadline := time.Now().Add(d)
	for {
		fs := s.snapshot()
		if cond(fs) {
			return fs
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s; got %d frames, read error %v", d, what, len(fs), s.readErr())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// collectWS reads every frame of c on a goroutine until c fails or closes.
func collectWS(c *websocket.Conn) *stream {
	s := newStream()
	s.conn = c
	go func() {
		for {
			c.SetReadDeadline(time.Time{})
			var f frame
			if err := c.ReadJSON(&f); err != nil {
				s.stop(err)
				return
			}
			s.add(f, "")
		}
	}()
	return s
}

// openSSE opens the agent event stream with an optional Last-Event-ID and collects its events.
// Cancel the returned function to disconnect.
func (s *testServer) openSSE(token, lastEventID string) (*stream, context.CancelFunc) {
	s.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, err := http.NewRequestWithContext(ctx, "GET", s.URL()+"/api/v1/events", nil)
	if err != nil {
		s.t.Fatalf("new SSE request: %v", err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if lastEventID != "" {
		req.Header.Set("Last-Event-ID", lastEventID)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		cancel()
		s.t.Fatalf("open SSE: %v", err)
	}
	if resp.StatusCode != 200 {
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		cancel()
		s.t.Fatalf("open SSE: got status %d (%s), want 200", resp.StatusCode, body)
	}
	st := newStream()
	go func() {
		defer resp.Body.Close()
		st.stop(readSSE(resp.Body, st.add))
	}()
	s.t.Cleanup(cancel)
	return st, cancel
}

// readSSE parses an event stream, calling emit with each event's data (which carries its type)
// and id, until the stream ends.
func readSSE(r io.Reader, emit func(frame, string)) error {
	br := bufio.NewReader(r)
	var id, data string
	for {
		line, err := br.ReadString('\n')
		if err != nil {
			return err
		}
		line = strings.TrimRight(line, "\n")
		switch {
		case line == "":
			if data != "" {
				var f frame
				if err := json.Unmarshal([]byte(data), &f); err != nil {
					return fmt.Errorf("SSE data %q: %w", data, err)
				}
				emit(f, id)
			}
			id, data = "", ""
		case strings.HasPrefix(line, "id: "):
			id = strings.TrimPrefix(line, "id: ")
		case strings.HasPrefix(line, "data: "):
			data += strings.TrimPrefix(line, "data: ")
		}
	}
}

// persisted keeps the frames of persisted events (those with a cursor, which the welcome also
// carries), in arrival order.
func persisted(fs []frame) []frame {
	var out []frame
	for _, f := range fs {
		if cursorOf(f) > 0 && f.str("type") != "welcome" {
			out = append(out, f)
		}
	}
	return out
}

func cursorOf(f frame) int64 { c, _ := f["cursor"].(float64); return int64(c) }

// messageOf returns the message of a message.created frame.
func messageOf(f frame) (id string, seq int64, kind string) {
	m, _ := f["message"].(map[string]any)
	id, _ = m["id"].(string)
	s, _ := m["seq"].(float64)
	kind, _ = m["kind"].(string)
	return id, int64(s), kind
}

// createdIn returns, in arrival order, the message.created frames of conversation convID.
func createdIn(fs []frame, convID string) []frame {
	var out []frame
	for _, f := range fs {
		if f.str("type") == "message.created" && f.str("conversation_id") == convID {
			out = append(out, f)
		}
	}
	return out
}

// seqsOf returns the message seqs of message.created frames.
func seqsOf(fs []frame) []int64 {
	out := make([]int64, 0, len(fs))
	for _, f := range fs {
		_, seq, _ := messageOf(f)
		out = append(out, seq)
	}
	return out
}

// isWelcome matches the welcome frame.
func isWelcome(fs []frame) bool {
	for _, f := range fs {
		if f.str("type") == "welcome" {
			return true
		}
	}
	return false
}

// heldRequest is a POST the server is serving — holding its in-flight slot — while its body
// waits for finish. It asks "Expect: 100-continue", so the server's "100 Continue" proves the
// handler has started reading the body, and a shed request is answered at once.
type heldRequest struct {
	conn net.Conn
	br   *bufio.Reader
	body string
}

// holdRequest sends the headers of a JSON POST over a raw connection and waits for the server
// to ask for the body. It returns nil when the server answered instead (the request was shed).
func holdRequest(t testing.TB, addr, path, token, body string) *heldRequest {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	head := "POST " + path + " HTTP/1.1\r\nHost: " + addr + "\r\nContent-Type: application/json\r\n" +
		"Authorization: Bearer " + token + "\r\nExpect: 100-continue\r\n" +
		"Content-Length: " + strconv.Itoa(len(body)) + "\r\n\r\n"
	if _, err := io.WriteString(c, head); err != nil {
		t.Fatalf("send headers: %v", err)
	}
	h := &heldRequest{conn: c, br: bufio.NewReader(c), body: body}
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	resp, err := http.ReadResponse(h.br, nil)
	if err != nil {
		t.Fatalf("read interim response: %v", err)
	}
	if resp.StatusCode != http.StatusContinue {
		resp.Body.Close()
		c.Close()
		return nil
	}
	return h
}

// finish sends the body and returns the response status.
func (h *heldRequest) finish(t testing.TB) int {
	t.Helper()
	if _, err := io.WriteString(h.conn, h.body); err != nil {
		t.Fatalf("send body: %v", err)
	}
	h.conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	resp, err := http.ReadResponse(h.br, nil)
	if err != nil {
		t.Fatalf("read response: %v", err)
	}
	resp.Body.Close()
	return resp.StatusCode
}
