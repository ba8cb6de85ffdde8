package realtime

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/gorilla/websocket"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/problem"
)

// AgentWebSocket serves GET /api/v1/ws: the agent workspace's realtime connection.
func (h *Handler) AgentWebSocket(w http.ResponseWriter, r *http.Request) {
	h.serveWebSocket(w, r, kefu.ActorAgent)
}

// VisitorWebSocket serves GET /api/v1/widget/ws: the visitor widget's realtime connection.
func (h *Handler) VisitorWebSocket(w http.ResponseWriter, r *http.Request) {
	h.serveWebSocket(w, r, kefu.ActorVisitor)
}

// serveWebSocket upgrades, takes the hello on the request goroutine (it needs the request's
// cookies and origin), then hands the connection to a reader goroutine of its own and returns.
// Returning lets net/http drop the request, its buffers and this goroutine's deep stack: an idle
// connection keeps only a shallow reader goroutine and no read buffer (wsReader); writers start
// on demand (conn.startAsync).
func (h *Handler) serveWebSocket(w http.ResponseWriter, r *http.Request, role kefu.ActorKind) {
	up := &h.agentUp
	if role == kefu.ActorVisitor {
		up = &h.visitUp
	}
	ws, err := up.Upgrade(w, r, nil)
	if err != nil {
		return // the upgrader has answered with an HTTP error
	}
	// The connection outlives the request, whose context net/http cancels on return; nothing
	// after the hello needs the request's values, so the connection does not keep them alive.
	c := newConn(context.Background(), h.hub, role)
	if err := h.hub.admit(c); err != nil {
		refuseWebSocket(ws, err)
		return
	}
	t := newWSTransport(ws, ws.NetConn(), h.hub.frameBufs)
	fr := newWSReader(ws, h.opts.MaxFrameBytes)
	res, ok := h.hello(r, fr, c)
	if !ok {
		fr.release()
		close(t.readerDone)
		c.finish(t)
		h.hub.remove(c, false)
		return
	}
	h.hub.register(c)
	h.log.Debug("realtime: connected", "role", string(c.role), "org_id", c.actor.OrgID)
	c.startAsync(t, res, h.opts.PingInterval)
	go h.readFrames(fr, c, t)
}

// refuseWebSocket closes an upgraded connection the hub has no room for.
func refuseWebSocket(ws *websocket.Conn, err error) {
	wait := problem.Seconds(problem.RetryAfter(kefu.CodeOverloaded)) // the policy SSE's 429 follows
	code, reason := CloseTryAgainLater, "over capacity; retry_after="+strconv.Itoa(wait)
	if errors.Is(err, errShuttingDown) {
		code, reason = CloseGoingAway, "server shutting down; reconnect"
	}
	_ = ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, reason), time.Now().Add(writeWait))
	_ = ws.Close()
}

// readFrames is the reader goroutine of a registered connection: it answers frames until the
// connection ends. The writer then says goodbye, releases the transport and unregisters.
func (h *Handler) readFrames(fr *wsReader, c *conn, t *wsTransport) {
	c.kill(h.readLoop(fr, c))
	fr.release()
	close(t.readerDone)
}

// readLoop reads and handles frames until the client leaves, breaks a rule or the connection
// is closed from the server side; it returns the close code to use if nobody chose one yet.
func (h *Handler) readLoop(fr *wsReader, c *conn) (int, string) {
	s := &session{c: c}
	fr.extend = h.opts.PongWait // every frame, pongs included, extends the deadline
	fr.touch()
	for {
		op, data, err := fr.next()
		if err != nil {
			return readCloseCode(err, false)
		}
		if c.closed() {
			return CloseNormal, "" // closing: a request now would run for a client that gets no answer
		}
		h.hub.metrics.framesIn.Inc()
		if op != opText {
			c.reply(errorFrameOf("", kefu.Errorf(kefu.CodeMalformed, "frames must be JSON text frames")))
			continue
		}
		h.handle(s, data)
	}
}

