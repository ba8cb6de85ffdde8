package main

// One integration test per guarantee of DESIGN.md, each on every database. Durability across a
// crash is in durability_test.go.

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/kefu-dev/kefu/internal/auth/authtest"
)

// TestGuaranteeAckAfterCommit (guarantee 1): right after each ack — REST 201 or WebSocket ack
// frame, from a visitor and an agent — the message is in the database as seen by a connection
// that is not kefu's.
func TestGuaranteeAckAfterCommit(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		s := mustRunIdleSafe(t, testConfig(t, db))
		o := s.mustSetupOrg("Ack")
		v := s.mustVisitor(o.WidgetKey)
		conv := s.mustStartConversation(v, "hello")
		dbc := openIndependentDB(t, s.Config)
		lastSeq := int64(1)
		check := func(how string, a ackedMessage) {
			t.Helper()
			if got := dbc.storedSeq(t, conv, a.ID); got != a.Seq {
				t.Fatalf("%s: message %s acked with seq %d: got stored seq %d (-1 = no row), want it committed before the ack", how, a.ID, a.Seq, got)
			}
			if a.Seq != lastSeq+1 {
				t.Fatalf("%s: got seq %d, want %d", how, a.Seq, lastSeq+1)
			}
			lastSeq = a.Seq
		}
		const n = 15
		for i := range n {
			check("visitor REST", mustRESTSend(t, s, v.Token, conv, fmt.Sprintf("vr-%d", i), "visitor over REST", true))
			check("agent REST", mustRESTSend(t, s, o.Tokens["agent"], conv, fmt.Sprintf("ar-%d", i), "agent over REST", false))
		}
		vws := s.dialWS("/api/v1/widget/ws", map[string]any{"token": v.Token})
		mustWelcome(t, vws)
		aws := s.dialWS("/api/v1/ws", map[string]any{"token": o.Tokens["agent"]})
		mustWelcome(t, aws)
		for i := range n {
			for _, c := range []struct {
				how string
				ws  *websocket.Conn
			}{{"visitor-ws", vws}, {"agent-ws", aws}} {
				a, err := wsSendAndAck(c.ws, fmt.Sprintf("r%d", i), conv, fmt.Sprintf("%s-%d", c.how, i), c.how, 10*time.Second)
				if err != nil {
					t.Fatalf("%s: %v", c.how, err)
				}
				check(c.how, a)
			}
		}
		assertGapFree(t, dbc.messages(t, conv))
	})
}

