package realtime

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// The server's frame reader against a real gorilla client over a real socket. After the hello
// the tests write raw bytes to the client's TCP connection, so they can send what gorilla
// would never send; the server's answers are read through gorilla.

// clientFrame encodes one client frame, masked with a fixed key unless masked is false.
func clientFrame(fin bool, op byte, payload []byte, masked bool) []byte {
	b0 := op
	if fin {
		b0 |= 0x80
	}
	b := []byte{b0, 0}
	switch n := len(payload); {
	case n <= 125:
		b[1] = byte(n)
	case n <= 0xFFFF:
		b[1] = 126
		b = binary.BigEndian.AppendUint16(b, uint16(n))
	default:
		b[1] = 127
		b = binary.BigEndian.AppendUint64(b, uint64(n))
	}
	if !masked {
		return append(b, payload...)
	}
	key := [4]byte{0x12, 0x34, 0x56, 0x78}
	b[1] |= 0x80
	b = append(b, key[:]...)
	start := len(b)
	b = append(b, payload...)
	unmask(key, 0, b[start:])
	return b
}

func textFrame(s string) []byte { return clientFrame(true, opText, []byte(s), true) }

// rawClient is a visitor past its hello whose raw TCP connection the test writes to.
type rawClient struct {
	*wsClient
	raw   net.Conn
	pongs chan string // payloads of the server's pongs
}

// rawVisitor connects a visitor and reads its welcome.
func (e *testEnv) rawVisitor(t *testing.T) *rawClient {
	t.Helper()
	c := e.rawDial(t)
	c.sendRaw([]byte(`{"type":"hello","token":"vtok-1b"}`))
	if w := c.next(); w.Type != frameWelcome {
		t.Fatalf("got %s, want welcome", w.raw)
	}
	return c
}

// rawDial opens a visitor WebSocket without saying hello.
func (e *testEnv) rawDial(t *testing.T) *rawClient {
	t.Helper()
	ws, _, err := websocket.DefaultDialer.Dial(e.wsURL("/api/v1/widget/ws"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ws.Close() })
	c := &rawClient{raw: ws.UnderlyingConn(), pongs: make(chan string, 16)}
	ws.SetPongHandler(func(p string) error {
		select {
		case c.pongs <- p:
		default: // a flood test does not count them
		}
		return nil
	})
	c.wsClient = newWSClient(t, ws) // reads from here on
	return c
}

// write writes b to the socket in one call.
func (c *rawClient) write(b ...[]byte) {
	c.t.Helper()
	if _, err := c.raw.Write(bytes.Join(b, nil)); err != nil {
		c.t.Fatalf("write: %v", err)
	}
}

// expectPong sends a JSON ping with ref and reads the JSON pong: the connection works.
func (c *rawClient) expectPong(ref string) {
	c.t.Helper()
	c.write(textFrame(`{"type":"ping","ref":"` + ref + `"}`))
	if f := c.next(); f.Type != framePong || f.Ref != ref {
		c.t.Fatalf("got %s, want pong %s", f.raw, ref)
	}
}

