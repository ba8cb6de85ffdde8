package realtime

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/kefu-dev/kefu/internal/kefu"
)

func TestHelloFailures(t *testing.T) {
	tests := []struct {
		name   string
		path   string
		header http.Header
		hello  string // "" = send nothing
		code   int
	}{
		{"no hello in time", "/api/v1/ws", nil, "", CloseUnauthenticated},
		{"first frame not hello", "/api/v1/ws", nil, `{"type":"ping","ref":"p"}`, CloseUnauthenticated},
		{"malformed hello", "/api/v1/ws", nil, `{"type":"hello","token":`, CloseUnauthenticated},
		{"unknown field in hello", "/api/v1/ws", nil, `{"type":"hello","token":"tok-a1","extra":1}`, CloseUnauthenticated},
		{"bad agent token", "/api/v1/ws", nil, `{"type":"hello","token":"nope"}`, CloseUnauthenticated},
		{"no token and no cookie", "/api/v1/ws", nil, `{"type":"hello"}`, CloseUnauthenticated},
		{"agent hello with since", "/api/v1/ws", nil, `{"type":"hello","token":"tok-a1","since":{"conv1":1}}`, CloseUnauthenticated},
		{"visitor token on agent socket", "/api/v1/ws", nil, `{"type":"hello","token":"vtok-1"}`, CloseUnauthenticated},
		{"visitor without token", "/api/v1/widget/ws", nil, `{"type":"hello","since":{}}`, CloseUnauthenticated},
		{"visitor with cursor", "/api/v1/widget/ws", nil, `{"type":"hello","token":"vtok-1","cursor":1}`, CloseUnauthenticated},
		{"bad visitor token", "/api/v1/widget/ws", nil, `{"type":"hello","token":"tok-a1"}`, CloseUnauthenticated},
		{"visitor origin not allowed", "/api/v1/widget/ws", http.Header{"Origin": {"https://evil.example"}}, `{"type":"hello","token":"vtok-1"}`, ClosePolicy},
	}
	e := newEnv(t, HubOptions{}, HandlerOptions{HelloTimeout: 200 * time.Millisecond})
	e.backend.visitorOrigins = map[string]bool{"https://shop.example": true}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := e.dial(tt.path, tt.header)
			c.t = t
			if tt.hello != "" {
				c.sendRaw([]byte(tt.hello))
			}
			c.expectClose(tt.code)
		})
	}
	waitFor(t, "no registered connections", func() bool { a, v := e.hub.Counts(); return a == 0 && v == 0 })
}

func TestAgentOriginRefusedBeforeUpgrade(t *testing.T) {
	e := newEnv(t, HubOptions{}, HandlerOptions{})
	e.backend.agentOrigins["https://app.example"] = true
	_, resp, err := websocket.DefaultDialer.Dial(e.wsURL("/api/v1/ws"), http.Header{"Origin": {"https://evil.example"}})
	if err == nil || resp == nil || resp.StatusCode != http.StatusForbidden {
		t.Fatalf("got err %v, resp %v, want HTTP 403", err, resp)
	}
	c := e.dial("/api/v1/ws", http.Header{"Origin": {"https://app.example"}})
	c.send(ClientFrame{Type: FrameHello, Token: "tok-a1"})
	if f := c.next(); f.Type != frameWelcome {
		t.Fatalf("got %s, want welcome from an allowed origin", f.raw)
	}
}

func TestAgentCookieAuth(t *testing.T) {
	e := newEnv(t, HubOptions{}, HandlerOptions{})
	c := e.dial("/api/v1/ws", http.Header{"Cookie": {sessionCookie + "=tok-a2"}})
	c.send(ClientFrame{Type: FrameHello})
	if f := c.next(); f.Type != frameWelcome || *f.Cursor != 2 {
		t.Fatalf("got %s, want welcome with cursor 2", f.raw)
	}
	waitFor(t, "a2 connected", func() bool { return e.hub.ConnectedAgents("org1")["a2"] })
}

