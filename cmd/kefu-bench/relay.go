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

// startRelay finds or starts the relay the baseline scenarios drive: the one at --relay-addr, a
// separate process started from this executable, or one inside this process when the config
// asks (tests, tiny sizes). cpu is nil when the relay's CPU cannot be measured apart.
func (b *bench) startRelay(ctx context.Context) (addr string, cpu func() cpuMeter, stop func(), err error) {
	switch {
	case b.cfg.RelayAddr != "":
		return b.cfg.RelayAddr, nil, func() {}, nil
	case b.cfg.RelayInProc:
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return "", nil, nil, err
		}
		srv := &http.Server{Handler: newRelay().handler(), ReadHeaderTimeout: 10 * time.Second}
		go srv.Serve(ln)
		return ln.Addr().String(), nil, func() { srv.Close() }, nil
	}
	exe, err := os.Executable()
	if err != nil {
		return "", nil, nil, err
	}
	p, err := spawnServer(ctx, exe, []string{"relay", "--addr", "127.0.0.1:0"}, nil, filepath.Join(os.TempDir(), "kefu-bench-relay.log"))
	if err != nil {
		return "", nil, nil, err
	}
	rb := &bench{srv: p}
	return p.addr, rb.cpuStart, func() { p.stop(5 * time.Second) }, nil
}

// relayURLs are the relay's visitor and agent WebSocket URLs, the paths kefu serves them on.
func relayURLs(addr string) (visitor, agent string) {
	return "ws://" + addr + "/api/v1/widget/ws", "ws://" + addr + "/api/v1/ws"
}

// relayAgents are the baseline's agents: on the relay an agent's token is its id.
func relayAgents(n int) []agentCred {
	as := make([]agentCred, n)
	for i := range as {
		as[i] = agentCred{ID: fmt.Sprint(i), Token: fmt.Sprint(i)}
	}
	return as
}

// relayVisitors are n visitors of conversations "conv-i", conversation i assigned to agent
// i mod len(agents), as the relay's visitor tokens say.
func relayVisitors(n int, agents []agentCred) []visitorCred {
	vs := make([]visitorCred, n)
	for i := range vs {
		id := fmt.Sprintf("conv-%d", i)
		vs[i] = visitorCred{Token: id + "/" + agents[i%len(agents)].ID, ConvID: id}
	}
	return vs
}

// baseline runs the chat scenario against the relay.
func (b *bench) baseline(ctx context.Context, r *Result) error {
	addr, cpu, stop, err := b.startRelay(ctx)
	if err != nil {
		return err
	}
	defer stop()
	agents := relayAgents(b.cfg.ChatAgents)
	t := chatTarget{run: "baseline", cpu: cpu, agents: agents, visitors: relayVisitors(b.cfg.ChatVisitors, agents)}
	t.visitorURL, t.agentURL = relayURLs(addr)
	return runChat(ctx, t, b.cfg, r)
}

// baselineMax runs the max scenario against the relay: every conversation is assigned to the
// one agent, so its connection observes every message, as kefu's observer with scope "all"
// does. The relay cannot replay, so an observer it drops as slow shows as loss.
func (b *bench) baselineMax(ctx context.Context, r *Result) error {
	addr, cpu, stop, err := b.startRelay(ctx)
	if err != nil {
		return err
	}
	defer stop()
	agents := relayAgents(1)
	t := maxTarget{run: "baseline", cpu: cpu, agentToken: agents[0].Token, visitors: relayVisitors(maxSenders(b.cfg), agents)}
	t.visitorURL, t.agentURL = relayURLs(addr)
	return runMax(ctx, t, b.cfg, r, b.log)
}