// TestGuaranteeExactlyOnce (guarantee 2): a retried client_msg_id — sequential or ten at once,
// over REST and WebSocket — answers with the original message and stores one copy.
func TestGuaranteeExactlyOnce(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		s := mustRunIdleSafe(t, testConfig(t, db))
		o := s.mustSetupOrg("Once")
		v := s.mustVisitor(o.WidgetKey)
		conv := s.mustStartConversation(v, "hello")
		dbc := openIndependentDB(t, s.Config)
		assertOne := func(clientID string) {
			t.Helper()
			if n := dbc.countClientID(t, conv, clientID); n != 1 {
				t.Fatalf("%s: got %d stored copies, want 1", clientID, n)
			}
		}

		t.Run("REST retry", func(t *testing.T) {
			for _, who := range []struct {
				token  string
				widget bool
			}{{v.Token, true}, {o.Tokens["agent"], false}} {
				id := fmt.Sprintf("rest-retry-%v", who.widget)
				first := mustRESTSend(t, s, who.token, conv, id, "once", who.widget)
				again := mustRESTSend(t, s, who.token, conv, id, "once again", who.widget)
				if first.Status != 201 || first.Duplicate {
					t.Errorf("%s first send: got status %d duplicate=%v, want 201 false", id, first.Status, first.Duplicate)
				}
				if again.Status != 200 || !again.Duplicate || again.ID != first.ID || again.Seq != first.Seq {
					t.Errorf("%s retry: got %+v, want status 200, duplicate, the original %+v", id, again, first)
				}
				assertOne(id)
			}
		})

		t.Run("WebSocket retry", func(t *testing.T) {
			ws := s.dialWS("/api/v1/widget/ws", map[string]any{"token": v.Token})
			mustWelcome(t, ws)
			first, err := wsSendAndAck(ws, "a", conv, "ws-retry", "once", 10*time.Second)
			if err != nil {
				t.Fatal(err)
			}
			again, err := wsSendAndAck(ws, "b", conv, "ws-retry", "once again", 10*time.Second)
			if err != nil {
				t.Fatal(err)
			}
			if first.Duplicate || !again.Duplicate || again.ID != first.ID || again.Seq != first.Seq {
				t.Errorf("WebSocket retry: got first %+v then %+v, want the original again with duplicate=true", first, again)
			}
			// The same client id over the other transport is the same message too.
			rest := mustRESTSend(t, s, v.Token, conv, "ws-retry", "once more", true)
			if rest.Status != 200 || !rest.Duplicate || rest.ID != first.ID || rest.Seq != first.Seq {
				t.Errorf("REST retry of a WebSocket send: got %+v, want the original %+v with 200", rest, first)
			}
			assertOne("ws-retry")
		})

		t.Run("REST concurrent", func(t *testing.T) {
			acks := concurrently(t, 10, func(int) (ackedMessage, error) {
				return restSend(s.URL(), v.Token, conv, "rest-storm", "at once", true)
			})
			assertSameOriginal(t, acks)
			created := 0
			for _, a := range acks {
				if a.Status == 201 {
					created++
				}
			}
			if created != 1 {
				t.Errorf("got %d responses with 201, want exactly 1 (the rest 200)", created)
			}
			assertOne("rest-storm")
		})

		t.Run("WebSocket concurrent", func(t *testing.T) {
			conns := make([]*websocket.Conn, 10)
			for i := range conns {
				conns[i] = s.dialWS("/api/v1/widget/ws", map[string]any{"token": v.Token})
				mustWelcome(t, conns[i])
			}
			acks := concurrently(t, len(conns), func(i int) (ackedMessage, error) {
				return wsSendAndAck(conns[i], "storm", conv, "ws-storm", "at once", 10*time.Second)
			})
			assertSameOriginal(t, acks)
			assertOne("ws-storm")
		})

		assertGapFree(t, dbc.messages(t, conv))
	})
}

// concurrently runs fn n times at once (released together) and returns the results.
func concurrently(t *testing.T, n int, fn func(i int) (ackedMessage, error)) []ackedMessage {
	t.Helper()
	out := make([]ackedMessage, n)
	errs := make([]error, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			<-start
			out[i], errs[i] = fn(i)
		})
	}
	close(start)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("sender %d: %v", i, err)
		}
	}
	return out
}

// assertSameOriginal checks that every ack names one message and exactly one is not a duplicate.
func assertSameOriginal(t *testing.T, acks []ackedMessage) {
	t.Helper()
	originals := 0
	for i, a := range acks {
		if a.ID != acks[0].ID || a.Seq != acks[0].Seq || a.ID == "" {
			t.Errorf("ack %d: got %s seq %d, want every ack to be %s seq %d", i, a.ID, a.Seq, acks[0].ID, acks[0].Seq)
		}
		if !a.Duplicate {
			originals++
		}
	}
	if originals != 1 {
		t.Errorf("got %d acks with duplicate=false, want exactly 1", originals)
	}
}