// cursors reads frames until one with cursor want arrives, returning every cursor seen.
func cursors(c *wsClient, want int64) []int64 {
	c.t.Helper()
	var got []int64
	for {
		f := c.next()
		if f.Cursor == nil {
			c.t.Fatalf("got frame %s without cursor", f.raw)
		}
		got = append(got, *f.Cursor)
		if *f.Cursor >= want {
			return got
		}
	}
}

func equalInts(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestAgentResumeExactlyOnce(t *testing.T) {
	e := newEnv(t, HubOptions{}, HandlerOptions{})
	b := e.backend
	for range 3 {
		b.addMessage("conv1", kefu.SenderContact, kefu.KindText, "before") // seqs 3..5
	}
	// While the connection replays, a new event is committed and published: it is queued
	// (the connection registered first) and must come once, after the replay.
	b.onReplay = func() { b.post("conv1", kefu.SenderContact, kefu.KindText, "during") } // 6
	c, w := e.agent("tok-a1", ptr[int64](2))
	if *w.Cursor != 5 {
		t.Fatalf("got welcome cursor %d, want 5 (latest when connecting)", *w.Cursor)
	}
	if got := cursors(c, 6); !equalInts(got, []int64{3, 4, 5, 6}) {
		t.Fatalf("got cursors %v, want [3 4 5 6]", got)
	}
	// Two events committed but never published (a lost bus message), then one published:
	// the gap is refilled from the backend before it.
	b.addMessage("conv1", kefu.SenderContact, kefu.KindText, "lost")   // 7
	b.addMessage("conv2", kefu.SenderContact, kefu.KindText, "lost")   // 8
	ev9 := b.post("conv1", kefu.SenderContact, kefu.KindText, "after") // 9
	if got := cursors(c, 9); !equalInts(got, []int64{7, 8, 9}) {
		t.Fatalf("got cursors %v, want [7 8 9]", got)
	}
	e.hub.Publish([]kefu.Event{ev9})                           // a duplicate delivery is dropped
	b.post("conv1", kefu.SenderContact, kefu.KindText, "next") // 10
	if got := cursors(c, 10); !equalInts(got, []int64{10}) {
		t.Fatalf("got cursors %v, want [10]", got)
	}
}

func TestAgentLiveFromNow(t *testing.T) {
	e := newEnv(t, HubOptions{}, HandlerOptions{})
	c, w := e.agent("tok-a1", nil)
	if *w.Cursor != 2 {
		t.Fatalf("got welcome cursor %d, want 2", *w.Cursor)
	}
	e.backend.post("conv1", kefu.SenderContact, kefu.KindText, "hi")
	f := c.next()
	if f.Type != string(kefu.EventMessageCreated) || *f.Cursor != 3 || f.message(t).SenderID != "sender-secret" {
		t.Fatalf("got %s, want message.created cursor 3 with the full message", f.raw)
	}
	if e.backend.replayCalls != 0 {
		t.Fatalf("got %d replay calls, want 0 when starting live", e.backend.replayCalls)
	}
}

func TestAgentResyncRequired(t *testing.T) {
	tests := []struct {
		name   string
		cursor int64
	}{
		{"older than retained", 0},
		{"from the future", 99},
	}
	e := newEnv(t, HubOptions{}, HandlerOptions{})
	e.backend.retainAfter = 1
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := e.dial("/api/v1/ws", nil)
			c.t = t
			c.send(ClientFrame{Type: FrameHello, Token: "tok-a1", Cursor: &tt.cursor})
			if f := c.next(); f.Type != frameResyncRequired {
				t.Fatalf("got %s, want resync_required", f.raw)
			}
			c.expectClose(CloseResyncRequired)
		})
	}
}

func TestAgentsOfOtherOrgSeeNothing(t *testing.T) {
	e := newEnv(t, HubOptions{}, HandlerOptions{})
	x, _ := e.agent("tok-x", nil)
	e.backend.post("conv1", kefu.SenderContact, kefu.KindText, "org1 only")
	x.expectSilence(100 * time.Millisecond)
}

