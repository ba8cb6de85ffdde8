package realtime

import (
	"encoding/binary"
	"errors"
	"strconv"
	"unicode/utf8"
)

// RFC 6455 frame layout, as far as a server reading client frames and writing its own data
// frames needs it. wsread.go and wsTransport use it.

// Opcodes (RFC 6455 §5.2).
const (
	opContinuation = 0x0
	opText         = 0x1
	opBinary       = 0x2
	opClose        = 0x8
	opPing         = 0x9
	opPong         = 0xA
)

const maxControlPayload = 125 // RFC 6455 §5.5

// errFrameTooBig means a data message would be larger than the reader's limit: close 1009.
var errFrameTooBig = errors.New("realtime: websocket message over the size limit")

// peerClosed is a client's close frame with its status code, 1005 ("no status") when it had
// none. The read loop ends and the server echoes the code (RFC 6455 §5.5.1), as gorilla did.
type peerClosed int

func (e peerClosed) Error() string {
	return "realtime: websocket closed by the client with " + strconv.Itoa(int(e))
}

// protocolError is a broken RFC 6455 rule: close 1002 with the rule as the reason.
type protocolError string

func (e protocolError) Error() string { return "realtime: websocket protocol: " + string(e) }

// frameHeader is a parsed client frame header.
type frameHeader struct {
	fin    bool
	op     byte
	length uint64 // payload bytes; up to 2^64-1 as sent, checked against the limit by the reader
	mask   [4]byte
}

// parseHeader parses the header at the start of b. It returns the header's length in bytes, or
// 0 when b does not hold all of it yet. The first two bytes are checked as soon as they are
// there, so a client breaking a rule is refused without waiting for more of its frame.
func parseHeader(b []byte) (h frameHeader, n int, err error) {
	if len(b) < 2 {
		return h, 0, nil
	}
	if err := checkHeaderStart(b[0], b[1]); err != nil {
		return h, 0, err
	}
	h.fin, h.op = b[0]&0x80 != 0, b[0]&0x0F
	n = 2
	switch l := b[1] & 0x7F; l {
	case 126:
		n += 2
	case 127:
		n += 8
	default:
		h.length = uint64(l)
	}
	if len(b) < n+4 {
		return h, 0, nil
	}
	switch n {
	case 4:
		h.length = uint64(binary.BigEndian.Uint16(b[2:4]))
	case 10:
		h.length = binary.BigEndian.Uint64(b[2:10])
	}
	copy(h.mask[:], b[n:n+4])
	return h, n + 4, nil
}

// checkHeaderStart checks the rules readable from a frame's first two bytes. No extension is
// ever negotiated, so every RSV bit must be 0; clients must mask (RFC 6455 §5.1).
func checkHeaderStart(b0, b1 byte) error {
	op, fin, length := b0&0x0F, b0&0x80 != 0, b1&0x7F
	switch {
	case b0&0x70 != 0:
		return protocolError("RSV bits set")
	case b1&0x80 == 0:
		return protocolError("client frame not masked")
	case op == opClose || op == opPing || op == opPong:
		if !fin {
			return protocolError("fragmented control frame")
		}
		if length > maxControlPayload {
			return protocolError("control frame over 125 bytes")
		}
	case op != opContinuation && op != opText && op != opBinary:
		return protocolError("bad opcode " + strconv.Itoa(int(op)))
	}
	return nil
}

// unmask XORs b, the payload bytes from offset pos of a frame, with the frame's mask key.
func unmask(key [4]byte, pos uint64, b []byte) {
	for i := range b {
		b[i] ^= key[(pos+uint64(i))&3]
	}
}

// closeError reads a client's close frame: either empty, or a status code a peer may send
// followed by UTF-8 text (RFC 6455 §5.5.1, §7.4). A 1-byte body counts as empty, as in
// gorilla/websocket. It returns peerClosed, or protocolError for a broken close frame.
func closeError(p []byte) error {
	if len(p) < 2 {
		return peerClosed(1005)
	}
	code := int(binary.BigEndian.Uint16(p))
	if !validCloseCode(code) {
		return protocolError("bad close code " + strconv.Itoa(code))
	}
	if !utf8.Valid(p[2:]) {
		return protocolError("invalid UTF-8 in close reason")
	}
	return peerClosed(code)
}

// validCloseCode reports whether a peer may send code in a close frame: the registered codes
// that are not reserved for local use, and the 3000–4999 ranges for libraries and applications.
func validCloseCode(code int) bool {
	switch {
	case code >= 1000 && code <= 1003, code >= 1007 && code <= 1013:
		return true
	}
	return code >= 3000 && code <= 4999
}

// appendTextFrame appends one unfragmented text frame carrying payload, as a server sends it.
func appendTextFrame(b, payload []byte) []byte {
	return append(appendFrameHeader(b, opText, len(payload)), payload...)
}

// maxFrameHeader is the longest header a server frame has: no mask, a 64-bit length.
const maxFrameHeader = 10

// appendFrameHeader appends the header of an unfragmented, unmasked frame of n payload bytes:
// FIN set, the shortest length encoding (RFC 6455 §5.2).
func appendFrameHeader(b []byte, opcode byte, n int) []byte {
	b = append(b, 0x80|opcode)
	switch {
	case n < 126:
		return append(b, byte(n))
	case n <= 0xFFFF:
		return binary.BigEndian.AppendUint16(append(b, 126), uint16(n))
	default:
		return binary.BigEndian.AppendUint64(append(b, 127), uint64(n))
	}
}
