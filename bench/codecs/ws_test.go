package codecs

// WebSocket reading and writing with gorilla/websocket and gobwas/ws, on the same frames and
// with the same harness as internal/realtime/codecs_bench_test.go uses for kefu's own reader
// and writer (wsread.go, wsframe.go): CPU per frame, and the memory of a connection whose
// reader waits for its client.

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
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

	"github.com/gobwas/ws"
	"github.com/gorilla/websocket"
	"github.com/kefu-dev/kefu/internal/realtime/wstest"
)

// maskedTextFrame is payload as a client sends it: one masked text frame.
func maskedTextFrame(payload []byte) []byte {
	mask := [4]byte{0x12, 0x34, 0x56, 0x78}
	b := []byte{0x81}
	switch n := len(payload); {
	case n < 126:
		b = append(b, 0x80|byte(n))
	case n <= 0xFFFF:
		b = binary.BigEndian.AppendUint16(append(b, 0x80|126), uint16(n))
	default:
		b = binary.BigEndian.AppendUint64(append(b, 0x80|127), uint64(n))
	}
	b = append(b, mask[:]...)
	for i, c := range payload {
		b = append(b, c^mask[i&3])
	}
	return b
}

// gorillaUpgrader is gorilla used as its docs suggest for many connections: the read buffer is
// net/http's (reused, 4 KiB), the write buffer pooled.
var gorillaUpgrader = websocket.Upgrader{WriteBufferPool: &sync.Pool{}, CheckOrigin: func(*http.Request) bool { return true }}

