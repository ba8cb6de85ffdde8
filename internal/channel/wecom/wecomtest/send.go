package wecomtest

import (
	"io"
	"net/http"
	"strconv"
)

// sendMsg records a send; a msgid seen before is refused, as WeCom refuses it.
func (s *Server) sendMsg(w http.ResponseWriter, r *http.Request) {
	var body map[string]any
	if readJSON(r, &body) != nil {
		fail(w, 40035, "invalid body")
		return
	}
	str := func(k string) string { v, _ := body[k].(string); return v }
	s.mu.Lock()
	defer s.mu.Unlock()
	if id := str("msgid"); id != "" && s.msgIDs[id] {
		fail(w, DuplicateMsgID, "duplicate msgid")
		return
	}
	s.msgIDs[str("msgid")] = true
	s.sent = append(s.sent, Sent{ToUser: str("touser"), OpenKfID: str("open_kfid"), MsgID: str("msgid"), MsgType: str("msgtype"), Body: body})
	ok(w, map[string]any{"msgid": str("msgid")})
}

// Sent returns the accepted send_msg calls.
func (s *Server) Sent() []Sent {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Sent(nil), s.sent...)
}

func (s *Server) sendOnEvent(w http.ResponseWriter, r *http.Request) {
	var body map[string]any
	if readJSON(r, &body) != nil || body["code"] == "" {
		fail(w, 40035, "invalid body")
		return
	}
	s.mu.Lock()
	s.events = append(s.events, body)
	s.mu.Unlock()
	ok(w, map[string]any{})
}

// EventMessages returns the send_msg_on_event bodies.
func (s *Server) EventMessages() []map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]map[string]any(nil), s.events...)
}

type stateBody struct {
	OpenKfID       string `json:"open_kfid"`
	ExternalUserID string `json:"external_userid"`
	ServiceState   int    `json:"service_state"`
}

func (s *Server) getState(w http.ResponseWriter, r *http.Request) {
	var b stateBody
	_ = readJSON(r, &b)
	ok(w, map[string]any{"service_state": s.State(b.ExternalUserID)})
}

// transState allows what WeCom allows of the states kefu uses: 0→1, 1→4 (and 0→1→4).
func (s *Server) transState(w http.ResponseWriter, r *http.Request) {
	var b stateBody
	_ = readJSON(r, &b)
	s.mu.Lock()
	defer s.mu.Unlock()
	from := s.states[b.ExternalUserID]
	if !(from == 0 && b.ServiceState == 1) && !(from == 1 && b.ServiceState == 4) {
		fail(w, 95016, "invalid state transition")
		return
	}
	s.states[b.ExternalUserID] = b.ServiceState
	ok(w, map[string]any{"msg_code": ""})
}

// State is a customer's session state (0 until changed).
func (s *Server) State(user string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.states[user]
}

// AddCustomer gives batchget a profile.
func (s *Server) AddCustomer(user string, c Customer) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.customers[user] = c
}

func (s *Server) batchGet(w http.ResponseWriter, r *http.Request) {
	var b struct {
		Users []string `json:"external_userid_list"`
	}
	_ = readJSON(r, &b)
	s.mu.Lock()
	defer s.mu.Unlock()
	list := []map[string]any{}
	for _, u := range b.Users {
		if c, ok := s.customers[u]; ok {
			list = append(list, map[string]any{"external_userid": u, "nickname": c.Nickname, "unionid": c.UnionID})
		}
	}
	ok(w, map[string]any{"customer_list": list, "invalid_external_userid": []string{}})
}

// AddMedia makes a medium downloadable by media_id.
func (s *Server) AddMedia(mediaID string, data []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.media[mediaID] = data
}

func (s *Server) mediaGet(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	data, found := s.media[r.URL.Query().Get("media_id")]
	s.mu.Unlock()
	if !found {
		fail(w, 40007, "invalid media_id")
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	_, _ = w.Write(data)
}

func (s *Server) mediaUpload(w http.ResponseWriter, r *http.Request) {
	typ := r.URL.Query().Get("type")
	f, hdr, err := r.FormFile("media")
	if err != nil || (typ != "image" && typ != "file") {
		fail(w, 40004, "invalid media")
		return
	}
	defer f.Close()
	data, _ := io.ReadAll(f)
	s.mu.Lock()
	id := "media-" + strconv.Itoa(len(s.uploads)+1)
	s.uploads[id] = Upload{Type: typ, FileName: hdr.Filename, Data: data}
	s.mu.Unlock()
	ok(w, map[string]any{"type": typ, "media_id": id, "created_at": "1380000000"})
}

// Uploaded returns what media/upload took under media_id.
func (s *Server) Uploaded(mediaID string) Upload {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.uploads[mediaID]
}
