package wecomtest

import (
	"encoding/json"
	"net/http"
	"strconv"
)

// AddMessage appends a message (a msg_list entry, without open_kfid, which is filled in) to
// the account's list; sync_msg pages through it by cursor.
func (s *Server) AddMessage(openKfID string, m map[string]any) {
	m["open_kfid"] = openKfID
	raw, _ := json.Marshal(m)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.msgs[openKfID] = append(s.msgs[openKfID], raw)
}

// Text is a customer's text message.
func Text(msgID, user, content string, sendTime int64) map[string]any {
	return map[string]any{"msgid": msgID, "external_userid": user, "send_time": sendTime, "origin": 3,
		"msgtype": "text", "text": map[string]string{"content": content}}
}

// Image is a customer's image message.
func Image(msgID, user, mediaID string, sendTime int64) map[string]any {
	return map[string]any{"msgid": msgID, "external_userid": user, "send_time": sendTime, "origin": 3,
		"msgtype": "image", "image": map[string]string{"media_id": mediaID}}
}

// EnterSession is the event of a customer opening the chat, with a welcome code.
func EnterSession(msgID, user, welcomeCode string, sendTime int64) map[string]any {
	return map[string]any{"msgid": msgID, "send_time": sendTime, "origin": 4, "msgtype": "event",
		"event": map[string]any{"event_type": "enter_session", "external_userid": user, "welcome_code": welcomeCode}}
}

// Block holds the sync_msg page that starts at index first until Release(first).
func (s *Server) Block(first int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.blocks[first] = make(chan struct{})
}

// Release lets a blocked page go.
func (s *Server) Release(first int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ch, ok := s.blocks[first]; ok {
		close(ch)
		delete(s.blocks, first)
	}
}

// Reached receives the first index of every page asked for, in order.
func (s *Server) Reached() <-chan int { return s.reached }

// syncMsg answers a page from the cursor (the index of its first message; "" = 0).
func (s *Server) syncMsg(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Cursor   string `json:"cursor"`
		Limit    int    `json:"limit"`
		OpenKfID string `json:"open_kfid"`
	}
	if readJSON(r, &req) != nil || req.Limit < 1 || req.Limit > 1000 {
		fail(w, 40058, "invalid limit")
		return
	}
	first, err := strconv.Atoi(req.Cursor)
	if req.Cursor == "" {
		first, err = 0, nil
	}
	if err != nil {
		fail(w, 95014, "invalid cursor")
		return
	}
	select {
	case s.reached <- first:
	default:
	}
	if !s.wait(r, first) {
		return
	}
	ok(w, s.page(req.OpenKfID, first, req.Limit))
}

// wait holds a blocked page; false when the client gave up.
func (s *Server) wait(r *http.Request, first int) bool {
	s.mu.Lock()
	ch := s.blocks[first]
	s.mu.Unlock()
	if ch == nil {
		return true
	}
	select {
	case <-ch:
		return true
	case <-r.Context().Done():
		return false
	}
}

func (s *Server) page(kf string, first, limit int) map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	msgs := s.msgs[kf]
	end := min(len(msgs), first+min(limit, s.PageSize))
	list := []json.RawMessage{}
	if first < end {
		list = append(list, msgs[first:end]...)
	}
	more := 0
	if end < len(msgs) {
		more = 1
	}
	return map[string]any{"next_cursor": strconv.Itoa(max(end, first)), "has_more": more, "msg_list": list}
}
