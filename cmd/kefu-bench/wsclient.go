package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

// frame is any server → client frame, decoded loosely: the bench reads only what it checks.
type frame struct {
	Type           string            `json:"type"`
	Ref            string            `json:"ref"`
	Cursor         int64             `json:"cursor"`
	ConversationID string            `json:"conversation_id"`
	Message        *wireMessage      `json:"message"` // an object in events and acks; nil in errors, whose message is text
	Conversation   *wireConversation `json:"conversation"`
	Duplicate      bool              `json:"duplicate"`
	Code           string            `json:"code"`
}

// decodeFrame decodes data in one pass: the bench's own CPU is taken from the server it
// measures on the same box, and the agent following everything decodes every message. An error
// frame's message is text, which does not fit wireMessage; json skips that field and fills the
// rest, so the frame is kept without it.
func decodeFrame(data []byte, f *frame) error {
	err := json.Unmarshal(data, f)
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) && f.Type == "error" {
		f.Message = nil
		return nil
	}
	return err
}

// wsClient is one bench WebSocket connection: a reader goroutine hands every frame to onFrame.
type wsClient struct {
	ws        *websocket.Conn
	wmu       sync.Mutex
	done      chan struct{} // closed when the reader stops
	closeCode atomic.Int32  // the server's close code; 0 = none (network error)
}

// dialer uses small buffers: the bench holds tens of thousands of connections.
var dialer = &websocket.Dialer{HandshakeTimeout: 30 * time.Second, ReadBufferSize: 2048, WriteBufferSize: 1024}

// dialWS connects, says hello and waits for the welcome; then frames go to onFrame (called on the
// reader goroutine, so it must not block long).
func dialWS(ctx context.Context, url string, hello any, onFrame func(*frame)) (*wsClient, error) {
	ws, _, err := dialer.DialContext(ctx, url, nil)
	if err != nil {
		return nil, err
	}
	c := &wsClient{ws: ws, done: make(chan struct{})}
	if err := c.send(hello); err != nil {
		ws.Close()
		return nil, err
	}
	_ = ws.SetReadDeadline(time.Now().Add(30 * time.Second))
	var f frame
	if err := ws.ReadJSON(&f); err != nil {
		ws.Close()
		return nil, fmt.Errorf("hello: %w", err)
	}
	if f.Type != "welcome" {
		ws.Close()
		return nil, fmt.Errorf("hello: got %q frame, want welcome", f.Type)
	}
	_ = ws.SetReadDeadline(time.Time{})
	go c.read(onFrame)
	return c, nil
}

func (c *wsClient) read(onFrame func(*frame)) {
	defer close(c.done)
	defer c.ws.Close()   // release the descriptor now: a reconnecting client must not hold two
	var buf bytes.Buffer // reused: decoding copies what it keeps
	for {
		_, r, err := c.ws.NextReader()
		if err == nil {
			buf.Reset()
			_, err = buf.ReadFrom(r)
		}
		if err != nil {
			var ce *websocket.CloseError
			if errors.As(err, &ce) {
				c.closeCode.Store(int32(ce.Code))
			}
			return
		}
		var f frame
		if decodeFrame(buf.Bytes(), &f) == nil && onFrame != nil {
			onFrame(&f)
		}
	}
}

// send writes one JSON frame; safe from any goroutine.
func (c *wsClient) send(v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	c.wmu.Lock()
	defer c.wmu.Unlock()
	_ = c.ws.SetWriteDeadline(time.Now().Add(10 * time.Second))
	return c.ws.WriteMessage(websocket.TextMessage, b)
}

// close ends the connection without waiting for the server.
func (c *wsClient) close() {
	c.wmu.Lock()
	_ = c.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseNormalClosure, ""), time.Now().Add(time.Second))
	c.wmu.Unlock()
	_ = c.ws.Close()
}

// sendFrame is the client "send" request.
type sendFrame struct {
	Type           string `json:"type"`
	Ref            string `json:"ref,omitempty"`
	ConversationID string `json:"conversation_id"`
	ClientMsgID    string `json:"client_msg_id"`
	Content        string `json:"content"`
}

func newSend(convID, clientID string) sendFrame {
	return sendFrame{Type: "send", Ref: clientID, ConversationID: convID, ClientMsgID: clientID, Content: stamp(time.Now())}
}

// stamp puts the send time into a message's content so any receiver can compute latency.
func stamp(t time.Time) string { return "kefu-bench " + strconv.FormatInt(t.UnixNano(), 10) }

// sentAt reads the time stamp back; ok is false for content the bench did not write.
func sentAt(content string) (time.Time, bool) {
	s, ok := strings.CutPrefix(content, "kefu-bench ")
	if !ok {
		return time.Time{}, false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return time.Unix(0, n), err == nil
}

// visitorHello and agentHello are the first frames.
func visitorHello(token string, since map[string]int64) map[string]any {
	h := map[string]any{"type": "hello", "token": token}
	if len(since) > 0 {
		h["since"] = since
	}
	return h
}

// agentHello is the hello of an agent that receives every event of the organisation.
func agentHello(token string) map[string]any { return map[string]any{"type": "hello", "token": token} }

// viewsAgentHello is the hello of a workspace showing views (docs/realtime.md); no views is
// agentHello, the hello of a client from before views.
func viewsAgentHello(token string, views []string) map[string]any {
	h := agentHello(token)
	if len(views) > 0 {
		h["views"] = views
	}
	return h
}

// assignedAgentHello is the hello of an agent that receives messages only of its own (and
// unassigned) conversations, as a workspace of a large team does.
func assignedAgentHello(token string) map[string]any {
	return map[string]any{"type": "hello", "token": token, "scope": "assigned"}
}

// dialMany opens n connections with bounded concurrency, retrying over-capacity refusals.
func dialMany(ctx context.Context, n, workers int, dial func(i int) (*wsClient, error)) ([]*wsClient, error) {
	out := make([]*wsClient, n)
	err := parallel(ctx, n, workers, func(i int) error {
		var err error
		for attempt := 0; attempt < 5; attempt++ {
			if out[i], err = dial(i); err == nil {
				return nil
			}
			time.Sleep(time.Duration(attempt+1) * 200 * time.Millisecond)
		}
		return fmt.Errorf("connection %d: %w", i, err)
	})
	if err != nil {
		closeAll(out)
		return nil, err
	}
	return out, nil
}

func closeAll(cs []*wsClient) {
	for _, c := range cs {
		if c != nil {
			c.close()
		}
	}
}