func TestWSReaderFragmentedMessage(t *testing.T) {
	e := newEnv(t, HubOptions{}, HandlerOptions{})
	c := e.rawVisitor(t)
	msg := []byte(`{"type":"ping","ref":"frag"}`)
	c.write(
		clientFrame(false, opText, msg[:5], true),
		clientFrame(true, opPing, []byte("between"), true), // control frames may interleave
		clientFrame(false, opContinuation, msg[5:6], true),
		clientFrame(false, opContinuation, nil, true),
		clientFrame(true, opContinuation, msg[6:], true),
	)
	if f := c.next(); f.Type != framePong || f.Ref != "frag" {
		t.Fatalf("got %s, want the pong of the reassembled ping", f.raw)
	}
	select {
	case p := <-c.pongs:
		if p != "between" {
			t.Fatalf("got pong %q, want the ping's payload", p)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no pong for the interleaved ping")
	}
}

func TestWSReaderPing(t *testing.T) {
	e := newEnv(t, HubOptions{}, HandlerOptions{})
	c := e.rawVisitor(t)
	payload := strings.Repeat("p", maxControlPayload)
	for _, p := range []string{"", "a", payload} {
		c.write(clientFrame(true, opPing, []byte(p), true))
		select {
		case got := <-c.pongs:
			if got != p {
				t.Fatalf("got pong %q, want %q", got, p)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("no pong for ping %q", p)
		}
	}
	c.expectPong("after")
}

func TestWSReaderPingFlood(t *testing.T) {
	e := newEnv(t, HubOptions{}, HandlerOptions{})
	c := e.rawVisitor(t)
	var pings [][]byte
	for range 1000 {
		pings = append(pings, clientFrame(true, opPing, []byte("x"), true))
	}
	c.write(pings...)
	c.expectPong("still here")
	select {
	case <-c.pongs:
	case <-time.After(5 * time.Second):
		t.Fatal("no pong for a thousand pings")
	}
}

// TestWSReaderProtocolErrors: every broken rule closes with 1002, also during the hello, and
// with a limit of 1024 bytes, larger messages close with 1009.
func TestWSReaderProtocolErrors(t *testing.T) {
	tests := []struct {
		name  string
		bytes []byte
		code  int
	}{
		{"unmasked frame", clientFrame(true, opText, []byte(`{}`), false), CloseProtocol},
		{"unmasked header alone", clientFrame(true, opText, nil, false)[:2], CloseProtocol},
		{"RSV1", append([]byte{0xC1}, textFrame(`{}`)[1:]...), CloseProtocol},
		{"RSV2", append([]byte{0xA1}, textFrame(`{}`)[1:]...), CloseProtocol},
		{"RSV3", append([]byte{0x91}, textFrame(`{}`)[1:]...), CloseProtocol},
		{"unknown data opcode", clientFrame(true, 0x3, nil, true), CloseProtocol},
		{"unknown control opcode", clientFrame(true, 0xB, nil, true), CloseProtocol},
		{"control frame over 125 bytes", clientFrame(true, opPing, make([]byte, 126), true), CloseProtocol},
		{"fragmented control frame", clientFrame(false, opPing, nil, true), CloseProtocol},
		{"continuation outside a message", clientFrame(true, opContinuation, []byte(`{}`), true), CloseProtocol},
		{"new message inside a message", append(clientFrame(false, opText, []byte(`{`), true), textFrame(`{}`)...), CloseProtocol},
		{"bad close code", clientFrame(true, opClose, []byte{0x03, 0xED}, true), CloseProtocol}, // 1005
		{"invalid UTF-8 close reason", clientFrame(true, opClose, []byte{0x03, 0xE8, 0xFF}, true), CloseProtocol},
		{"message over the limit", textFrame(strings.Repeat("x", 1025)), CloseTooBig},
		{"fragments over the limit", append(clientFrame(false, opText, make([]byte, 1000), true),
			clientFrame(true, opContinuation, make([]byte, 25), true)...), CloseTooBig},
		{"header announcing 2^63 bytes", []byte{0x81, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4}, CloseTooBig},
		{"header alone over the limit", clientFrame(true, opText, make([]byte, 2000), true)[:8], CloseTooBig},
	}
	e := newEnv(t, HubOptions{}, HandlerOptions{MaxFrameBytes: 1024})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := e.rawVisitor(t)
			c.write(tt.bytes)
			c.expectClose(tt.code)
		})
		t.Run(tt.name+" in the hello", func(t *testing.T) {
			c := e.rawDial(t)
			c.write(tt.bytes)
			c.expectClose(tt.code)
		})
	}
}

func TestWSReaderLimitIsInclusive(t *testing.T) {
	e := newEnv(t, HubOptions{}, HandlerOptions{MaxFrameBytes: 1024})
	c := e.rawVisitor(t)
	ping := `{"type":"ping","ref":"p"}`
	c.write(textFrame(ping + strings.Repeat(" ", 1024-len(ping))))
	if f := c.next(); f.Type != framePong {
		t.Fatalf("got %s, want pong for a message of exactly the limit", f.raw)
	}
}