// TestGuaranteeOrder (guarantee 3): 50 concurrent senders (visitor REST, visitor WebSocket,
// agent REST) write 20 messages each into one conversation; seqs are gap-free and two agent
// WebSockets, a visitor WebSocket and an agent SSE stream all see message.created in exactly
// the stored order, without gaps or duplicates.
func TestGuaranteeOrder(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		s := mustRunIdleSafe(t, testConfig(t, db))
		o := s.mustSetupOrg("Order")
		v := s.mustVisitor(o.WidgetKey)
		dbc := openIndependentDB(t, s.Config)

		// Observers connect before the conversation exists, so they see it from seq 1.
		agentObs := []*stream{
			collectWS(s.dialWS("/api/v1/ws", map[string]any{"token": o.Tokens["agent"]})),
			collectWS(s.dialWS("/api/v1/ws", map[string]any{"token": o.Tokens["supervisor"]})),
		}
		sse, _ := s.openSSE(o.Tokens["owner"], "")
		agentObs = append(agentObs, sse)
		visitorObs := collectWS(s.dialWS("/api/v1/widget/ws", map[string]any{"token": v.Token}))
		for _, ob := range append(slices.Clone(agentObs), visitorObs) {
			ob.waitFrames(t, 10*time.Second, "welcome", isWelcome)
		}
		conv := s.mustStartConversation(v, "first")

		const senders, perSender = 50, 20
		wsConns := map[int]*websocket.Conn{}
		for i := range senders {
			if i%3 == 1 {
				wsConns[i] = s.dialWS("/api/v1/widget/ws", map[string]any{"token": v.Token})
				mustWelcome(t, wsConns[i])
			}
		}
		var (
			mu   sync.Mutex
			acks []ackedMessage
			errs []error
			wg   sync.WaitGroup
		)
		start := make(chan struct{})
		for i := range senders {
			wg.Go(func() {
				<-start
				for j := range perSender {
					id := fmt.Sprintf("s%d-m%d", i, j)
					var a ackedMessage
					var err error
					switch i % 3 {
					case 0:
						a, err = restSend(s.URL(), v.Token, conv, id, "visitor REST "+id, true)
					case 1:
						a, err = wsSendAndAck(wsConns[i], id, conv, id, "visitor WS "+id, 30*time.Second)
					default:
						a, err = restSend(s.URL(), o.Tokens["agent"], conv, id, "agent REST "+id, false)
					}
					mu.Lock()
					if err != nil {
						errs = append(errs, err)
					} else {
						acks = append(acks, a)
					}
					mu.Unlock()
					if err != nil {
						return
					}
				}
			})
		}
		close(start)
		wg.Wait()
		if len(errs) > 0 {
			t.Fatalf("got %d send errors, want none; first: %v", len(errs), errs[0])
		}

		stored := dbc.messages(t, conv)
		assertGapFree(t, stored)
		byID := map[string]storedMessage{}
		var visible []int64
		public := 0
		for _, m := range stored {
			byID[m.ID] = m
			if m.Kind != "note" && m.Kind != "event" {
				visible = append(visible, m.Seq)
				public++
			}
		}
		if want := senders*perSender + 1; public != want {
			t.Fatalf("got %d stored public messages, want %d", public, want)
		}
		for _, a := range acks {
			if m, ok := byID[a.ID]; !ok || m.Seq != a.Seq {
				t.Fatalf("ack %s seq %d: got stored %+v, want the same seq", a.ID, a.Seq, m)
			}
		}
		all := make([]int64, len(stored))
		for i, m := range stored {
			all[i] = m.Seq
		}
		check := func(name string, ob *stream, want []int64) {
			t.Helper()
			fs := ob.waitFrames(t, 30*time.Second, name+" sees every message", func(fs []frame) bool {
				return len(createdIn(fs, conv)) >= len(want)
			})
			got := createdIn(fs, conv)
			if seqs := seqsOf(got); !slices.Equal(seqs, want) {
				t.Fatalf("%s: got %d message.created seqs %v..., want exactly %d in stored order", name, len(seqs), head(seqs), len(want))
			}
			for _, f := range got {
				id, seq, _ := messageOf(f)
				if byID[id].Seq != seq {
					t.Fatalf("%s: message %s arrived with seq %d, stored with %d", name, id, seq, byID[id].Seq)
				}
			}
		}
		check("agent WS 1", agentObs[0], all)
		check("agent WS 2", agentObs[1], all)
		check("agent SSE", agentObs[2], all)
		check("visitor WS", visitorObs, visible)
	})
}

func head(s []int64) []int64 { return s[:min(len(s), 20)] }

