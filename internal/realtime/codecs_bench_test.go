package realtime

// Kefu's codecs beside encoding/json and gorilla/websocket, which kefu already depends on, on
// the inputs bench/codecs gives to the libraries kefu does not depend on (easyjson, encoding/json
// v2, gobwas/ws): its benchmarks and these set side by side are the tables of
// docs/architecture.md, "Hand-written codecs, measured". The harness (wstest.ReplayConn, the idle
// memory method) is the same as there.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/kefu-dev/kefu/internal/jsonenc"
	"github.com/kefu-dev/kefu/internal/jsonenc/jsonenctest"
	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/realtime/wstest"
)

// cmpClientFrames are bench/codecs' client frames: a send with about 100 bytes of Chinese
// text, a typing and a read.
var cmpClientFrames = []struct{ name, json string }{
	{"send", `{"type":"send","ref":"c1","conversation_id":"0193a6f0-0000-7000-8000-000000000001","client_msg_id":"9f1c6a1e-2b7d-4c1e-9a55-0d6f1e2b3c4d","content":"` + jsonenctest.SampleContent + `"}`},
	{"typing", `{"type":"typing","conversation_id":"0193a6f0-0000-7000-8000-000000000001","typing":true}`},
	{"read", `{"type":"read","ref":"r7","conversation_id":"0193a6f0-0000-7000-8000-000000000001","seq":17}`},
}

