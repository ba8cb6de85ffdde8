package realtime

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/gorilla/websocket"
	"golang.org/x/time/rate"

	"github.com/kefu-dev/kefu/internal/jsonenc"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// HandlerOptions configure a Handler. Zero values take the defaults.
type HandlerOptions struct {
	Logger        *slog.Logger
	MaxFrameBytes int           // largest client frame; default 64 KiB
	PingInterval  time.Duration // WebSocket pings; default 30s
	PongWait      time.Duration // a connection without a pong (or frame) for this long is dead; default 60s
	HelloTimeout  time.Duration // the hello must arrive within it; default 10s
	SendRate      float64       // send/read/typing frames per second per connection; default 20
	SendBurst     int           // burst of those; default 2×SendRate
	SSEHeartbeat  time.Duration // SSE comment heartbeat; default 25s
	Sends         SendObserver  // told of every message a connection sent; may be nil
}

// SendObserver is told of each message a connection sent and had committed (not of retries
// answered as duplicates), with when its frame arrived: the API's metrics count messages and
// ack latency by transport, the same series for REST and realtime.
type SendObserver interface {
	ObserveSend(sender kefu.SenderType, transport string, started time.Time)
}

func (o *HandlerOptions) setDefaults() {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&o.PingInterval, 30*time.Second)
	def(&o.PongWait, 60*time.Second)
	def(&o.HelloTimeout, 10*time.Second)
	def(&o.SSEHeartbeat, 25*time.Second)
	if o.MaxFrameBytes <= 0 {
		o.MaxFrameBytes = 64 << 10
	}
	if o.SendRate <= 0 {
		o.SendRate = 20
	}
	if o.SendBurst <= 0 {
		o.SendBurst = max(1, int(2*o.SendRate))
	}
}

// Time limits that are not worth an option.
const (
	writeWait      = 10 * time.Second // one frame write to a client
	requestTimeout = 15 * time.Second // one Backend call for a client request
	closeGrace     = time.Second      // wait for the client's close frame before dropping TCP
)

// Handler serves the WebSocket and SSE endpoints of agents and visitors.
type Handler struct {
	hub     *Hub
	backend Backend
	opts    HandlerOptions
	log     *slog.Logger
	agentUp websocket.Upgrader
	visitUp websocket.Upgrader
	bufPool sync.Pool
}

// NewHandler returns a handler serving hub's connections with backend.
func NewHandler(hub *Hub, backend Backend, opts HandlerOptions) *Handler {
	opts.setDefaults()
	h := &Handler{hub: hub, backend: backend, opts: opts, log: opts.Logger}
	// Pooled write buffers keep an idle connection's memory low. wsReader does all reading, so
	// gorilla's own read buffer is never used: 1 makes it gorilla's minimum (125 bytes), where
	// 0 would keep net/http's 4 KiB hijacked reader alive instead.
	h.agentUp = websocket.Upgrader{
		ReadBufferSize: 1, WriteBufferSize: 4096, WriteBufferPool: &h.bufPool,
		HandshakeTimeout: 10 * time.Second,
		// Agents authenticate with the ambient session cookie, so a foreign page must not
		// open the socket at all: refused before the upgrade (HTTP 403).
		CheckOrigin: func(r *http.Request) bool { return backend.AgentOriginAllowed(r, r.Header.Get("Origin")) },
	}
	h.visitUp = h.agentUp
	// Visitors carry no ambient credential (the token is in the hello), and which origins may
	// embed the widget depends on the visitor's inbox, known only after the hello: the check
	// runs then and refuses with close 1008.
	h.visitUp.CheckOrigin = func(*http.Request) bool { return true }
	return h
}

// session is the per-connection request state of the reader.
type session struct {
	c       *conn
	limiter *rate.Limiter // made on the first rate-limited frame: most visitors idle
}

// allow reports whether the connection may make another rate-limited request now.
func (h *Handler) allow(s *session) bool {
	if s.limiter == nil {
		s.limiter = rate.NewLimiter(rate.Limit(h.opts.SendRate), h.opts.SendBurst)
	}
	return s.limiter.Allow()
}