// TestGuaranteeResume (guarantee 4): an agent WebSocket (hello cursor), a visitor WebSocket
// (hello since) and an agent SSE stream (Last-Event-ID) that were away while messages, an
// assignment and a status change happened get exactly what they missed, in order, then live
// events.
func TestGuaranteeResume(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		s := mustRunIdleSafe(t, testConfig(t, db))
		o := s.mustSetupOrg("Resume")
		v := s.mustVisitor(o.WidgetKey)
		dbc := openIndependentDB(t, s.Config)
		conv := s.mustStartConversation(v, "hello")
		// The reference stays connected throughout and records what really happened.
		ref := collectWS(s.dialWS("/api/v1/ws", map[string]any{"token": o.Tokens["supervisor"]}))
		ref.waitFrames(t, 10*time.Second, "reference welcome", isWelcome)

		agent := collectWS(s.dialWS("/api/v1/ws", map[string]any{"token": o.Tokens["agent"]}))
		visitor := collectWS(s.dialWS("/api/v1/widget/ws", map[string]any{"token": v.Token, "since": map[string]int64{conv: 0}}))
		// Without a cursor the agent starts live from its welcome's cursor: a message committed
		// before that is not "live" for it, so wait for the welcome before sending.
		agent.waitFrames(t, 10*time.Second, "agent welcome", isWelcome)
		live := mustRESTSend(t, s, o.Tokens["agent"], conv, "before-1", "seen live", false)
		agentPos := cursorOf(waitMessage(t, agent, conv, live.ID))
		visitorPos := live.Seq
		waitMessage(t, visitor, conv, live.ID)
		agent.closeWS(t)
		visitor.closeWS(t)

		// While they are away: messages both ways, an assignment and a status change.
		var missed []ackedMessage
		for i := range 3 {
			missed = append(missed, mustRESTSend(t, s, v.Token, conv, fmt.Sprintf("away-v%d", i), "visitor while away", true))
			missed = append(missed, mustRESTSend(t, s, o.Tokens["agent"], conv, fmt.Sprintf("away-a%d", i), "agent while away", false))
		}
		s.mustDo(200, "POST", "/api/v1/conversations/"+conv+"/assign", o.Tokens["supervisor"], map[string]any{"assignee_id": o.AgentIDs["agent"]})
		s.mustDo(200, "POST", "/api/v1/conversations/"+conv+"/status", o.Tokens["supervisor"], map[string]any{"status": "pending"})
		// A last message marks the end: once the reference has it, it has everything before it.
		sentinel := mustRESTSend(t, s, o.Tokens["agent"], conv, "away-last", "last while away", false)
		missed = append(missed, sentinel)
		refFrames := ref.waitFrames(t, 10*time.Second, "the reference to see the last message", func(fs []frame) bool {
			return findMessage(fs, sentinel.ID) != nil
		})
		if !hasStatus(refFrames, conv, "pending") {
			t.Fatalf("reference saw no status change to pending")
		}
		var wantAgent []frame
		for _, f := range persisted(refFrames) {
			if cursorOf(f) > agentPos {
				wantAgent = append(wantAgent, f)
			}
		}
		if len(wantAgent) < len(missed)+2 {
			t.Fatalf("reference saw %d events while away, want at least %d (messages, assignment, status)", len(wantAgent), len(missed)+2)
		}

		t.Run("agent WebSocket cursor", func(t *testing.T) {
			back := collectWS(s.dialWS("/api/v1/ws", map[string]any{"token": o.Tokens["agent"], "cursor": agentPos}))
			fs := back.waitFrames(t, 10*time.Second, "welcome", isWelcome)
			if got, want := cursorOf(fs[0]), cursorOf(wantAgent[len(wantAgent)-1]); fs[0].str("type") != "welcome" || got != want {
				t.Fatalf("first frame: got %v, want welcome with cursor %d", fs[0], want)
			}
			next := mustRESTSend(t, s, o.Tokens["agent"], conv, "after-agent", "live again", false)
			fs = persisted(back.waitFrames(t, 10*time.Second, "the live message", func(fs []frame) bool {
				return findMessage(fs, next.ID) != nil
			}))
			assertSameEvents(t, fs[:len(fs)-1], wantAgent)
			if last := fs[len(fs)-1]; cursorOf(last) != cursorOf(wantAgent[len(wantAgent)-1])+1 {
				t.Errorf("live event: got cursor %d, want %d", cursorOf(last), cursorOf(wantAgent[len(wantAgent)-1])+1)
			}
		})

		t.Run("visitor WebSocket since", func(t *testing.T) {
			// What the visitor missed is every public message after its position, from the store.
			var want []storedMessage
			for _, m := range dbc.messages(t, conv) {
				if m.Seq > visitorPos && m.Kind != "note" && m.Kind != "event" {
					want = append(want, m)
				}
			}
			if len(want) < len(missed) {
				t.Fatalf("got %d public messages after seq %d in the store, want at least %d", len(want), visitorPos, len(missed))
			}
			back := collectWS(s.dialWS("/api/v1/widget/ws", map[string]any{"token": v.Token, "since": map[string]int64{conv: visitorPos}}))
			next := mustRESTSend(t, s, o.Tokens["agent"], conv, "after-visitor", "live for the visitor", false)
			want = append(want, storedMessage{ID: next.ID, Seq: next.Seq})
			fs := back.waitFrames(t, 10*time.Second, "the live message", func(fs []frame) bool {
				return findMessage(fs, next.ID) != nil
			})
			// welcome, the conversation as it is now, the missed messages, the live one.
			var types []string
			for _, f := range fs {
				types = append(types, f.str("type"))
			}
			wantTypes := []string{"welcome", "conversation.updated"}
			for range want {
				wantTypes = append(wantTypes, "message.created")
			}
			if !slices.Equal(types, wantTypes) {
				t.Fatalf("frame types: got %v, want %v", types, wantTypes)
			}
			if c, _ := fs[1]["conversation"].(map[string]any); c["status"] != "pending" {
				t.Errorf("resumed conversation: got %v, want status pending", c)
			}
			for i, m := range want {
				if id, seq, _ := messageOf(fs[2+i]); id != m.ID || seq != m.Seq {
					t.Errorf("message %d: got %s seq %d, want %s seq %d", i, id, seq, m.ID, m.Seq)
				}
			}
		})

		t.Run("agent SSE Last-Event-ID", func(t *testing.T) {
			sse, stop := s.openSSE(o.Tokens["owner"], "")
			sse.waitFrames(t, 10*time.Second, "welcome", isWelcome)
			seen := mustRESTSend(t, s, v.Token, conv, "sse-seen", "seen over SSE", true)
			sse.waitFrames(t, 10*time.Second, "the live message", func(fs []frame) bool { return findMessage(fs, seen.ID) != nil })
			lastID := sse.lastID()
			stop()
			<-sse.done
			refBefore := len(ref.snapshot())
			gone := mustRESTSend(t, s, v.Token, conv, "sse-missed", "missed over SSE", true)
			s.mustDo(200, "POST", "/api/v1/conversations/"+conv+"/status", o.Tokens["supervisor"], map[string]any{"status": "resolved"})
			sentinel := mustRESTSend(t, s, o.Tokens["agent"], conv, "sse-last", "last while away", false)
			refFrames := ref.waitFrames(t, 10*time.Second, "the reference to see the last message", func(fs []frame) bool {
				return findMessage(fs, sentinel.ID) != nil
			})
			if !hasStatus(refFrames[refBefore:], conv, "resolved") {
				t.Fatalf("reference saw no status change to resolved")
			}
			var want []frame
			for _, f := range persisted(refFrames) {
				if cursorOf(f) > parseCursor(t, lastID) {
					want = append(want, f)
				}
			}
			if findMessage(want, gone.ID) == nil {
				t.Fatalf("reference did not record the missed message")
			}
			back, _ := s.openSSE(o.Tokens["owner"], lastID)
			next := mustRESTSend(t, s, v.Token, conv, "sse-live", "live over SSE", true)
			fs := persisted(back.waitFrames(t, 10*time.Second, "the live message", func(fs []frame) bool {
				return findMessage(fs, next.ID) != nil
			}))
			assertSameEvents(t, fs[:len(fs)-1], want)
			if got := back.lastID(); got != fmt.Sprint(cursorOf(fs[len(fs)-1])) {
				t.Errorf("SSE id of the live event: got %q, want its cursor %d", got, cursorOf(fs[len(fs)-1]))
			}
		})
	})
}

