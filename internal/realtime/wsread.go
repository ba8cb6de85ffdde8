package realtime

import (
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

// wsReader reads a client's WebSocket frames itself instead of through gorilla/websocket, for
// the memory of idle connections. A goroutine waiting in gorilla's ReadMessage is parked deep
// (NextReader, advanceFrame, bufio, net.Conn.Read, netpoll), past the 2 KiB a goroutine
// starts with, so the stack of every idle connection's reader doubled to 4 KiB: the largest
// part of what an idle connection cost. wsReader waits for the client from a shallow call
// through syscall.RawConn (wsread_unix.go), holding no read buffer meanwhile, so an idle reader
// keeps its 2 KiB stack and nothing else.
//
// gorilla still does the handshake and every write. After Upgrade nothing is buffered on
// gorilla's side (it refuses clients that send before the handshake completes) and nothing
// calls its read methods, so every byte the client sends comes through here.
type wsReader struct {
	nc    net.Conn
	ctl   controlWriter
	limit int // largest data message, all fragments together
	// extend, when set, pushes the read deadline this far out on every frame: any frame, a
	// pong or a request, shows the client is alive.
	extend time.Duration

	buf  *[]byte // pooled; held only while it has unread bytes: the next frame's start
	r, w int     // unread bytes are (*buf)[r:w]

	hdr     frameHeader // the frame being read
	left    uint64      // its payload bytes not read yet
	inFrame bool        // hdr was parsed and its payload is being read
	msgOp   byte        // opcode of the data message being read; 0 between messages
	msg     []byte      // its payload so far
	ctlP    []byte      // the control frame's payload so far

	pong atomic.Pointer[[]byte] // payload of the latest ping not answered yet
}

// controlWriter sends control frames while the connection's writer may be writing; gorilla's
// *websocket.Conn allows that.
type controlWriter interface {
	WriteControl(messageType int, data []byte, deadline time.Time) error
}

// readBufSize is the pooled read buffer: the frames of a burst are read in one go; payloads
// are copied out as they arrive, so a larger message needs no larger buffer.
const readBufSize = 4 << 10

var readBufs = sync.Pool{New: func() any { b := make([]byte, readBufSize); return &b }}

func newWSReader(ws *websocket.Conn, limit int) *wsReader {
	return &wsReader{nc: ws.UnderlyingConn(), ctl: ws, limit: limit}
}

// next returns the next data message with its opcode (opText or opBinary) in a slice of its
// own. It answers pings on the way; a client's close frame is a peerClosed error. Every error
// is final: the caller closes the connection.
func (r *wsReader) next() (byte, []byte, error) {
	for {
		if !r.inFrame && r.buf == nil {
			// Nothing buffered between frames: the client may stay silent for minutes, so wait
			// here, as few calls deep as the reader goes (see wsReader).
			if err := r.read(); err != nil {
				return 0, nil, err
			}
		}
		if !r.inFrame {
			if err := r.readHeader(); err != nil {
				return 0, nil, err
			}
		}
		if err := r.readPayload(); err != nil {
			return 0, nil, err
		}
		r.inFrame = false
		r.touch()
		if r.hdr.op >= opClose {
			if err := r.control(); err != nil {
				return 0, nil, err
			}
		} else if r.hdr.fin {
			op, data := r.msgOp, r.msg
			r.msgOp, r.msg = 0, nil
			if data == nil {
				data = []byte{}
			}
			return op, data, nil
		}
	}
}

// touch extends the read deadline after a frame, when the reader is set to.
func (r *wsReader) touch() {
	if r.extend > 0 {
		_ = r.nc.SetReadDeadline(time.Now().Add(r.extend))
	}
}

// readHeader reads the next frame header and starts the frame.
func (r *wsReader) readHeader() error {
	for {
		h, n, err := parseHeader(r.unread())
		if err != nil {
			return err
		}
		if n > 0 {
			r.consume(n)
			return r.begin(h)
		}
		if err := r.fill(); err != nil {
			return err
		}
	}
}

// begin checks a frame's place in the message sequence and its size, and makes it current.
func (r *wsReader) begin(h frameHeader) error {
	switch h.op {
	case opText, opBinary:
		if r.msgOp != 0 {
			return protocolError("new message before the last one's final fragment")
		}
		r.msgOp = h.op
	case opContinuation:
		if r.msgOp == 0 {
			return protocolError("continuation frame outside a message")
		}
	}
	if h.op < opClose && h.length > uint64(r.limit-len(r.msg)) {
		return errFrameTooBig
	}
	r.hdr, r.left, r.inFrame = h, h.length, true
	return nil
}

// readPayload reads the rest of the current frame's payload into the message or, for a
// control frame, ctlP.
func (r *wsReader) readPayload() error {
	for r.left > 0 {
		if r.r == r.w {
			if err := r.fill(); err != nil {
				return err
			}
		}
		chunk := r.unread()
		if uint64(len(chunk)) > r.left {
			chunk = chunk[:r.left]
		}
		unmask(r.hdr.mask, r.hdr.length-r.left, chunk)
		if r.hdr.op >= opClose {
			r.ctlP = append(r.ctlP, chunk...)
		} else {
			r.appendMsg(chunk)
		}
		r.left -= uint64(len(chunk))
		r.consume(len(chunk))
	}
	return nil
}

// appendMsg adds payload bytes to the message. Its capacity grows with the bytes that arrived,
// never past the end of the current frame, which begin held to the limit: a client announcing
// a large frame and sending little of it costs little.
func (r *wsReader) appendMsg(b []byte) {
	need := len(r.msg) + len(b)
	if need > cap(r.msg) {
		frameEnd := len(r.msg) + int(r.left)
		grown := make([]byte, len(r.msg), min(max(need, 2*cap(r.msg)), frameEnd))
		copy(grown, r.msg)
		r.msg = grown
	}
	r.msg = append(r.msg, b...)
}

// control acts on a control frame whose payload has been read: a ping is answered with a pong
// carrying the same payload, a pong only kept the connection alive, a close ends the reading.
func (r *wsReader) control() error {
	p := r.ctlP
	r.ctlP = nil
	switch r.hdr.op {
	case opPing:
		if r.pong.Swap(&p) == nil {
			go r.writePongs()
		}
	case opClose:
		return closeError(p)
	}
	return nil
}

// writePongs answers pings until none is left unanswered. It runs on a goroutine of its own
// because a write goes deeper than the reader's 2 KiB stack allows. Pings that arrive while a
// pong is being written get one pong, for the latest, as RFC 6455 §5.5.3 permits; so a client
// flooding pings gets no more than one goroutine.
func (r *wsReader) writePongs() {
	for {
		p := r.pong.Load()
		// A failed write breaks the connection for its writer too, which then ends it.
		_ = r.ctl.WriteControl(websocket.PongMessage, *p, time.Now().Add(writeWait))
		if r.pong.CompareAndSwap(p, nil) {
			return
		}
	}
}

func (r *wsReader) unread() []byte {
	if r.buf == nil {
		return nil
	}
	return (*r.buf)[r.r:r.w]
}

// consume marks n unread bytes as read, giving the buffer back once none are left.
func (r *wsReader) consume(n int) {
	r.r += n
	if r.r == r.w {
		r.release()
	}
}

// release gives the buffer back to the pool. The reader calls it whenever nothing is buffered;
// its owner calls it when it stops reading.
func (r *wsReader) release() {
	if r.buf != nil {
		readBufs.Put(r.buf)
		r.buf, r.r, r.w = nil, 0, 0
	}
}

// fill reads at least one more byte into the buffer, waiting for the client if need be. Only
// the start of a frame header (under 14 bytes) is ever left unread, so moving it to the front
// always leaves room.
func (r *wsReader) fill() error {
	if r.r > 0 {
		n := copy(*r.buf, r.unread())
		r.r, r.w = 0, n
	}
	return r.read()
}

// take makes sure the reader has a buffer to read into.
func (r *wsReader) take() {
	if r.buf == nil {
		r.buf = readBufs.Get().(*[]byte)
	}
}

// readConn is the read for a connection without a file descriptor: it waits inside
// net.Conn.Read, holding the buffer meanwhile.
func (r *wsReader) readConn() error {
	r.take()
	n, err := r.nc.Read((*r.buf)[r.w:])
	r.w += n
	if n > 0 {
		return nil
	}
	if r.w == 0 {
		r.release()
	}
	return err
}
