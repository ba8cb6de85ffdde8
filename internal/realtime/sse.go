package realtime

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/problem"
)

// sseRetry is the reconnection delay the stream suggests to EventSource, in milliseconds.
const sseRetry = 2000

// AgentSSE serves GET /api/v1/events?cursor=N: the agent event stream for clients that cannot
// use WebSocket. Credentials: the session cookie or Authorization: Bearer. A Last-Event-ID
// header (EventSource's automatic reconnect) takes precedence over the cursor parameter.
func (h *Handler) AgentSSE(w http.ResponseWriter, r *http.Request) {
	from, err := agentSSECursor(r)
	if err != nil {
		problem.Write(w, h.log, err)
		return
	}
	if !h.backend.AgentOriginAllowed(r, r.Header.Get("Origin")) {
		problem.New(kefu.CodeForbidden, "origin not allowed").Write(w)
		return
	}
	c, ok := h.admitSSE(w, r, kefu.ActorAgent)
	if !ok {
		return
	}
	registered := false
	defer func() { h.hub.remove(c, registered) }()
	actor, err := h.backend.AuthenticateAgent(r.Context(), r, bearerToken(r))
	if err == nil && !actor.IsAgent() {
		err = kefu.Errorf(kefu.CodeUnauthenticated, "not an agent")
	}
	if err != nil {
		h.sseAuthError(w, err)
		return
	}
	c.actor, c.recheck, registered = actor, h.recheckFor(actor), true
	h.hub.register(c)
	h.serveSSE(w, c, &agentResume{backend: h.backend, actor: actor, log: h.log, from: from})
}

// VisitorSSE serves GET /api/v1/widget/events?token=T&since=conv:seq,conv:seq: the visitor
// event stream. It answers CORS for any origin without credentials (the token authenticates);
// the origin is still checked against the visitor's inbox. A Last-Event-ID header
// (conversation:seq) raises the since of that conversation.
func (h *Handler) VisitorSSE(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	if r.Method == http.MethodOptions {
		w.Header().Set("Access-Control-Allow-Methods", "GET")
		w.Header().Set("Access-Control-Allow-Headers", "Last-Event-ID, Cache-Control")
		w.Header().Set("Access-Control-Max-Age", "86400")
		w.WriteHeader(http.StatusNoContent)
		return
	}
	token := r.URL.Query().Get("token")
	since, err := visitorSSESince(r)
	if err == nil && (token == "" || len(token) > MaxTokenLen) {
		err = kefu.Errorf(kefu.CodeUnauthenticated, "token is required")
	}
	if err != nil {
		problem.Write(w, h.log, err)
		return
	}
	c, ok := h.admitSSE(w, r, kefu.ActorVisitor)
	if !ok {
		return
	}
	registered := false
	defer func() { h.hub.remove(c, registered) }()
	actor, err := h.backend.AuthenticateVisitor(r.Context(), token)
	if err == nil && !actor.IsVisitor() {
		err = kefu.Errorf(kefu.CodeUnauthenticated, "not a visitor")
	}
	if err != nil {
		h.sseAuthError(w, err)
		return
	}
	if !h.backend.VisitorOriginAllowed(r.Context(), actor, r.Header.Get("Origin")) {
		problem.New(kefu.CodeForbidden, "origin not allowed").Write(w)
		return
	}
	c.actor, registered = actor, true
	h.hub.register(c)
	h.serveSSE(w, c, &visitorResume{backend: h.backend, links: h.hub.links, actor: actor, since: since})
}

// admitSSE takes a hub slot or answers 429 (503 while shutting down) with Retry-After.
func (h *Handler) admitSSE(w http.ResponseWriter, r *http.Request, role kefu.ActorKind) (*conn, bool) {
	c := newSSEConn(r.Context(), h.hub, role)
	if err := h.hub.admit(c); err != nil {
		problem.Write(w, h.log, admitError(err))
		return nil, false
	}
	return c, true
}

// sseAuthError answers a failed authentication: every refusal alike as unauthenticated, so the
// answer does not tell which credentials exist; anything else as problem.From does (logged).
func (h *Handler) sseAuthError(w http.ResponseWriter, err error) {
	switch kefu.ErrorCode(err) {
	case kefu.CodeUnauthenticated, kefu.CodeForbidden, kefu.CodeNotFound, kefu.CodeInvalid:
		problem.New(kefu.CodeUnauthenticated, "unauthenticated").Write(w)
	default:
		problem.Write(w, h.log.With("in", "realtime: authenticate", "transport", "sse"), err)
	}
}