func jsonKeys(t *testing.T, raw json.RawMessage) []string {
	t.Helper()
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatalf("%s: %v", raw, err)
	}
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	return keys
}

func sameKeys(got []string, want string) bool {
	w := strings.Fields(want)
	if len(got) != len(w) {
		return false
	}
	set := map[string]bool{}
	for _, k := range got {
		set[k] = true
	}
	for _, k := range w {
		if !set[k] {
			return false
		}
	}
	return true
}

const (
	visitorMessageKeys      = "id conversation_id seq sender_type sender_name kind content attachments client_msg_id created_at"
	visitorConversationKeys = "id inbox_id status last_seq contact_last_read_seq agent_last_read_seq last_activity_at created_at rating offline_message bot_state"
)

func TestVisitorProjectionAndRouting(t *testing.T) {
	e := newEnv(t, HubOptions{}, HandlerOptions{})
	b := e.backend
	v1 := e.visitor("vtok-1", nil)
	if f := v1.next(); f.Type != string(kefu.EventConversationUpdated) || !sameKeys(jsonKeys(t, f.Conversation), visitorConversationKeys) {
		t.Fatalf("got %s, want the conversation snapshot with only %s", f.raw, visitorConversationKeys)
	}
	v2 := e.visitor("vtok-2", nil)
	v2.next()                          // conv2 snapshot
	other := e.visitor("vtok-1b", nil) // same contact, other inbox: no conversations
	agent, _ := e.agent("tok-a1", nil)

	b.post("conv1", kefu.SenderAgent, kefu.KindText, "hello")       // seq 1
	b.post("conv1", kefu.SenderAgent, kefu.KindNote, "secret note") // seq 2
	b.post("conv1", kefu.SenderAgent, kefu.KindText, "again")       // seq 3

	for _, want := range []int64{1, 3} {
		f := v1.next()
		if f.Type != string(kefu.EventMessageCreated) || f.Cursor != nil {
			t.Fatalf("got %s, want message.created without cursor", f.raw)
		}
		if !sameKeys(jsonKeys(t, f.Message), visitorMessageKeys) || !sameKeys(jsonKeys(t, f.Conversation), visitorConversationKeys) {
			t.Fatalf("got frame %s, want message keys %q and conversation keys %q", f.raw, visitorMessageKeys, visitorConversationKeys)
		}
		if m := f.message(t); m.Seq != want || m.SenderName != "Alice" || strings.Contains(string(f.raw), "secret") {
			t.Fatalf("got %s, want seq %d with sender name and no secrets", f.raw, want)
		}
	}
	if b.refillCalls != 0 {
		t.Fatalf("got %d refills, want 0: the note must advance the visitor's seq", b.refillCalls)
	}
	for i := range 3 {
		if f := agent.next(); *f.Cursor != int64(3+i) {
			t.Fatalf("agent got %s, want cursor %d", f.raw, 3+i)
		}
	}
	v2.expectSilence(50 * time.Millisecond)
	other.expectSilence(50 * time.Millisecond)
}

func TestVisitorResumeAndGapRefill(t *testing.T) {
	e := newEnv(t, HubOptions{}, HandlerOptions{})
	b := e.backend
	b.addMessage("conv1", kefu.SenderContact, kefu.KindText, "one") // 1
	b.addMessage("conv1", kefu.SenderAgent, kefu.KindNote, "note")  // 2
	b.addMessage("conv1", kefu.SenderAgent, kefu.KindText, "three") // 3
	v := e.visitor("vtok-1", map[string]int64{"conv1": 1})
	if f := v.next(); f.Type != string(kefu.EventConversationUpdated) {
		t.Fatalf("got %s, want the snapshot first", f.raw)
	}
	if f := v.next(); f.message(t).Seq != 3 {
		t.Fatalf("got %s, want only seq 3 after since 1 (2 is a note)", f.raw)
	}
	b.addMessage("conv1", kefu.SenderAgent, kefu.KindText, "lost") // 4, never published
	b.post("conv1", kefu.SenderAgent, kefu.KindText, "five")       // 5: refills 4 first
	for _, want := range []int64{4, 5} {
		if f := v.next(); f.message(t).Seq != want {
			t.Fatalf("got %s, want seq %d", f.raw, want)
		}
	}
	v.expectSilence(50 * time.Millisecond)
}