// handle answers one client frame after the hello. Request errors are error frames; the
// connection stays open.
func (h *Handler) handle(s *session, data []byte) {
	f, err := DecodeClientFrame(data, h.opts.MaxFrameBytes)
	if err != nil {
		s.c.reply(errorFrameOf(refOf(data), err))
		return
	}
	switch f.Type {
	case FramePing:
		s.c.reply(pongFrame(f.Ref))
		return
	case FrameHello:
		s.c.reply(errorFrameOf(f.Ref, kefu.FieldError("type", "hello was already received")))
		return
	case FrameViews:
		s.c.reply(h.changeViews(s.c, f))
		return
	}
	if !h.allow(s) {
		if f.Type != FrameTyping { // typing has no reply; a dropped indicator is harmless
			s.c.reply(errorFrameOf(f.Ref, kefu.Errorf(kefu.CodeRateLimited, "too many requests; slow down")))
		}
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(s.c.ctx), requestTimeout)
	defer cancel()
	if reply := h.request(ctx, s.c, f); reply != nil {
		s.c.reply(reply)
	}
}

// request runs a send, read or typing frame against the Backend. The Backend call is not
// cancelled when the connection closes: a send that started should finish its commit.
func (h *Handler) request(ctx context.Context, c *conn, f ClientFrame) []byte {
	var err error
	switch f.Type {
	case FrameSend:
		var m *kefu.Message
		var dup bool
		started := time.Now()
		req := kefu.SendRequest{ConversationID: f.ConversationID, ClientMsgID: f.ClientMsgID, Content: f.Content, Kind: f.Kind, AttachmentIDs: f.AttachmentIDs}
		if m, dup, err = h.backend.Send(ctx, c.actor, req); err == nil {
			if !dup && h.opts.Sends != nil {
				h.opts.Sends.ObserveSend(m.SenderType, "realtime", started)
			}
			return ackOf(f.Ref, c.role, m, dup, h.hub.links)
		}
	case FrameRead:
		if err = h.backend.MarkRead(ctx, c.actor, f.ConversationID, f.Seq); err == nil {
			b, _ := json.Marshal(ackFrame{Type: frameAck, Ref: f.Ref})
			return b
		}
	case FrameTyping:
		if err = h.backend.Typing(ctx, c.actor, f.ConversationID, f.Typing, f.Private); err == nil {
			return nil
		}
	}
	if kefu.ErrorCode(err) == kefu.CodeInternal {
		h.log.Error("realtime: request failed", "err", err, "frame", f.Type, "role", string(c.role),
			"org_id", c.actor.OrgID, "conversation_id", f.ConversationID)
	}
	return errorFrameOf(f.Ref, err)
}

// changeViews answers a views frame: agents' connections take the new views at once (the
// next event is filtered by them); visitors have none.
func (h *Handler) changeViews(c *conn, f ClientFrame) []byte {
	if c.role != kefu.ActorAgent {
		return errorFrameOf(f.Ref, kefu.FieldError("type", "views are for agents"))
	}
	c.setViews(f.Views, f.ConversationID)
	b, _ := json.Marshal(ackFrame{Type: frameAck, Ref: f.Ref})
	return b
}

// ackOf encodes the ack of a committed message, projected for the sender's role. dup comes
// from the store, which alone knows whether the client id was already used: concurrent retries
// of one client id get exactly one dup=false between them.
func ackOf(ref string, role kefu.ActorKind, m *kefu.Message, dup bool, links kefu.AttachmentLinker) []byte {
	var vm *kefu.VisitorMessage
	if role == kefu.ActorVisitor {
		vm = kefu.NewVisitorMessage(m, links)
	}
	return jsonenc.Encode(func(b []byte) []byte { return appendAck(b, ref, m, vm, dup) })
}

// refOf digs the ref out of a frame that failed to decode, so the client can still match the
// error to its request.
func refOf(data []byte) string {
	var f struct {
		Ref string `json:"ref"`
	}
	if !utf8.Valid(data) || json.Unmarshal(data, &f) != nil || len(f.Ref) > MaxRefLen {
		return ""
	}
	return f.Ref
}

// admitError maps an admit failure to the error clients see.
func admitError(err error) *kefu.Error {
	if err == errShuttingDown {
		return kefu.Errorf(kefu.CodeUnavailable, "server shutting down; reconnect")
	}
	return kefu.Errorf(kefu.CodeOverloaded, "over capacity; retry later")
}