// TestWSReaderByteByByte sends a hello and a message larger than the read buffer one byte,
// then a few bytes at a time: frames may arrive in any pieces.
func TestWSReaderByteByByte(t *testing.T) {
	e := newEnv(t, HubOptions{}, HandlerOptions{})
	c := e.rawDial(t)
	hello := textFrame(`{"type":"hello","token":"vtok-1"}`)
	for i := range hello {
		c.write(hello[i : i+1])
		time.Sleep(time.Millisecond)
	}
	if w := c.next(); w.Type != frameWelcome {
		t.Fatalf("got %s, want welcome", w.raw)
	}
	c.next() // conv1's snapshot
	send, _ := json.Marshal(ClientFrame{Type: FrameSend, Ref: "big", ConversationID: "conv1", ClientMsgID: "m1",
		Content: strings.Repeat("长", 5000)}) // 15,000 bytes: three read buffers and more
	b := clientFrame(true, opText, send, true)
	for i := 0; i < len(b); i += 997 {
		c.write(b[i:min(i+997, len(b))])
	}
	f := c.next()
	if f.Type == string(kefu.EventMessageCreated) {
		f = c.next() // the event may overtake the ack
	}
	if f.Type != frameAck || f.Ref != "big" || f.message(t).Content != strings.Repeat("长", 5000) {
		t.Fatalf("got %.200s, want the ack of the whole message", f.raw)
	}
}

func TestWSReaderTwoFramesInOneWrite(t *testing.T) {
	e := newEnv(t, HubOptions{}, HandlerOptions{})
	c := e.rawDial(t)
	// The hello and a request in one write: what follows the hello stays buffered for the
	// reader goroutine.
	c.write(textFrame(`{"type":"hello","token":"vtok-1b"}`), textFrame(`{"type":"ping","ref":"1"}`))
	if w := c.next(); w.Type != frameWelcome {
		t.Fatalf("got %s, want welcome", w.raw)
	}
	c.write(textFrame(`{"type":"ping","ref":"2"}`), textFrame(`{"type":"ping","ref":"3"}`))
	for _, ref := range []string{"1", "2", "3"} {
		if f := c.next(); f.Type != framePong || f.Ref != ref {
			t.Fatalf("got %s, want pong %s", f.raw, ref)
		}
	}
}

// TestWSReaderClientClose: a client's close frame ends the connection; the server answers
// with the client's code, or an empty close frame (1005 to the client) when it had none.
func TestWSReaderClientClose(t *testing.T) {
	tests := []struct {
		name    string
		payload []byte
		echo    int
	}{
		{"no body", nil, websocket.CloseNoStatusReceived},
		{"1-byte body", []byte{0x03}, websocket.CloseNoStatusReceived},
		{"normal", []byte{0x03, 0xE8}, CloseNormal},
		{"going away", []byte{0x03, 0xE9, 'b', 'y', 'e'}, CloseGoingAway},
		{"application code", []byte{0x0F, 0xA0}, 4000},
	}
	e := newEnv(t, HubOptions{}, HandlerOptions{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := e.rawVisitor(t)
			waitFor(t, "registered", func() bool { _, v := e.hub.Counts(); return v == 1 })
			c.write(clientFrame(true, opClose, tt.payload, true))
			c.expectClose(tt.echo) // the server echoes the client's code
			waitFor(t, "unregistered", func() bool { _, v := e.hub.Counts(); return v == 0 })
		})
	}
}

func TestWSReaderBinaryMessage(t *testing.T) {
	e := newEnv(t, HubOptions{}, HandlerOptions{})
	c := e.rawVisitor(t)
	c.write(clientFrame(false, opBinary, []byte(`{"type":`), true), clientFrame(true, opContinuation, []byte(`"ping"}`), true))
	if f := c.next(); f.Type != frameError || f.code() != string(kefu.CodeMalformed) {
		t.Fatalf("got %s, want an error frame for a binary message", f.raw)
	}
	c.expectPong("after")
}

// TestWSReaderPongsKeepAlive: with no server pings due, the client's pongs alone keep the
// connection open past PongWait; once they stop, the read deadline closes it with 1001.
func TestWSReaderPongsKeepAlive(t *testing.T) {
	e := newEnv(t, HubOptions{}, HandlerOptions{PingInterval: time.Hour, PongWait: 300 * time.Millisecond})
	c := e.rawVisitor(t)
	for range 8 {
		c.write(clientFrame(true, opPong, nil, true))
		time.Sleep(100 * time.Millisecond)
	}
	c.expectPong("alive")
	if ce := c.expectClose(CloseGoingAway); ce.Text != "ping timeout" {
		t.Fatalf("got reason %q, want ping timeout", ce.Text)
	}
}