// gorillaOn returns a server-side gorilla connection over c.
func gorillaOn(tb testing.TB, c net.Conn) *websocket.Conn {
	return wstest.GorillaServer(tb, c, &gorillaUpgrader)
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

// gobwasReader is gobwas/ws's low-level API with one goroutine owning the socket: a header
// read into a reused 12-byte buffer, the payload read into a reused slice and unmasked.
// Fragmented messages and control frames are left out (the frames here are neither).
type gobwasReader struct {
	r   io.Reader // the connection, or a bufio.Reader over it
	hdr [ws.MaxHeaderSize - 2]byte
	msg []byte
}

func (g *gobwasReader) next() error {
	h, err := ws.ReadHeaderBuffer(g.r, g.hdr[:])
	if err != nil {
		return err
	}
	if h.OpCode.IsControl() || !h.Fin || !h.Masked {
		return errors.New("unexpected frame")
	}
	if int64(cap(g.msg)) < h.Length {
		g.msg = make([]byte, h.Length)
	}
	g.msg = g.msg[:h.Length]
	if _, err := io.ReadFull(g.r, g.msg); err != nil {
		return err
	}
	ws.Cipher(g.msg, h.Mask, 0)
	return nil
}

var sendFrame = []byte(clientFrames[0].json)

// BenchmarkWSRead reads one client send frame (the send of fixtures_test.go, 258 bytes) per
// op. reads/op is the Read calls per frame: system calls on a real socket.
func BenchmarkWSRead(b *testing.B) {
	frame := maskedTextFrame(sendFrame)
	b.Run("gorilla-NextReader", func(b *testing.B) {
		c := &wstest.ReplayConn{Frame: frame}
		ws := gorillaOn(b, c)
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
	for _, buffered := range []bool{false, true} {
		name := "gobwas-ReadHeader"
		if buffered {
			name += "-bufio"
		}
		b.Run(name, func(b *testing.B) {
			c := &wstest.ReplayConn{Frame: frame}
			g := &gobwasReader{r: c}
			if buffered {
				g.r = bufio.NewReaderSize(c, 4096)
			}
			b.ReportAllocs()
			for b.Loop() {
				if err := g.next(); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(c.Reads)/float64(b.N), "reads/op")
		})
	}
}

// BenchmarkWSWrite writes one server frame carrying the agent's message.created frame (about
// 1.3 KB) per op. writes/op is the Write calls per frame.
func BenchmarkWSWrite(b *testing.B) {
	payload := easyBytes(sampleAgentFrame())
	b.Run("gorilla-WriteMessage", func(b *testing.B) {
		c := &wstest.ReplayConn{Frame: []byte{0}}
		ws := gorillaOn(b, c)
		c.Writes = 0
		b.ReportAllocs()
		for b.Loop() {
			if err := ws.WriteMessage(websocket.TextMessage, payload); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(c.Writes)/float64(b.N), "writes/op")
	})
	b.Run("gobwas-WriteFrame", func(b *testing.B) {
		c := &wstest.ReplayConn{Frame: []byte{0}}
		b.ReportAllocs()
		for b.Loop() {
			if err := ws.WriteFrame(c, ws.NewTextFrame(payload)); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(c.Writes)/float64(b.N), "writes/op")
	})
	b.Run("gobwas-WriteFrame-bufio", func(b *testing.B) {
		c := &wstest.ReplayConn{Frame: []byte{0}}
		w := bufio.NewWriterSize(c, 4096)
		b.ReportAllocs()
		for b.Loop() {
			if err := ws.WriteFrame(w, ws.NewTextFrame(payload)); err != nil {
				b.Fatal(err)
			}
			if err := w.Flush(); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(c.Writes)/float64(b.N), "writes/op")
	})
}

// TestIdleReaderMemory measures what a connection whose reader waits for its client holds, by
// the method of internal/realtime's TestIdleReaderMemory (which measures kefu's wsReader and
// gorilla): many loopback connections, each server side with a reader goroutine that has read
// one send frame and waits for the next; stack and heap in use after collections, before and
// after, divided by the connections, each reader in a process of its own. The client side (a
// bare TCP socket) is in the same process and the same for every reader; the "tcp-only" row,
// which holds the server's socket with no reader and no WebSocket state, is that floor.
// "fresh": the reader has only read; "handled": it went deeper than 2 KiB for the frame before
// waiting again. Run with -v to see the numbers.
func TestIdleReaderMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("opens thousands of sockets")
	}
	if reader := os.Getenv("IDLE_READER"); reader != "" {
		stack, heap := idleMemory(t, reader, os.Getenv("IDLE_MODE") == "handled", idleConns)
		fmt.Printf("IDLE stack=%d heap=%d\n", stack, heap)
		return
	}
	for _, mode := range []string{"fresh", "handled"} {
		for _, reader := range []string{"tcp-only", "gorilla-NextReader", "gobwas-ReadHeader", "gobwas-ReadHeader-bufio"} {
			cmd := exec.Command(os.Args[0], "-test.run=^TestIdleReaderMemory$")
			cmd.Env = append(os.Environ(), "IDLE_READER="+reader, "IDLE_MODE="+mode)
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
			t.Logf("%-7s %-24s stack %5d B  heap %5d B  per idle connection", mode, reader, stack, heap)
		}
	}
}

// idleConns is how many connections idleMemory opens.
const idleConns = 2000

// handle stands for what kefu's reader does with a frame between two reads (decoding it,
// calling the backend, queueing the answer), which takes the goroutine's stack past 2 KiB:
// the stack grows and, once the reader waits again, the collector halves it only while less
// than a quarter of it is in use. So what a waiting reader keeps is set by how deep it waits.
//
//go:noinline
func handle() byte {
	var deep [6 << 10]byte
	return deep[handleIndex.Load()]
}

var handleIndex atomic.Int32

// idleMemory opens n connections whose server side runs reader and returns the stack and heap
// bytes per connection.
func idleMemory(t *testing.T, reader string, handled bool, n int) (stack, heap int64) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	var got atomic.Int64 // frames read by the server's readers
	var held []net.Conn
	var mu sync.Mutex
	hold := func(c net.Conn) { mu.Lock(); held = append(held, c); mu.Unlock() }
	defer func() {
		mu.Lock()
		for _, c := range held {
			c.Close()
		}
		mu.Unlock()
	}()
	serve := func(c net.Conn) {
		hold(c)
		switch reader {
		case "tcp-only":
			ws.Upgrade(c) // answer the handshake, then only hold the socket
			got.Add(1)
		case "gorilla-NextReader":
			// Through net/http, as kefu does: the handler starts the reader and returns.
			return
		default:
			if _, err := ws.Upgrade(c); err != nil {
				t.Error(err)
				return
			}
			g := &gobwasReader{r: c}
			if reader == "gobwas-ReadHeader-bufio" {
				g.r = bufio.NewReaderSize(c, 4096)
			}
			go func() {
				for g.next() == nil {
					if handled {
						handle()
					}
					got.Add(1)
				}
			}()
		}
	}
	if reader == "gorilla-NextReader" {
		srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			c, err := gorillaUpgrader.Upgrade(w, r, nil)
			if err != nil {
				return
			}
			hold(c.NetConn())
			go func() {
				var buf bytes.Buffer
				for gorillaNext(c, &buf) == nil {
					if handled {
						handle()
					}
					got.Add(1)
				}
			}()
		})}
		go srv.Serve(ln)
		defer srv.Close()
	} else {
		go func() {
			for {
				c, err := ln.Accept()
				if err != nil {
					return
				}
				go serve(c)
			}
		}()
	}

	frame := maskedTextFrame(sendFrame)
	dial := func() net.Conn {
		c, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		hold(c)
		fmt.Fprintf(c, "GET /ws HTTP/1.1\r\nHost: kefu.test\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"+
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
		if reader != "tcp-only" {
			c.Write(frame)
		}
		return c
	}
	dial() // warm up: the listener's and the server's first allocations
	waitUntil(t, func() bool { return got.Load() == 1 })
	base := runtime.NumGoroutine()
	s0, h0 := memInUse()
	for range n {
		dial()
	}
	waitUntil(t, func() bool { return got.Load() == int64(n+1) })
	waitUntil(t, func() bool { return runtime.NumGoroutine() <= base+n })
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

func waitUntil(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("timed out")
		}
	}
}
