package realtime

import (
	"bytes"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/gorilla/websocket"
)

// countingConn counts the writes that reach the network connection.
type countingConn struct {
	net.Conn
	writes *atomic.Int64
}

func (c countingConn) Write(b []byte) (int, error) {
	c.writes.Add(1)
	return c.Conn.Write(b)
}

// framePayload is frame i of a test: sizes[i] bytes of one letter.
func framePayload(sizes []int, i int) []byte {
	return bytes.Repeat([]byte{byte('a' + i%26)}, sizes[i])
}

// writeAndRead upgrades a real connection, lets write send frames through a wsTransport on the
// server side (over wrap(ws.NetConn())), and checks that gorilla's client reads exactly the
// frames of sizes, whole, in order, as text messages.
func writeAndRead(t *testing.T, sizes []int, wrap func(net.Conn) net.Conn, write func(*wsTransport) error) {
	t.Helper()
	served := make(chan error, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ws, err := (&websocket.Upgrader{}).Upgrade(w, r, nil)
		if err != nil {
			served <- err
			return
		}
		defer ws.Close()
		served <- write(newWSTransport(ws, wrap(ws.NetConn()), newFrameBuffers()))
	}))
	defer srv.Close()
	c, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(srv.URL, "http"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for i := range sizes {
		typ, got, err := c.ReadMessage()
		if err != nil {
			t.Fatalf("message %d: %v", i, err)
		}
		if typ != websocket.TextMessage || !bytes.Equal(got, framePayload(sizes, i)) {
			t.Fatalf("message %d: got type %d and %d bytes, want text and %d bytes", i, typ, len(got), sizes[i])
		}
	}
	if err := <-served; err != nil {
		t.Fatal(err)
	}
}

// TestCoalescedFramesReadByAClient writes frames of every length encoding (7-bit, 16-bit and
// 64-bit lengths, and past the flush threshold) and flushes once: frames buffered together
// must share network writes. The counting wrapper is not a plain socket, so even the first
// frame goes through the buffer and every write is whole frames.
func TestCoalescedFramesReadByAClient(t *testing.T) {
	sizes := []int{10, 10, 10, 0, 1, 125, 126, 127, 1000, 65535, 65536, 70000, 3}
	var writes atomic.Int64
	count := func(nc net.Conn) net.Conn { return countingConn{nc, &writes} }
	writeAndRead(t, sizes, count, func(tr *wsTransport) error {
		for i := range sizes {
			if err := tr.writeFrame(item{frame: framePayload(sizes, i)}); err != nil {
				return err
			}
		}
		return tr.flush()
	})
	// Everything up to the 65535-byte frame crosses 32 KiB once, the two frames after it
	// twice more, and the last flush sends the tail: 4 writes for 13 frames.
	if n := writes.Load(); n != 4 {
		t.Errorf("network writes: got %d, want 4 for %d frames", n, len(sizes))
	}
	if tr := (&wsTransport{}); tr.flush() != nil {
		t.Errorf("flush with nothing buffered failed")
	}
}

// TestLoneFramesReadByAClient flushes after every frame, so on a plain socket each goes out as
// header and payload in one vectored write, without a buffer.
func TestLoneFramesReadByAClient(t *testing.T) {
	sizes := []int{0, 5, 125, 126, 65535, 65536, 70000}
	plain := func(nc net.Conn) net.Conn { return nc }
	writeAndRead(t, sizes, plain, func(tr *wsTransport) error {
		if !tr.vectored {
			return errors.New("a TCP connection is not written with writev")
		}
		for i := range sizes {
			if err := tr.writeFrame(item{frame: framePayload(sizes, i)}); err != nil {
				return err
			}
			if tr.out != nil {
				return errors.New("a lone frame took a buffer")
			}
			if err := tr.flush(); err != nil {
				return err
			}
		}
		return nil
	})
}