// hello reads and checks the first frame, authenticates it and builds the resumer. On failure
// it kills the connection with the code the client should see.
func (h *Handler) hello(r *http.Request, fr *wsReader, c *conn) (resumer, bool) {
	_ = fr.nc.SetReadDeadline(time.Now().Add(h.opts.HelloTimeout))
	op, data, err := fr.next()
	if err != nil {
		c.kill(readCloseCode(err, true))
		return nil, false
	}
	h.hub.metrics.framesIn.Inc()
	f, err := DecodeClientFrame(data, h.opts.MaxFrameBytes)
	switch {
	case op != opText || err != nil:
		c.kill(CloseUnauthenticated, "invalid hello")
		return nil, false
	case f.Type != FrameHello:
		c.kill(CloseUnauthenticated, "hello required")
		return nil, false
	}
	// The request's context carries what authentication needs (base URL, client address);
	// the hello is short, so it is not tied to c.ctx.
	ctx, cancel := context.WithTimeout(r.Context(), requestTimeout)
	defer cancel()
	if c.role == kefu.ActorAgent {
		return h.agentHello(ctx, r, c, f)
	}
	return h.visitorHello(ctx, r, c, f)
}

func (h *Handler) agentHello(ctx context.Context, r *http.Request, c *conn, f ClientFrame) (resumer, bool) {
	if f.Since != nil {
		c.kill(CloseUnauthenticated, "invalid hello: agents resume with cursor")
		return nil, false
	}
	actor, err := h.backend.AuthenticateAgent(ctx, r, f.Token)
	if err == nil && !actor.IsAgent() {
		err = kefu.Errorf(kefu.CodeUnauthenticated, "not an agent")
	}
	if !h.authOK(c, err) {
		return nil, false
	}
	c.actor, c.scope, c.recheck = actor, f.Scope, h.recheckFor(actor)
	c.setViews(f.Views, f.ConversationID)
	return &agentResume{backend: h.backend, actor: actor, log: h.log, scope: f.Scope, conn: c, from: f.Cursor}, true
}

func (h *Handler) visitorHello(ctx context.Context, r *http.Request, c *conn, f ClientFrame) (resumer, bool) {
	if f.Cursor != nil || f.Scope != "" || f.Views != nil || f.Token == "" {
		c.kill(CloseUnauthenticated, "invalid hello: visitors send token and since")
		return nil, false
	}
	actor, err := h.backend.AuthenticateVisitor(ctx, f.Token)
	if err == nil && !actor.IsVisitor() {
		err = kefu.Errorf(kefu.CodeUnauthenticated, "not a visitor")
	}
	if !h.authOK(c, err) {
		return nil, false
	}
	if !h.backend.VisitorOriginAllowed(ctx, actor, r.Header.Get("Origin")) {
		c.kill(ClosePolicy, "origin not allowed")
		return nil, false
	}
	c.actor = actor
	return &visitorResume{backend: h.backend, links: h.hub.links, actor: actor, since: f.Since}, true
}

// authOK closes the connection on an authentication error: 4001 when the credentials are bad,
// 1011 when the Backend failed (the client retries instead of asking the user to sign in).
func (h *Handler) authOK(c *conn, err error) bool {
	if err == nil {
		return true
	}
	if c.closed() {
		return false // shut down meanwhile; the error is the cancellation
	}
	switch kefu.ErrorCode(err) {
	case kefu.CodeUnauthenticated, kefu.CodeForbidden, kefu.CodeNotFound, kefu.CodeInvalid:
		c.kill(CloseUnauthenticated, "unauthenticated")
	default:
		h.log.Error("realtime: authenticate", "err", err, "role", string(c.role))
		c.kill(CloseInternal, "internal error")
	}
	return false
}

// readCloseCode is the close code for a read error: the client closed, sent too much, broke
// the protocol, or went silent.
func readCloseCode(err error, inHello bool) (int, string) {
	var ne net.Error
	var pe protocolError
	var pc peerClosed
	switch {
	case errors.As(err, &pc):
		return int(pc), "" // echoed
	case errors.Is(err, errFrameTooBig):
		return CloseTooBig, "frame too big"
	case errors.As(err, &pe):
		return CloseProtocol, string(pe)
	case inHello && errors.As(err, &ne) && ne.Timeout():
		return CloseUnauthenticated, "hello timeout"
	case errors.As(err, &ne) && ne.Timeout():
		return CloseGoingAway, "ping timeout"
	}
	return CloseNormal, ""
}

