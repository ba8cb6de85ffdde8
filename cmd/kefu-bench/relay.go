package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

// relay is the baseline: the smallest server that speaks the part of kefu's realtime protocol
// the chat scenario uses — hello/welcome, send/ack, message.created to the conversation's
// visitor and to its agent — with per-conversation seqs in memory, no persistence, no auth.
// The gap between it and kefu is what durability, authorisation and routing cost.
//
// Tokens name the parties: an agent's token is its id; a visitor's is "conversation id/agent
// id", the agent the conversation is assigned to (kefu would know it from its database).
type relay struct {
	up       websocket.Upgrader
	mu       sync.RWMutex
	agents   map[string]map[*relayConn]struct{} // agent id → connections
	visitors map[string]map[*relayConn]struct{} // conversation id → visitor connections
	assignee map[string]string                  // conversation id → agent id
	seqs     map[string]int64
	ids      atomic.Int64
}

type relayConn struct {
	ws *websocket.Conn
	q  chan []byte // bounded like kefu's send queue; a full queue closes the connection
}

func newRelay() *relay {
	return &relay{
		up:     websocket.Upgrader{ReadBufferSize: 1024, WriteBufferSize: 1024, CheckOrigin: func(*http.Request) bool { return true }},
		agents: map[string]map[*relayConn]struct{}{}, visitors: map[string]map[*relayConn]struct{}{},
		assignee: map[string]string{}, seqs: map[string]int64{},
	}
}

func (rl *relay) handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v1/ws", func(w http.ResponseWriter, r *http.Request) { rl.serve(w, r, "agent") })
	mux.HandleFunc("GET /api/v1/widget/ws", func(w http.ResponseWriter, r *http.Request) { rl.serve(w, r, "visitor") })
	return mux
}

func (rl *relay) serve(w http.ResponseWriter, r *http.Request, role string) {
	ws, err := rl.up.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	defer ws.Close()
	var hello struct {
		Token string `json:"token"`
	}
	if ws.ReadJSON(&hello) != nil {
		return
	}
	c := &relayConn{ws: ws, q: make(chan []byte, 256)}
	go c.write()
	defer close(c.q)
	rl.register(c, role, hello.Token, true)
	defer rl.register(c, role, hello.Token, false)
	c.q <- []byte(`{"type":"welcome","role":"` + role + `"}`)
	sender := map[string]string{"agent": "agent", "visitor": "contact"}[role]
	for {
		var f sendFrame
		if ws.ReadJSON(&f) != nil {
			return
		}
		rl.send(c, sender, f)
	}
}

func (c *relayConn) write() {
	for b := range c.q {
		if c.ws.WriteMessage(websocket.TextMessage, b) != nil {
			c.ws.Close()
		}
	}
}

// offer queues b without blocking; a slow connection is closed, like kefu does.
func (c *relayConn) offer(b []byte) {
	select {
	case c.q <- b:
	default:
		c.ws.Close()
	}
}

// register adds or removes c under its token (see relay).
func (rl *relay) register(c *relayConn, role, token string, add bool) {
	rl.mu.Lock()
	defer rl.mu.Unlock()
	if role == "agent" {
		addOrRemove(rl.agents, token, c, add)
		return
	}
	conv, agent, _ := strings.Cut(token, "/")
	rl.assignee[conv] = agent
	addOrRemove(rl.visitors, conv, c, add)
}

func addOrRemove(m map[string]map[*relayConn]struct{}, key string, c *relayConn, add bool) {
	if !add {
		delete(m[key], c)
		return
	}
	if m[key] == nil {
		m[key] = map[*relayConn]struct{}{}
	}
	m[key][c] = struct{}{}
}

// send numbers the message, acks it and fans it out to the conversation's visitors and agent.
func (rl *relay) send(from *relayConn, senderType string, f sendFrame) {
	rl.mu.Lock()
	rl.seqs[f.ConversationID]++
	m := wireMessage{ID: "m" + strconv.FormatInt(rl.ids.Add(1), 10), ConversationID: f.ConversationID,
		Seq: rl.seqs[f.ConversationID], SenderType: senderType, Content: f.Content, ClientMsgID: f.ClientMsgID}
	rl.mu.Unlock()
	ack, _ := json.Marshal(map[string]any{"type": "ack", "ref": f.Ref, "duplicate": false, "message": m})
	ev, _ := json.Marshal(map[string]any{"type": "message.created", "conversation_id": m.ConversationID, "message": m})
	from.offer(ack)
	rl.mu.RLock()
	defer rl.mu.RUnlock()
	for c := range rl.visitors[f.ConversationID] {
		c.offer(ev)
	}
	for c := range rl.agents[rl.assignee[f.ConversationID]] {
		c.offer(ev)
	}
}

// serveRelay is `kefu-bench relay --addr A`: the relay as its own process, so that the load
// generator and the server under test stay separate, as with kefu.
func serveRelay(ctx context.Context, args []string, log *slog.Logger) error {
	fs := flag.NewFlagSet("relay", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:0", "listen address")
	if err := fs.Parse(args); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: newRelay().handler(), ReadHeaderTimeout: 10 * time.Second}
	log.Info("relay listening", "addr", ln.Addr().String())
	go func() { <-ctx.Done(); srv.Close() }()
	if err := srv.Serve(ln); err != http.ErrServerClosed {
		return err
	}
	return nil
}

// baseline runs the chat scenario against the relay: a separate process started from this
// executable, or one inside this process when the config asks (tests, tiny sizes).
func (b *bench) baseline(ctx context.Context, r *Result) error {
	addr, cpu := b.cfg.RelayAddr, func() cpuMeter { return cpuMeter{} }
	switch {
	case addr != "":
	case b.cfg.RelayInProc:
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return err
		}
		srv := &http.Server{Handler: newRelay().handler()}
		go srv.Serve(ln)
		defer srv.Close()
		addr = ln.Addr().String()
		cpu = nil
	default:
		exe, err := os.Executable()
		if err != nil {
			return err
		}
		p, err := spawnServer(ctx, exe, []string{"relay", "--addr", "127.0.0.1:0"}, nil, filepath.Join(os.TempDir(), "kefu-bench-relay.log"))
		if err != nil {
			return err
		}
		defer p.stop(5 * time.Second)
		addr = p.addr
		rb := &bench{srv: p}
		cpu = rb.cpuStart
	}
	n := b.cfg.ChatVisitors
	t := chatTarget{visitorURL: "ws://" + addr + "/api/v1/widget/ws", agentURL: "ws://" + addr + "/api/v1/ws", run: "baseline", cpu: cpu}
	for i := range b.cfg.ChatAgents {
		t.agents = append(t.agents, agentCred{ID: fmt.Sprint(i), Token: fmt.Sprint(i)})
	}
	for i := range n {
		id := fmt.Sprintf("conv-%d", i)
		t.visitors = append(t.visitors, visitorCred{Token: id + "/" + t.agents[i%len(t.agents)].ID, ConvID: id})
	}
	return runChat(ctx, t, b.cfg, r)
}