func TestSendAckAndDuplicate(t *testing.T) {
	e := newEnv(t, HubOptions{}, HandlerOptions{})
	v := e.visitor("vtok-1", nil)
	v.next() // snapshot
	send := ClientFrame{Type: FrameSend, Ref: "c1", ConversationID: "conv1", ClientMsgID: "m-1", Content: "你好 <b>"}
	v.send(send)
	var ack, created frame
	for ack.Type == "" || created.Type == "" { // either order is allowed
		switch f := v.next(); f.Type {
		case frameAck:
			ack = f
		case string(kefu.EventMessageCreated):
			created = f
		default:
			t.Fatalf("got %s, want ack and message.created", f.raw)
		}
	}
	if ack.Ref != "c1" || ack.Duplicate == nil || *ack.Duplicate || !sameKeys(jsonKeys(t, ack.Message), visitorMessageKeys) {
		t.Fatalf("got ack %s, want ref c1, duplicate false, projected message", ack.raw)
	}
	if m := ack.message(t); m.Content != "你好 <b>" || m.ID != created.message(t).ID {
		t.Fatalf("got ack message %+v, want the content as sent and the same id as message.created", m)
	}
	send.Ref = "c2"
	v.send(send)
	if f := v.next(); f.Type != frameAck || f.Ref != "c2" || !*f.Duplicate || f.message(t).ID != created.message(t).ID {
		t.Fatalf("got %s, want a duplicate ack of the original message", f.raw)
	}
	v.expectSilence(50 * time.Millisecond) // no second message.created
}

func TestRequestErrorsKeepConnection(t *testing.T) {
	tests := []struct {
		name  string
		frame string
		ref   string
		code  kefu.Code
	}{
		{"unknown field", `{"type":"send","ref":"r1","conversation_id":"conv1","client_msg_id":"x","content":"a","bogus":1}`, "r1", kefu.CodeMalformed},
		{"wrong type", `{"type":"read","ref":"r2","conversation_id":"conv1","seq":"7"}`, "r2", kefu.CodeMalformed},
		{"not an object", `[1,2]`, "", kefu.CodeMalformed},
		{"invalid utf-8", "{\"type\":\"ping\",\"ref\":\"\xff\"}", "", kefu.CodeMalformed},
		{"unknown type", `{"type":"dance","ref":"r3"}`, "r3", kefu.CodeInvalid},
		{"second hello", `{"type":"hello","token":"vtok-1"}`, "", kefu.CodeInvalid},
		{"conversation of another contact", `{"type":"send","ref":"r4","conversation_id":"conv2","client_msg_id":"x","content":"a"}`, "r4", kefu.CodeNotFound},
		{"visitor note", `{"type":"send","ref":"r5","conversation_id":"conv1","client_msg_id":"x","content":"a","kind":"note"}`, "r5", kefu.CodeInvalid},
		{"backend failure", `{"type":"send","ref":"r6","conversation_id":"conv1","client_msg_id":"y","content":"boom"}`, "r6", kefu.CodeInternal},
		{"typing elsewhere", `{"type":"typing","ref":"r7","conversation_id":"conv2","typing":true}`, "r7", kefu.CodeNotFound},
	}
	e := newEnv(t, HubOptions{}, HandlerOptions{})
	v := e.visitor("vtok-1", nil)
	v.next() // snapshot
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v.t = t
			v.sendRaw([]byte(tt.frame))
			f := v.next()
			if f.Type != frameError || f.Ref != tt.ref || f.code() != string(tt.code) {
				t.Fatalf("got %s, want error ref %q code %s", f.raw, tt.ref, tt.code)
			}
			if tt.code == kefu.CodeInternal && strings.Contains(string(f.raw), "fire") {
				t.Fatalf("got %s, want the internal cause hidden", f.raw)
			}
			v.send(ClientFrame{Type: FramePing, Ref: "p"})
			if f := v.next(); f.Type != framePong || f.Ref != "p" {
				t.Fatalf("got %s, want pong p: the connection must stay open", f.raw)
			}
		})
	}
	if err := v.ws.WriteMessage(websocket.BinaryMessage, []byte(`{"type":"ping"}`)); err != nil {
		t.Fatal(err)
	}
	v.t = t
	if f := v.next(); f.Type != frameError || f.code() != string(kefu.CodeMalformed) {
		t.Fatalf("got %s, want malformed_request for a binary frame", f.raw)
	}
}

