package realtime

import (
	"encoding/json"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// A client that stops reading fills its socket buffers, then its queue; it is closed with 4000
// while a client that keeps up receives every event without a gap.
func TestSlowConsumerClosedFastOneUnaffected(t *testing.T) {
	e := newEnv(t, HubOptions{SendQueue: 8}, HandlerOptions{})
	// The slow client says hello, reads its welcome, then reads nothing more for a while.
	slow, _, err := websocket.DefaultDialer.Dial(e.wsURL("/api/v1/ws"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer slow.Close()
	if err := slow.WriteJSON(ClientFrame{Type: FrameHello, Token: "tok-a1"}); err != nil {
		t.Fatal(err)
	}
	if _, b, err := slow.ReadMessage(); err != nil || parseFrame(t, b).Type != frameWelcome {
		t.Fatalf("got %s %v, want welcome", b, err)
	}
	fast := e.dial("/api/v1/ws", nil)
	fast.send(ClientFrame{Type: FrameHello, Token: "tok-a2"})
	if f := fast.next(); f.Type != frameWelcome {
		t.Fatalf("got %s, want welcome", f.raw)
	}
	var got atomic.Int64
	var lastCursor int64
	gapFree := true
	go func() {
		for {
			r, ok := fast.read(10 * time.Second)
			if !ok || r.err != nil {
				return
			}
			var f frame
			if json.Unmarshal(r.data, &f) != nil {
				return
			}
			if f.Type != string(kefu.EventMessageCreated) {
				continue
			}
			if lastCursor != 0 && *f.Cursor != lastCursor+1 {
				gapFree = false
			}
			lastCursor = *f.Cursor
			got.Add(1)
		}
	}()
	big := strings.Repeat("x", 60<<10)
	closes := func() float64 { return metricValue(t, e.reg, "kefu_realtime_slow_consumer_closes_total") }
	sent := int64(0)
	for closes() == 0 {
		if sent > 2000 {
			t.Fatalf("slow consumer not closed after %d events", sent)
		}
		e.backend.post("conv1", kefu.SenderContact, kefu.KindText, big)
		sent++
		waitFor(t, "fast client caught up", func() bool { return got.Load() == sent })
	}
	for range 20 { // the fast client keeps going after the slow one is gone
		e.backend.post("conv1", kefu.SenderContact, kefu.KindText, "small")
		sent++
		waitFor(t, "fast client caught up", func() bool { return got.Load() == sent })
	}
	if !gapFree {
		t.Fatal("fast client saw a gap in cursors")
	}
	// Now the slow client reads: what was buffered, then close 4000.
	_ = slow.SetReadDeadline(time.Now().Add(10 * time.Second))
	for {
		_, _, err := slow.ReadMessage()
		if err == nil {
			continue
		}
		var ce *websocket.CloseError
		if !errors.As(err, &ce) || ce.Code != CloseSlowConsumer {
			t.Fatalf("got %v, want close %d", err, CloseSlowConsumer)
		}
		break
	}
	if d := metricValue(t, e.reg, "kefu_realtime_dropped_total"); d < 1 {
		t.Fatalf("got dropped %v, want at least 1", d)
	}
}