// closeWS closes the collected WebSocket and waits until its reader stopped.
func (s *stream) closeWS(t testing.TB) {
	t.Helper()
	// The reader goroutine owns reads; closing the connection ends it.
	c := s.conn
	if c == nil {
		t.Fatal("closeWS on a stream without a WebSocket")
	}
	c.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseNormalClosure, ""), time.Now().Add(time.Second))
	c.Close()
	<-s.done
}

// waitMessage waits until st has the message.created of id in conv and returns that frame.
func waitMessage(t testing.TB, st *stream, conv, id string) frame {
	t.Helper()
	fs := st.waitFrames(t, 10*time.Second, "message "+id, func(fs []frame) bool { return findMessage(createdIn(fs, conv), id) != nil })
	return findMessage(fs, id)
}

// findMessage returns the message.created frame of message id.
func findMessage(fs []frame, id string) frame {
	for _, f := range fs {
		if mid, _, _ := messageOf(f); f.str("type") == "message.created" && mid == id {
			return f
		}
	}
	return nil
}

// hasStatus reports whether a conversation.updated frame shows conv with status.
func hasStatus(fs []frame, conv, status string) bool {
	for _, f := range fs {
		c, _ := f["conversation"].(map[string]any)
		if f.str("type") == "conversation.updated" && c["id"] == conv && c["status"] == status {
			return true
		}
	}
	return false
}