// wsTransport writes to a gorilla connection. Only the connection's writer uses it, except
// readerDone, which the reader closes when it stops reading.
//
// Data frames are not written one system call each: writeFrame appends them to a buffer that
// flush writes in one call when the writer has nothing more queued (or the buffer is full).
// An agent following a busy organisation then gets many frames per write, and system calls
// were the largest single cost of the server under load. The frames are encoded here (a server
// frame is a short header and the unmasked payload) and written to the network connection
// directly; gorilla still writes the control frames (pings, pongs, close), each in one call of
// its own, which the network connection never interleaves with ours.
type wsTransport struct {
	ws         *websocket.Conn
	nc         net.Conn // ws's network connection, which flush writes to
	readerDone chan struct{}
	bufs       *sync.Pool // the hub's buffers, so an idle connection holds none
	one        []byte     // the payload of the only frame not yet flushed (out is nil then)
	out        *[]byte    // two or more frames not yet flushed, encoded; nil when fewer
	// vectored: nc writes a header and a payload with one system call (writev), so a lone frame
	// can skip the buffer. Only a plain socket does; on anything else (TLS, a wrapper) two
	// writes could let a pong from the reader land between header and payload.
	vectored bool
}

// newWSTransport returns the transport of ws, whose data frames go to nc (ws's network
// connection; tests may wrap it) with buffers from bufs.
func newWSTransport(ws *websocket.Conn, nc net.Conn, bufs *sync.Pool) *wsTransport {
	_, tcp := nc.(*net.TCPConn)
	_, unix := nc.(*net.UnixConn)
	return &wsTransport{ws: ws, nc: nc, readerDone: make(chan struct{}), bufs: bufs, vectored: tcp || unix}
}

func (t *wsTransport) writeFrame(it item) error {
	if t.out == nil && t.one == nil && t.vectored {
		t.one = it.frame // most flushes carry one frame: no buffer, no copy
		return nil
	}
	if t.out == nil {
		t.out = t.bufs.Get().(*[]byte)
		if t.one != nil {
			*t.out = appendTextFrame(*t.out, t.one)
			t.one = nil
		}
	}
	*t.out = appendTextFrame(*t.out, it.frame)
	if len(*t.out) >= flushAtBytes {
		return t.flush()
	}
	return nil
}

// flush writes the buffered frames in one call and returns the buffer to the pool; a lone frame
// goes out as its header and its payload in one vectored write.
func (t *wsTransport) flush() error {
	if t.one == nil && t.out == nil {
		return nil
	}
	_ = t.nc.SetWriteDeadline(time.Now().Add(writeWait))
	if t.one != nil {
		frame := net.Buffers{appendFrameHeader(make([]byte, 0, maxFrameHeader), opText, len(t.one)), t.one}
		t.one = nil
		_, err := frame.WriteTo(t.nc)
		return err
	}
	b := t.out
	t.out = nil
	_, err := t.nc.Write(*b)
	if cap(*b) <= maxPooledBytes {
		*b = (*b)[:0]
		t.bufs.Put(b)
	}
	return err
}

// Buffered frames are written once they reach flushAtBytes; buffers that grew past
// maxPooledBytes (a replay of large messages) are left to the garbage collector.
const (
	flushAtBytes   = 32 << 10
	maxPooledBytes = 64 << 10
)

// newFrameBuffers is the pool of write buffers a hub's WebSocket connections share.
func newFrameBuffers() *sync.Pool {
	return &sync.Pool{New: func() any {
		b := make([]byte, 0, 4<<10)
		return &b
	}}
}

func (t *wsTransport) writePing() error {
	return t.ws.WriteControl(websocket.PingMessage, nil, time.Now().Add(writeWait))
}

// writeClose sends what is still buffered, then the close frame.
func (t *wsTransport) writeClose(code int, reason string) {
	if t.flush() != nil {
		return
	}
	_ = t.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, reason), time.Now().Add(writeWait))
}

// close waits briefly for the client to answer the close frame, so that the client, not the
// server, ends up with TCP TIME_WAIT and sees a clean close, then drops the connection.
func (t *wsTransport) close() {
	timer := time.NewTimer(closeGrace)
	defer timer.Stop()
	select {
	case <-t.readerDone:
	case <-timer.C:
	}
	_ = t.ws.Close()
}
