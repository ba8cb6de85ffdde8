// Package wstest gives WebSocket benchmarks a socket without a network: a connection that
// replays one frame and counts the calls made on it, and gorilla's server side over it. The
// realtime package's benchmarks and the library comparison in bench/codecs both use it.
package wstest

import (
	"bufio"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// ReplayConn is a net.Conn that reads Frame over and over, at most one frame per Read (as when
// each frame arrives on its own), and discards what is written. It counts the calls a reader or
// writer makes, each of which is a system call on a socket.
type ReplayConn struct {
	Frame         []byte
	Reads, Writes int
	pos           int
	net.Conn      // nil; the methods below are the only ones used
}

// Read implements net.Conn.
func (c *ReplayConn) Read(p []byte) (int, error) {
	c.Reads++
	n := copy(p, c.Frame[c.pos:])
	c.pos = (c.pos + n) % len(c.Frame)
	return n, nil
}

// Write implements net.Conn.
func (c *ReplayConn) Write(p []byte) (int, error) { c.Writes++; return len(p), nil }

// SetReadDeadline implements net.Conn.
func (c *ReplayConn) SetReadDeadline(time.Time) error { return nil }

// SetWriteDeadline implements net.Conn.
func (c *ReplayConn) SetWriteDeadline(time.Time) error { return nil }

// SetDeadline implements net.Conn.
func (c *ReplayConn) SetDeadline(time.Time) error { return nil }

// Close implements net.Conn.
func (c *ReplayConn) Close() error { return nil }

// LocalAddr implements net.Conn.
func (c *ReplayConn) LocalAddr() net.Addr { return &net.TCPAddr{} }

// RemoteAddr implements net.Conn.
func (c *ReplayConn) RemoteAddr() net.Addr { return &net.TCPAddr{} }

// GorillaServer returns the server side of a gorilla connection over c, upgraded by up as
// net/http would hand it a socket (with 4 KiB buffers, net/http's).
func GorillaServer(tb testing.TB, c net.Conn, up *websocket.Upgrader) *websocket.Conn {
	tb.Helper()
	rw := bufio.NewReadWriter(bufio.NewReaderSize(c, 4096), bufio.NewWriterSize(c, 4096))
	ws, err := up.Upgrade(&hijacker{c: c, rw: rw}, upgradeRequest(), nil)
	if err != nil {
		tb.Fatal(err)
	}
	return ws
}

// hijacker lets gorilla's Upgrader take over a connection.
type hijacker struct {
	http.ResponseWriter
	c  net.Conn
	rw *bufio.ReadWriter
}

func (h *hijacker) Header() http.Header                          { return http.Header{} }
func (h *hijacker) Hijack() (net.Conn, *bufio.ReadWriter, error) { return h.c, h.rw, nil }

func upgradeRequest() *http.Request {
	r, _ := http.NewRequest(http.MethodGet, "http://kefu.test/ws", nil)
	r.Header.Set("Connection", "Upgrade")
	r.Header.Set("Upgrade", "websocket")
	r.Header.Set("Sec-WebSocket-Version", "13")
	r.Header.Set("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
	return r
}