// BenchmarkCodecEncode encodes jsonenctest.SampleEvent's frames into a new slice of their exact
// size, with jsonenc as kefu does and with encoding/json.
func BenchmarkCodecEncode(b *testing.B) {
	ev := jsonenctest.SampleEvent()
	af := agentEventFrame{Type: ev.Type, Cursor: ev.Seq, ConversationID: ev.ConversationID, Message: ev.Message, Conversation: ev.Conversation}
	vf := visitorEventFrame{Type: ev.Type, ConversationID: ev.ConversationID,
		Message: kefu.NewVisitorMessage(ev.Message, testLinks{}), Conversation: kefu.NewVisitorConversation(ev.Conversation)}
	dup := false
	vm := kefu.NewVisitorMessage(ev.Message, testLinks{})
	ack := ackFrame{Type: frameAck, Ref: "c1", Message: vm, Duplicate: &dup}
	ackJSON := func(b []byte) []byte { return appendAck(b, "c1", nil, vm, false) }
	cases := []struct {
		name string
		kefu func() []byte
		std  any
	}{
		{"event", func() []byte { return jsonenc.Encode(func(b []byte) []byte { return jsonenc.Event(b, ev) }) }, ev},
		{"agent", func() []byte { return agentItem(ev).frame }, af},
		{"visitor", func() []byte { return jsonenc.Encode(vf.appendJSON) }, vf}, // the projection built once, as for encoding/json
		{"ack", func() []byte { return jsonenc.Encode(ackJSON) }, ack},
	}
	for _, c := range cases {
		want, _ := json.Marshal(c.std)
		if got := c.kefu(); !bytes.Equal(got, want) {
			b.Fatalf("%s: jsonenc wrote\n%s\nencoding/json\n%s", c.name, got, want)
		}
		b.Run(c.name+"/jsonenc", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(want)))
			for b.Loop() {
				if len(c.kefu()) == 0 {
					b.Fatal("empty")
				}
			}
		})
		b.Run(c.name+"/encoding-json", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(want)))
			for b.Loop() {
				if _, err := json.Marshal(c.std); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkCodecDecode decodes the client frames with DecodeClientFrame and with the
// encoding/json based decoder it replaced (frames_reference_test.go), which refuses exactly
// the same frames.
func BenchmarkCodecDecode(b *testing.B) {
	for _, c := range cmpClientFrames {
		data := []byte(c.json)
		for _, d := range []struct {
			name   string
			decode func([]byte, int) (ClientFrame, error)
		}{{"kefu", DecodeClientFrame}, {"encoding-json-reference", referenceDecodeClientFrame}} {
			b.Run(c.name+"/"+d.name, func(b *testing.B) {
				b.ReportAllocs()
				b.SetBytes(int64(len(data)))
				for b.Loop() {
					if _, err := d.decode(data, 64<<10); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// cmpUpgrader is gorilla used as its docs suggest for many connections: the read buffer is
// net/http's (4 KiB), the write buffer pooled. kefu's own upgrader (handler.go) asks for a
// 1-byte read buffer instead, since it never reads through gorilla.
var cmpUpgrader = websocket.Upgrader{WriteBufferPool: &sync.Pool{}, CheckOrigin: func(*http.Request) bool { return true }}

// cmpUpgrader512 is gorilla with a read buffer of 512 bytes, which a connection holds all its
// life: the smallest that still reads a typical client frame in one call.
var cmpUpgrader512 = websocket.Upgrader{ReadBufferSize: 512, WriteBufferPool: &sync.Pool{}, CheckOrigin: func(*http.Request) bool { return true }}

func gorillaOver(tb testing.TB, c net.Conn, up *websocket.Upgrader) *websocket.Conn {
	return wstest.GorillaServer(tb, c, up)
}

// gorillaNext reads the next message through NextReader into buf, reused.
func gorillaNext(ws *websocket.Conn, buf *bytes.Buffer) error {
	_, r, err := ws.NextReader()
	if err != nil {
		return err
	}
	buf.Reset()
	_, err = buf.ReadFrom(r)
	return err
}

// BenchmarkWSRead reads one client send frame per op; reads/op is the Read calls per frame.
func BenchmarkWSRead(b *testing.B) {
	frame := textFrame(cmpClientFrames[0].json)
	b.Run("kefu-wsReader", func(b *testing.B) {
		c := &wstest.ReplayConn{Frame: frame}
		ws := gorillaOver(b, c, &websocket.Upgrader{ReadBufferSize: 1, WriteBufferSize: 4096, WriteBufferPool: &sync.Pool{}})
		r := newWSReader(ws, 64<<10)
		c.Reads = 0
		b.ReportAllocs()
		for b.Loop() {
			if _, _, err := r.next(); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(c.Reads)/float64(b.N), "reads/op")
	})
	for name, up := range map[string]*websocket.Upgrader{"gorilla-NextReader": &cmpUpgrader, "gorilla-NextReader-512": &cmpUpgrader512} {
		b.Run(name, func(b *testing.B) {
			c := &wstest.ReplayConn{Frame: frame}
			ws := gorillaOver(b, c, up)
			var buf bytes.Buffer
			c.Reads = 0
			b.ReportAllocs()
			for b.Loop() {
				if err := gorillaNext(ws, &buf); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(c.Reads)/float64(b.N), "reads/op")
		})
	}
}

// BenchmarkWSWrite writes one server frame carrying the agent's message.created frame per op,
// flushed; writes/op is the Write calls per frame. kefu's transport takes the buffered path
// here (a wstest.ReplayConn is not a plain socket); on a socket a lone frame goes out as one writev.
func BenchmarkWSWrite(b *testing.B) {
	it := agentItem(jsonenctest.SampleEvent())
	b.Run("kefu-wsTransport", func(b *testing.B) {
		c := &wstest.ReplayConn{Frame: []byte{0}}
		t := newWSTransport(nil, c, newFrameBuffers())
		b.ReportAllocs()
		for b.Loop() {
			if err := t.writeFrame(it); err != nil {
				b.Fatal(err)
			}
			if err := t.flush(); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(c.Writes)/float64(b.N), "writes/op")
	})
	b.Run("gorilla-WriteMessage", func(b *testing.B) {
		c := &wstest.ReplayConn{Frame: []byte{0}}
		ws := gorillaOver(b, c, &cmpUpgrader)
		c.Writes = 0
		b.ReportAllocs()
		for b.Loop() {
			if err := ws.WriteMessage(websocket.TextMessage, it.frame); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(c.Writes)/float64(b.N), "writes/op")
	})
}

// TestIdleReaderMemory measures what a connection whose reader waits for its client holds,
// kefu's wsReader beside gorilla's NextReader, as bench/codecs does for gobwas/ws: many
// loopback connections, each server side with a reader goroutine that has read one send frame
// and waits for the next; stack and heap in use after collections, before and after, divided
// by the connections, each reader in a process of its own. The client side (a bare TCP
// socket, about 640 B with the server's socket) is in the numbers and the same for every
// reader. Each is measured twice: "fresh", the reader has only read (as a visitor's reader
// that has seen nothing since the hello, which the request goroutine handles), and "handled",
// the reader went deeper than 2 KiB for the frame (handleFrame) before waiting again. Run with
// -v to see the numbers; it fails only if kefu's fresh reader waits on more than 3 KiB of stack.
func TestIdleReaderMemory(t *testing.T) {
	if testing.Short() || raceEnabled() {
		t.Skip("opens thousands of sockets; the race detector makes stack frames larger")
	}
	if reader := os.Getenv("KEFU_IDLE_READER"); reader != "" {
		stack, heap := idleMemory(t, reader, os.Getenv("KEFU_IDLE_MODE") == "handled", 2000)
		fmt.Printf("IDLE stack=%d heap=%d\n", stack, heap)
		return
	}
	for _, mode := range []string{"fresh", "handled"} {
		for _, reader := range []string{"kefu-wsReader", "gorilla-NextReader", "gorilla-NextReader-512"} {
			cmd := exec.Command(os.Args[0], "-test.run=^TestIdleReaderMemory$")
			cmd.Env = append(os.Environ(), "KEFU_IDLE_READER="+reader, "KEFU_IDLE_MODE="+mode)
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("%s: %v\n%s", reader, err, out)
			}
			var stack, heap int64
			for _, line := range strings.Split(string(out), "\n") {
				if _, err := fmt.Sscanf(line, "IDLE stack=%d heap=%d", &stack, &heap); err == nil {
					break
				}
			}
			t.Logf("%-7s %-22s stack %5d B  heap %5d B  per idle connection", mode, reader, stack, heap)
			if mode == "fresh" && reader == "kefu-wsReader" && (stack == 0 || stack > 3<<10) {
				t.Errorf("kefu's reader: %d B of stack per idle connection, want about 2 KiB", stack)
			}
		}
	}
}

// handleFrame stands for what the reader does with a frame between two reads (decoding it,
// calling the backend, queueing the answer), which takes the goroutine's stack past 2 KiB.
// Once the reader waits again the collector halves the stack only while less than a quarter
// of it is in use, so what a waiting reader keeps is set by how deep it waits.
//
//go:noinline
func handleFrame() byte {
	var deep [6 << 10]byte
	return deep[handleIndex.Load()]
}

var handleIndex atomic.Int32

func idleMemory(t *testing.T, reader string, handled bool, n int) (stack, heap int64) {
	var got atomic.Int64
	var mu sync.Mutex
	var held []net.Conn
	hold := func(c net.Conn) { mu.Lock(); held = append(held, c); mu.Unlock() }
	defer func() {
		mu.Lock()
		defer mu.Unlock()
		for _, c := range held {
			_ = c.Close()
		}
	}()
	up := &cmpUpgrader
	switch reader {
	case "kefu-wsReader":
		up = &websocket.Upgrader{ReadBufferSize: 1, WriteBufferSize: 4096, WriteBufferPool: &sync.Pool{}}
	case "gorilla-NextReader-512":
		up = &cmpUpgrader512
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ws, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		hold(ws.NetConn())
		if reader == "kefu-wsReader" {
			fr := newWSReader(ws, 64<<10)
			go func() {
				for {
					if _, _, err := fr.next(); err != nil {
						return
					}
					if handled {
						handleFrame()
					}
					got.Add(1)
				}
			}()
			return
		}
		go func() {
			var buf bytes.Buffer
			for gorillaNext(ws, &buf) == nil {
				if handled {
					handleFrame()
				}
				got.Add(1)
			}
		}()
	})}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()

	frame := textFrame(cmpClientFrames[0].json)
	dial := func() {
		c, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		hold(c)
		_, _ = fmt.Fprintf(c, "GET /ws HTTP/1.1\r\nHost: kefu.test\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"+
			"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")
		var resp [512]byte
		var m int
		for !bytes.Contains(resp[:m], []byte("\r\n\r\n")) {
			k, err := c.Read(resp[m:])
			if err != nil {
				t.Fatal(err)
			}
			m += k
		}
		if !bytes.HasPrefix(resp[:m], []byte("HTTP/1.1 101")) {
			t.Fatalf("handshake: %s", resp[:m])
		}
		_, _ = c.Write(frame)
	}
	until := func(cond func() bool) {
		for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(5 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatal("timed out")
			}
		}
	}
	dial() // warm up
	until(func() bool { return got.Load() == 1 })
	base := runtime.NumGoroutine()
	s0, h0 := memInUse()
	for range n {
		dial()
	}
	until(func() bool { return got.Load() == int64(n+1) })
	until(func() bool { return runtime.NumGoroutine() <= base+n })
	time.Sleep(50 * time.Millisecond) // let the readers park
	s1, h1 := memInUse()
	return int64(s1-s0) / int64(n), int64(h1-h0) / int64(n)
}

func memInUse() (stack, heap uint64) {
	// A collection halves a waiting goroutine's stack while less than a quarter of it is in
	// use, one halving per collection: enough collections to settle from 8 KiB.
	for range 4 {
		runtime.GC()
	}
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.StackInuse, m.HeapAlloc
}