// assertSameEvents compares persisted event frames by cursor, type and message id.
func assertSameEvents(t testing.TB, got, want []frame) {
	t.Helper()
	key := func(fs []frame) []string {
		out := make([]string, len(fs))
		for i, f := range fs {
			id, _, _ := messageOf(f)
			out[i] = fmt.Sprintf("%d:%s:%s", cursorOf(f), f.str("type"), id)
		}
		return out
	}
	if g, w := key(got), key(want); !slices.Equal(g, w) {
		t.Fatalf("resumed events:\n got %v\nwant %v", g, w)
	}
}

func parseCursor(t testing.TB, id string) int64 {
	t.Helper()
	var n int64
	if _, err := fmt.Sscan(id, &n); err != nil || n <= 0 {
		t.Fatalf("SSE id %q: got no cursor", id)
	}
	return n
}

// TestGuaranteeSlowConsumer (guarantee 7): an agent WebSocket that never reads while thousands
// of events are produced is closed with 4000, while a fast agent WebSocket receives every event
// in order and keeps up with production.
func TestGuaranteeSlowConsumer(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		s := mustRunIdleSafe(t, testConfig(t, db))
		o := s.mustSetupOrg("Slow")
		v := s.mustVisitor(o.WidgetKey)
		conv := s.mustStartConversation(v, "hello")
		slow := s.dialWS("/api/v1/ws", map[string]any{"token": o.Tokens["agent"]})
		mustWelcome(t, slow) // and never read again until production ends
		fast := collectWS(s.dialWS("/api/v1/ws", map[string]any{"token": o.Tokens["supervisor"]}))
		fast.waitFrames(t, 10*time.Second, "welcome", isWelcome)

		// Big messages, so the slow connection's TCP buffers cannot hide the backlog.
		const senders, perSender = 20, 100
		content := strings.Repeat("慢", 700)
		errs := make(chan error, senders)
		var wg sync.WaitGroup
		for i := range senders {
			wg.Go(func() {
				token, widget := v.Token, true
				if i%2 == 1 {
					token, widget = o.Tokens["owner"], false
				}
				for j := range perSender {
					if _, err := restSend(s.URL(), token, conv, fmt.Sprintf("s%d-%d", i, j), content, widget); err != nil {
						errs <- err
						return
					}
				}
			})
		}
		wg.Wait()
		producedAt := time.Now()
		close(errs)
		if err := <-errs; err != nil {
			t.Fatalf("send: %v", err)
		}

		const total = senders * perSender
		fs := fast.waitFrames(t, 30*time.Second, "the fast consumer to get every message", func(fs []frame) bool {
			return len(createdIn(fs, conv)) >= total
		})
		if lag := time.Since(producedAt); lag > 5*time.Second {
			t.Errorf("fast consumer finished %s after production ended, want well under 5s", lag)
		}
		want := make([]int64, total)
		for i := range want {
			want[i] = int64(i + 2) // after the first message
		}
		if got := seqsOf(createdIn(fs, conv)); !slices.Equal(got, want) {
			t.Fatalf("fast consumer: got %d seqs starting %v, want 2..%d in order", len(got), head(got), total+1)
		}
		evs := persisted(fs)
		for i := 1; i < len(evs); i++ {
			if cursorOf(evs[i]) != cursorOf(evs[i-1])+1 {
				t.Fatalf("fast consumer: cursor %d follows %d, want no gap", cursorOf(evs[i]), cursorOf(evs[i-1]))
			}
		}

		// The slow connection drains what was buffered and then finds the close.
		code := readCloseCode(t, slow, 20*time.Second)
		if code != 4000 {
			t.Fatalf("slow consumer: got close code %d, want 4000", code)
		}
		if err := fast.readErr(); err != nil {
			t.Fatalf("fast consumer: got closed (%v), want it still connected", err)
		}
	})
}

