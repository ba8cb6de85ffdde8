package realtime

import (
	"bytes"
	"errors"
	"io"
	"net"
	"testing"
	"time"
)

// chunkConn serves data in reads of at most chunk bytes, then io.EOF: frames arrive in any
// pieces. It has no file descriptor, so wsReader reads it through net.Conn.Read.
type chunkConn struct {
	net.Conn // nil: only Read and SetReadDeadline are used
	data     []byte
	chunk    int
}

func (c *chunkConn) Read(p []byte) (int, error) {
	if len(c.data) == 0 {
		return 0, io.EOF
	}
	n := copy(p[:min(len(p), c.chunk)], c.data)
	c.data = c.data[n:]
	return n, nil
}

func (c *chunkConn) SetReadDeadline(time.Time) error { return nil }

type discardControl struct{}

func (discardControl) WriteControl(int, []byte, time.Time) error { return nil }

const fuzzLimit = 1024

func newFuzzReader(data []byte, chunk uint8) *wsReader {
	return &wsReader{nc: &chunkConn{data: data, chunk: int(chunk) + 1}, ctl: discardControl{}, limit: fuzzLimit}
}

// checkRead checks what one next call returned and the reader's state after it.
func checkRead(t *testing.T, r *wsReader, op byte, msg []byte, err error) {
	t.Helper()
	var pe protocolError
	var pc peerClosed
	switch {
	case err == nil && op != opText && op != opBinary:
		t.Fatalf("got opcode %d, want text or binary", op)
	case err == nil && (len(msg) > fuzzLimit || cap(msg) > fuzzLimit):
		t.Fatalf("got a message of %d bytes (capacity %d), want at most %d", len(msg), cap(msg), fuzzLimit)
	case err != nil && err != io.EOF && !errors.As(err, &pe) && !errors.As(err, &pc) && err != errFrameTooBig:
		t.Fatalf("got error %v, want EOF or a WebSocket error", err)
	case cap(r.msg) > fuzzLimit:
		t.Fatalf("message buffer has capacity %d, want at most %d", cap(r.msg), fuzzLimit)
	case err == nil && r.buf != nil && r.r == r.w:
		t.Fatal("the reader holds a read buffer with nothing in it")
	}
}

// FuzzWSReader feeds arbitrary bytes to the frame reader: it must never panic, return an
// unknown error, or grow a message past the limit.
func FuzzWSReader(f *testing.F) {
	seeds := [][]byte{
		textFrame(`{"type":"ping"}`),
		append(clientFrame(false, opText, []byte("ab"), true), clientFrame(true, opContinuation, []byte("c"), true)...),
		append(clientFrame(false, opText, []byte("ab"), true), clientFrame(true, opPing, []byte("p"), true)...),
		clientFrame(true, opClose, []byte{0x03, 0xE8}, true),
		clientFrame(true, opText, make([]byte, 300), true),
		clientFrame(true, opBinary, make([]byte, 70000), true),
		clientFrame(true, opText, []byte("x"), false),
		{0x81, 0xFF, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 1, 2, 3, 4},
		{0x81, 0xFE, 0x04, 0x00, 1, 2, 3, 4},
	}
	for _, s := range seeds {
		f.Add(s, uint8(0))
		f.Add(s, uint8(255))
	}
	f.Fuzz(func(t *testing.T, data []byte, chunk uint8) {
		r := newFuzzReader(data, chunk)
		for range len(data) + 1 { // each message takes at least one byte
			op, msg, err := r.next()
			checkRead(t, r, op, msg, err)
			if err != nil {
				return
			}
		}
		t.Fatal("the reader returned more messages than it got bytes")
	})
}

// FuzzWSReaderRoundTrip sends a message cut into fragments with pings between them: the
// reader must return it whole, whatever the pieces the bytes arrive in.
func FuzzWSReaderRoundTrip(f *testing.F) {
	f.Add([]byte(`{"type":"ping","ref":"r"}`), uint8(3), uint8(0))
	f.Add(bytes.Repeat([]byte("长"), 300), uint8(200), uint8(7))
	f.Add([]byte{}, uint8(0), uint8(255))
	f.Fuzz(func(t *testing.T, msg []byte, frag, chunk uint8) {
		if len(msg) > fuzzLimit {
			msg = msg[:fuzzLimit]
		}
		var wire []byte
		step := int(frag) + 1
		for i, op := 0, byte(opText); ; i, op = i+step, opContinuation {
			end := min(i+step, len(msg))
			wire = append(wire, clientFrame(end == len(msg), op, msg[i:end], true)...)
			if end == len(msg) {
				break
			}
			wire = append(wire, clientFrame(true, opPing, msg[i:min(i+maxControlPayload, end)], true)...)
		}
		r := newFuzzReader(wire, chunk)
		op, got, err := r.next()
		if err != nil || op != opText || !bytes.Equal(got, msg) {
			t.Fatalf("got %d %q %v, want the text message %q", op, got, err, msg)
		}
		if _, _, err := r.next(); err != io.EOF {
			t.Fatalf("got %v after the message, want EOF", err)
		}
	})
}