// serveSSE streams on this goroutine, which is the connection's only writer.
func (h *Handler) serveSSE(w http.ResponseWriter, c *conn, res resumer) {
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Accel-Buffering", "no") // nginx would otherwise buffer the stream
	w.WriteHeader(http.StatusOK)
	t := &sseTransport{w: w, rc: http.NewResponseController(w)}
	if err := t.send([]byte("retry: " + strconv.Itoa(sseRetry) + "\n\n")); err != nil {
		c.kill(CloseNormal, "")
		return
	}
	c.serve(t, res, h.opts.SSEHeartbeat)
}

// sseTransport writes Server-Sent Events to one response.
type sseTransport struct {
	w  http.ResponseWriter
	rc *http.ResponseController
}

// send writes b into the response's buffer; flush pushes it to the client. Both set a write
// deadline first: the server's WriteTimeout would otherwise cut the stream, or a stuck client
// hold the writer.
func (t *sseTransport) send(b []byte) error {
	_ = t.rc.SetWriteDeadline(time.Now().Add(writeWait))
	_, err := t.w.Write(b)
	return err
}

func (t *sseTransport) flush() error {
	_ = t.rc.SetWriteDeadline(time.Now().Add(writeWait))
	return t.rc.Flush()
}

func (t *sseTransport) writeFrame(it item) error {
	b := make([]byte, 0, len(it.frame)+64)
	if id := it.sseID(); id != "" {
		b = append(append(append(b, "id: "...), id...), '\n')
	}
	b = append(append(append(b, "event: "...), it.typ...), '\n')
	b = append(append(append(b, "data: "...), it.frame...), "\n\n"...)
	return t.send(b)
}

func (t *sseTransport) writePing() error {
	if err := t.send([]byte(": ping\n\n")); err != nil {
		return err
	}
	return t.flush()
}

// writeClose ends the stream with a reconnect frame. After resync_required, which already
// told the client what to do, and after the client left, there is nothing to add.
func (t *sseTransport) writeClose(code int, reason string) {
	if code != CloseResyncRequired && code != CloseNormal {
		_ = t.writeFrame(reconnectItem(code, reason))
	}
	_ = t.flush() // and whatever was still buffered, such as the resync_required frame
}

func (t *sseTransport) close() {}

// agentSSECursor reads the resume cursor: Last-Event-ID, else ?cursor=, else nil (live).
func agentSSECursor(r *http.Request) (*int64, error) {
	raw, field := r.Header.Get("Last-Event-ID"), "Last-Event-ID"
	if raw == "" {
		raw, field = r.URL.Query().Get("cursor"), "cursor"
	}
	if raw == "" {
		return nil, nil
	}
	n, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || n < 0 {
		return nil, kefu.FieldError(field, "cursor must be a non-negative integer")
	}
	return &n, nil
}

// visitorSSESince reads ?since=conv:seq,... and raises it with Last-Event-ID (conv:seq).
func visitorSSESince(r *http.Request) (map[string]int64, error) {
	since := map[string]int64{}
	if raw := r.URL.Query().Get("since"); raw != "" {
		for _, pair := range strings.Split(raw, ",") {
			if err := addSince(since, pair, "since"); err != nil {
				return nil, err
			}
		}
	}
	if raw := r.Header.Get("Last-Event-ID"); raw != "" {
		if err := addSince(since, raw, "Last-Event-ID"); err != nil {
			return nil, err
		}
	}
	if len(since) > MaxSinceItems {
		return nil, kefu.FieldError("since", "since has more than %d conversations", MaxSinceItems)
	}
	return since, nil
}

func addSince(since map[string]int64, pair, field string) error {
	i := strings.LastIndexByte(pair, ':')
	if i <= 0 {
		return kefu.FieldError(field, "expected conversation_id:seq")
	}
	id := pair[:i]
	seq, err := strconv.ParseInt(pair[i+1:], 10, 64)
	if err != nil || seq < 0 || checkID(field, id) != nil {
		return kefu.FieldError(field, "expected conversation_id:seq")
	}
	since[id] = max(since[id], seq)
	return nil
}

// bearerToken returns the token of an "Authorization: Bearer" header, "" without one.
func bearerToken(r *http.Request) string {
	auth := r.Header.Get("Authorization")
	if len(auth) > 7 && strings.EqualFold(auth[:7], "bearer ") {
		return strings.TrimSpace(auth[7:])
	}
	return ""
}