// readCloseCode reads c until it closes and returns the close code (-1 when it ended otherwise).
func readCloseCode(t testing.TB, c *websocket.Conn, d time.Duration) int {
	t.Helper()
	c.SetReadDeadline(time.Now().Add(d))
	for {
		if _, _, err := c.ReadMessage(); err != nil {
			var ce *websocket.CloseError
			if errors.As(err, &ce) {
				return ce.Code
			}
			t.Logf("connection ended without a close frame: %v", err)
			return -1
		}
	}
}

// TestGuaranteeOverload (guarantee 8): past max_connections a WebSocket is closed with 1013
// and an SSE stream refused with 429; past max_in_flight REST requests get 429 "overloaded"
// with Retry-After while the accepted ones complete; Close tells realtime clients to reconnect.
func TestGuaranteeOverload(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		t.Run("connections", func(t *testing.T) { testConnectionLimit(t, db) })
		t.Run("in flight", func(t *testing.T) { testInFlightLimit(t, db) })
		t.Run("graceful shutdown", func(t *testing.T) { testGracefulShutdown(t, db) })
	})
}

func testConnectionLimit(t *testing.T, db database) {
	cfg := testConfig(t, db)
	cfg.MaxConnections = 3
	s := mustRunIdleSafe(t, cfg)
	o := s.mustSetupOrg("Full")
	v := s.mustVisitor(o.WidgetKey)
	agents := []*stream{
		collectWS(s.dialWS("/api/v1/ws", map[string]any{"token": o.Tokens["agent"]})),
		collectWS(s.dialWS("/api/v1/ws", map[string]any{"token": o.Tokens["supervisor"]})),
	}
	visitor := collectWS(s.dialWS("/api/v1/widget/ws", map[string]any{"token": v.Token}))
	for _, st := range append(slices.Clone(agents), visitor) {
		st.waitFrames(t, 10*time.Second, "welcome", isWelcome)
	}

	extra := s.dialWS("/api/v1/ws", map[string]any{"token": o.Tokens["owner"]})
	extra.SetReadDeadline(time.Now().Add(10 * time.Second))
	_, _, err := extra.ReadMessage()
	var ce *websocket.CloseError
	if !errors.As(err, &ce) || ce.Code != 1013 || !strings.Contains(ce.Text, "retry_after=") {
		t.Fatalf("WebSocket past the limit: got %v, want close 1013 with retry_after", err)
	}
	r := s.do("GET", "/api/v1/events", o.Tokens["owner"], nil)
	if r.Status != 429 || r.Header.Get("Retry-After") == "" || r.Code(t) != "overloaded" {
		t.Fatalf("SSE past the limit: got %d Retry-After %q %s, want 429 with Retry-After and code overloaded", r.Status, r.Header.Get("Retry-After"), r.Body)
	}

	// Accepted connections keep working.
	conv := s.mustStartConversation(v, "still served")
	for i, st := range append(slices.Clone(agents), visitor) {
		st.waitFrames(t, 10*time.Second, fmt.Sprintf("connection %d to get the message", i), func(fs []frame) bool {
			return len(createdIn(fs, conv)) >= 1
		})
	}
	// A freed slot is usable again.
	agents[0].closeWS(t)
	waitFor(t, 10*time.Second, "a slot to free up", func() bool {
		c, err := dialWSRaw(s.Addr(), "/api/v1/ws", map[string]any{"token": o.Tokens["owner"]})
		if err != nil {
			return false
		}
		defer c.Close()
		f, err := readFrame(t, c, 10*time.Second)
		return err == nil && f.str("type") == "welcome"
	})
}