func TestReadAndTyping(t *testing.T) {
	e := newEnv(t, HubOptions{}, HandlerOptions{})
	v := e.visitor("vtok-1", nil)
	v.next()
	a, _ := e.agent("tok-a1", nil)
	v.send(ClientFrame{Type: FrameRead, Ref: "r", ConversationID: "conv1", Seq: 0})
	if f := v.next(); f.Type != frameAck || f.Ref != "r" || f.Message != nil {
		t.Fatalf("got %s, want a bare ack", f.raw)
	}
	e.backend.mu.Lock()
	reads := slices.Clone(e.backend.reads)
	e.backend.mu.Unlock()
	if len(reads) != 1 || reads[0] != "conv1:0" {
		t.Fatalf("got reads %v, want [conv1:0]", reads)
	}
	a.send(ClientFrame{Type: FrameTyping, ConversationID: "conv1", Typing: true, Private: true})
	a.send(ClientFrame{Type: FrameTyping, ConversationID: "conv1", Typing: true})
	for range 2 {
		if f := a.next(); f.Type != string(kefu.EventTyping) || f.Cursor != nil {
			t.Fatalf("agent got %s, want typing without cursor", f.raw)
		}
	}
	f := v.next() // only the public one
	if f.Type != string(kefu.EventTyping) || !sameKeys(jsonKeys(t, f.Typing), "sender_type name typing") {
		t.Fatalf("visitor got %s, want projected typing", f.raw)
	}
	v.send(ClientFrame{Type: FrameTyping, ConversationID: "conv1", Typing: true})
	if f := a.next(); f.Type != string(kefu.EventTyping) {
		t.Fatalf("agent got %s, want the visitor's typing", f.raw)
	}
	v.expectSilence(50 * time.Millisecond) // the contact's own typing is not echoed
}

func TestPresence(t *testing.T) {
	e := newEnv(t, HubOptions{}, HandlerOptions{})
	a1, _ := e.agent("tok-a1", nil)
	a2, _ := e.agent("tok-a2", nil)
	second, _ := e.agent("tok-a2", nil) // a2's second tab: no new presence
	want := func(agent string, connected bool) {
		t.Helper()
		for {
			f := a1.nextAny()
			if f.Type != string(kefu.EventPresence) {
				t.Fatalf("got %s, want presence", f.raw)
			}
			if f.Presence.AgentID == "a1" {
				continue // its own
			}
			if f.Presence.AgentID != agent || f.Presence.Connected != connected || f.Cursor != nil {
				t.Fatalf("got %s, want presence of %s connected=%v", f.raw, agent, connected)
			}
			return
		}
	}
	want("a2", true)
	if got := e.hub.ConnectedAgents("org1"); !got["a1"] || !got["a2"] || len(got) != 2 {
		t.Fatalf("got connected agents %v, want a1 and a2", got)
	}
	a2.ws.Close()
	a1.expectSilence(100 * time.Millisecond) // a2 still has a tab
	second.ws.Close()
	want("a2", false)
	waitFor(t, "a2 gone", func() bool { return !e.hub.ConnectedAgents("org1")["a2"] })
}

