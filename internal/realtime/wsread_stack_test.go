package realtime

import (
	"errors"
	"runtime"
	"runtime/debug"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// TestIdleReaderStack checks what wsReader is for: the reader goroutine of a connection that
// waits for its client keeps the 2 KiB stack a goroutine starts with, also after it answered
// control frames. Parked in gorilla's ReadMessage it needed 4 KiB. Stack memory is measured
// across many connections, so the test can only err towards passing: stacks freed by earlier
// tests may be reused.
func TestIdleReaderStack(t *testing.T) {
	if raceEnabled() {
		t.Skip("the race detector makes stack frames larger")
	}
	const n = 400
	e := newEnv(t, HubOptions{}, HandlerOptions{})
	base := runtime.NumGoroutine()
	before := stackInuse()
	for range n {
		ws := idleVisitor(t, e)
		deadline := time.Now().Add(time.Second)
		for _, op := range []int{websocket.PongMessage, websocket.PingMessage} {
			if err := ws.WriteControl(op, []byte("p"), deadline); err != nil {
				t.Fatal(err)
			}
		}
		// The server's pong shows the reader took both frames.
		gotPong := errors.New("pong")
		ws.SetPongHandler(func(string) error { return gotPong })
		if _, _, err := ws.ReadMessage(); err != gotPong {
			t.Fatalf("got %v, want the server's pong", err)
		}
	}
	waitFor(t, "only the readers left", func() bool { return runtime.NumGoroutine() <= base+n })
	per := (stackInuse() - before) / n
	t.Logf("%d B of stack per idle connection", per)
	if per > 3<<10 {
		t.Fatalf("got %d B of stack per idle connection, want about 2 KiB", per)
	}
}

// idleVisitor connects a visitor and reads its welcome without a reader goroutine of the
// client's own, so that the goroutines left are the server's.
func idleVisitor(t *testing.T, e *testEnv) *websocket.Conn {
	t.Helper()
	ws, _, err := websocket.DefaultDialer.Dial(e.wsURL("/api/v1/widget/ws"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ws.Close() })
	if err := ws.WriteMessage(websocket.TextMessage, []byte(`{"type":"hello","token":"vtok-1b"}`)); err != nil {
		t.Fatal(err)
	}
	if _, b, err := ws.ReadMessage(); err != nil || parseFrame(t, b).Type != frameWelcome {
		t.Fatalf("got %s, %v, want welcome", b, err)
	}
	return ws
}

func stackInuse() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.StackInuse
}

func raceEnabled() bool {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return false
	}
	for _, s := range bi.Settings {
		if s.Key == "-race" {
			return s.Value == "true"
		}
	}
	return false
}