func testInFlightLimit(t *testing.T, db database) {
	cfg := testConfig(t, db)
	cfg.MaxInFlight = 2
	s := mustRunIdleSafe(t, cfg)
	o := s.mustSetupOrg("Busy")
	v := s.mustVisitor(o.WidgetKey)
	conv := s.mustStartConversation(v, "hello")

	// Two sends whose bodies arrive late hold both slots until the test lets them finish: the
	// headers go out at once over raw connections, the body only when the test says so.
	held := make([]*heldRequest, 2)
	waitFor(t, 10*time.Second, "both slots to be held", func() bool {
		// A request that arrives while an earlier one is still releasing its slot may itself be
		// shed: send it again.
		for i, h := range held {
			if h == nil {
				body := fmt.Sprintf(`{"client_msg_id":"slow-%d","content":"accepted"}`, i)
				held[i] = holdRequest(t, s.Addr(), "/api/v1/widget/conversations/"+conv+"/messages", v.Token, body)
			}
		}
		return held[0] != nil && held[1] != nil
	})
	shed := s.do("GET", "/api/v1/widget/conversations", v.Token, nil)
	if shed.Status != 429 {
		t.Fatalf("request past max_in_flight: got %d, want 429", shed.Status)
	}
	if shed.Header.Get("Retry-After") == "" || shed.Code(t) != "overloaded" {
		t.Fatalf("shed request: got Retry-After %q body %s, want Retry-After and code overloaded", shed.Header.Get("Retry-After"), shed.Body)
	}
	// While the slots are held every further request is shed at once; operations endpoints
	// are not.
	var wg sync.WaitGroup
	statuses := make([]int, 10)
	for i := range statuses {
		wg.Go(func() {
			r, err := tryDo(s.URL(), "POST", "/api/v1/widget/conversations/"+conv+"/messages", v.Token,
				map[string]string{"client_msg_id": fmt.Sprintf("shed-%d", i), "content": "too much"})
			if err == nil {
				statuses[i] = r.Status
			}
		})
	}
	wg.Wait()
	for i, st := range statuses {
		if st != 429 {
			t.Errorf("concurrent request %d: got status %d, want 429", i, st)
		}
	}
	if r := s.do("GET", "/healthz", "", nil); r.Status != 200 {
		t.Errorf("healthz under load: got %d, want 200", r.Status)
	}
	// The accepted requests complete.
	for _, h := range held {
		if status := h.finish(t); status != 201 {
			t.Fatalf("accepted request: got %d, want 201", status)
		}
	}
	dbc := openIndependentDB(t, s.Config)
	msgs := dbc.messages(t, conv)
	assertGapFree(t, msgs)
	if len(msgs) != 3 {
		t.Errorf("got %d stored messages, want 3 (the first and the two accepted; none of the shed)", len(msgs))
	}
	mustRESTSend(t, s, v.Token, conv, "after", "room again", true)
}

func testGracefulShutdown(t *testing.T, db database) {
	m := &Main{Config: testConfig(t, db), Version: "test", PasswordParams: authtest.PasswordParams()}
	if err := m.Run(context.Background()); err != nil {
		t.Fatalf("start kefu: %v", err)
	}
	var closeOnce sync.Once
	closeMain := func() (err error) {
		closeOnce.Do(func() { err = m.Close() })
		return err
	}
	t.Cleanup(func() { closeMain() })
	s := &testServer{Main: m, t: t}
	o := s.mustSetupOrg("Bye")
	v := s.mustVisitor(o.WidgetKey)
	agent := s.dialWS("/api/v1/ws", map[string]any{"token": o.Tokens["agent"]})
	mustWelcome(t, agent)
	visitor := s.dialWS("/api/v1/widget/ws", map[string]any{"token": v.Token})
	mustWelcome(t, visitor)
	sse, _ := s.openSSE(o.Tokens["owner"], "")
	sse.waitFrames(t, 10*time.Second, "welcome", isWelcome)
	http.DefaultClient.CloseIdleConnections()

	closed := make(chan error, 1)
	go func() { closed <- closeMain() }()
	for name, c := range map[string]*websocket.Conn{"agent": agent, "visitor": visitor} {
		if code := readCloseCode(t, c, 10*time.Second); code != 1001 {
			t.Errorf("%s WebSocket: got close code %d, want 1001", name, code)
		}
	}
	fs := sse.waitFrames(t, 10*time.Second, "the SSE reconnect frame", func(fs []frame) bool {
		return len(fs) > 0 && fs[len(fs)-1].str("type") == "reconnect"
	})
	if code, _ := fs[len(fs)-1]["code"].(float64); code != 1001 {
		t.Errorf("SSE reconnect frame: got %v, want code 1001", fs[len(fs)-1])
	}
	select {
	case err := <-closed:
		if err != nil {
			t.Fatalf("Close: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Close did not return within 10s")
	}
}