func TestRateLimit(t *testing.T) {
	e := newEnv(t, HubOptions{}, HandlerOptions{SendRate: 0.001, SendBurst: 2})
	a, _ := e.agent("tok-a1", nil)
	for i, ref := range []string{"s1", "s2", "s3"} {
		a.send(ClientFrame{Type: FrameRead, Ref: ref, ConversationID: "conv1", Seq: int64(i)})
	}
	got := map[string]string{}
	for len(got) < 3 {
		f := a.next()
		if f.Type == frameAck || f.Type == frameError {
			got[f.Ref] = f.Type + f.code()
		}
	}
	if got["s1"] != "ack" || got["s2"] != "ack" || got["s3"] != "error"+string(kefu.CodeRateLimited) {
		t.Fatalf("got %v, want two acks and rate_limited", got)
	}
	a.send(ClientFrame{Type: FramePing, Ref: "p"})
	if f := a.next(); f.Type != framePong {
		t.Fatalf("got %s, want pong: a rate-limited connection stays open", f.raw)
	}
}

func TestOversizeFrame(t *testing.T) {
	e := newEnv(t, HubOptions{}, HandlerOptions{MaxFrameBytes: 1024})
	a, _ := e.agent("tok-a1", nil)
	a.send(ClientFrame{Type: FrameSend, Ref: "big", ConversationID: "conv1", ClientMsgID: "x", Content: strings.Repeat("x", 2000)})
	a.expectClose(CloseTooBig)
}

func TestOverCapacity(t *testing.T) {
	e := newEnv(t, HubOptions{MaxConnections: 1}, HandlerOptions{})
	e.agent("tok-a1", nil)
	c := e.dial("/api/v1/ws", nil)
	ce := c.expectClose(CloseTryAgainLater)
	// The close reason and SSE's Retry-After say the same, the policy's wait for overloaded.
	wait := retryAfterHeader(kefu.CodeOverloaded)
	if !strings.Contains(ce.Text, "retry_after="+wait) {
		t.Fatalf("got reason %q, want retry_after=%s", ce.Text, wait)
	}
	s := e.openSSE("/api/v1/widget/events?token=vtok-1", nil)
	if s.resp.StatusCode != http.StatusTooManyRequests || s.resp.Header.Get("Retry-After") != wait {
		t.Fatalf("got HTTP %d Retry-After %q, want 429 and %s", s.resp.StatusCode, s.resp.Header.Get("Retry-After"), wait)
	}
}

func TestShutdown(t *testing.T) {
	e := newEnv(t, HubOptions{}, HandlerOptions{})
	a, _ := e.agent("tok-a1", nil)
	v := e.visitor("vtok-1", nil)
	pending := e.dial("/api/v1/ws", nil) // no hello yet
	s := e.openSSE("/api/v1/events", http.Header{"Authorization": {"Bearer tok-a2"}})
	if ev := s.next(); ev.event != frameWelcome {
		t.Fatalf("got %+v, want welcome", ev)
	}
	waitFor(t, "3 registered", func() bool { a, v := e.hub.Counts(); return a == 2 && v == 1 })
	done := make(chan struct{})
	go func() {
		defer close(done)
		ctx, cancel := contextWithTimeout(5 * time.Second)
		defer cancel()
		e.hub.Shutdown(ctx)
	}()
	for _, c := range []*wsClient{a, v, pending} {
		if ce := c.expectClose(CloseGoingAway); !strings.Contains(ce.Text, "reconnect") {
			t.Fatalf("got reason %q, want it to say reconnect", ce.Text)
		}
	}
	if ev := s.next(); ev.event != frameReconnect || !strings.Contains(ev.data, `"code":1001`) {
		t.Fatalf("got %+v, want a reconnect frame with code 1001", ev)
	}
	s.expectEnd()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Shutdown did not return")
	}
	if a, v := e.hub.Counts(); a != 0 || v != 0 {
		t.Fatalf("got counts %d/%d, want 0/0", a, v)
	}
	late := e.dial("/api/v1/ws", nil)
	late.expectClose(CloseGoingAway)
}
