// Package wecomtest is a simulator of the WeCom customer-service API for tests: an httptest
// server speaking the documented protocol (developer.work.weixin.qq.com, 微信客服) for the
// calls kefu makes — gettoken, kf/sync_msg over a scripted message list, kf/send_msg (which
// refuses a msgid it has seen, as WeCom does), kf/send_msg_on_event, kf/service_state,
// kf/customer/batchget, media/get and media/upload — and a client posting encrypted
// kf_msg_or_event callbacks.
package wecomtest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
)

// DuplicateMsgID is the errcode the simulator answers a send_msg whose msgid it has seen.
const DuplicateMsgID = 95026

// Server is the simulated API; its URL is what kefu's wecom_api_url points at.
type Server struct {
	*httptest.Server
	CorpID, Secret string
	// PageSize caps a sync_msg page below the caller's limit, so a test can page.
	PageSize int

	mu        sync.Mutex
	tokens    map[string]bool // issued access tokens, false once expired
	nextToken int
	secrets   map[string]string            // corp id → application secret
	msgs      map[string][]json.RawMessage // by open_kfid
	blocks    map[int]chan struct{}        // sync_msg page (by its first index) held until released
	reached   chan int                     // the first index of each sync_msg page asked for
	sent      []Sent
	msgIDs    map[string]bool
	events    []map[string]any
	states    map[string]int
	customers map[string]Customer
	media     map[string][]byte
	uploads   map[string]Upload
	fails     map[string][]int
	calls     []string
}

// Sent is one accepted send_msg body.
type Sent struct {
	ToUser, OpenKfID, MsgID, MsgType string
	Body                             map[string]any
}

// Customer is a profile batchget returns.
type Customer struct{ Nickname, UnionID string }

// Upload is a medium media/upload took.
type Upload struct {
	Type, FileName string
	Data           []byte
}

// NewServer starts the simulator for one company and its application's secret.
func NewServer(tb testing.TB, corpID, secret string) *Server {
	s := &Server{CorpID: corpID, Secret: secret, PageSize: 1000, tokens: map[string]bool{}, blocks: map[int]chan struct{}{},
		secrets: map[string]string{corpID: secret}, msgs: map[string][]json.RawMessage{},
		reached: make(chan int, 100), msgIDs: map[string]bool{}, states: map[string]int{}, customers: map[string]Customer{},
		media: map[string][]byte{}, uploads: map[string]Upload{}, fails: map[string][]int{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	tb.Cleanup(s.Close)
	return s
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.record(r.URL.Path)
	if r.URL.Path == "/cgi-bin/gettoken" {
		s.getToken(w, r)
		return
	}
	if code := s.checkToken(r.URL.Query().Get("access_token")); code != 0 {
		fail(w, code, "invalid access_token")
		return
	}
	if code, ok := s.nextFailure(r.URL.Path); ok {
		fail(w, code, "simulated failure")
		return
	}
	h, ok := s.routes()[r.URL.Path]
	if !ok {
		fail(w, 404, "no such API in the simulator")
		return
	}
	h(w, r)
}

func (s *Server) routes() map[string]http.HandlerFunc {
	return map[string]http.HandlerFunc{
		"/cgi-bin/kf/sync_msg": s.syncMsg, "/cgi-bin/kf/send_msg": s.sendMsg,
		"/cgi-bin/kf/send_msg_on_event": s.sendOnEvent, "/cgi-bin/kf/service_state/get": s.getState,
		"/cgi-bin/kf/service_state/trans": s.transState, "/cgi-bin/kf/customer/batchget": s.batchGet,
		"/cgi-bin/media/get": s.mediaGet, "/cgi-bin/media/upload": s.mediaUpload,
	}
}

func (s *Server) record(path string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, path)
}

// Calls counts the requests to path so far.
func (s *Server) Calls(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, c := range s.calls {
		if c == path {
			n++
		}
	}
	return n
}

// Fail makes the next calls of path answer errcode, one call per code given.
func (s *Server) Fail(path string, codes ...int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fails[path] = append(s.fails[path], codes...)
}

func (s *Server) nextFailure(path string) (int, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	q := s.fails[path]
	if len(q) == 0 {
		return 0, false
	}
	s.fails[path] = q[1:]
	return q[0], true
}

func (s *Server) getToken(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	s.mu.Lock()
	secret, known := s.secrets[q.Get("corpid")]
	s.mu.Unlock()
	switch {
	case !known:
		fail(w, 40013, "invalid corpid")
		return
	case q.Get("corpsecret") != secret:
		fail(w, 40001, "invalid credential")
		return
	}
	s.mu.Lock()
	s.nextToken++
	tok := "tok-" + strconv.Itoa(s.nextToken)
	s.tokens[tok] = true
	s.mu.Unlock()
	ok(w, map[string]any{"access_token": tok, "expires_in": 7200})
}

// AddCorp lets another company's application fetch tokens (customers and their ids are
// shared by the simulator; kefu scopes them by corp id).
func (s *Server) AddCorp(corpID, secret string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.secrets[corpID] = secret
}

// checkToken is 0 for a live token, 42001 for an expired one, 40014 for an unknown one.
func (s *Server) checkToken(tok string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	live, known := s.tokens[tok]
	switch {
	case !known:
		return 40014
	case !live:
		return 42001
	}
	return 0
}

// ExpireTokens makes every token issued so far expired, as WeCom's are after two hours.
func (s *Server) ExpireTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for t := range s.tokens {
		s.tokens[t] = false
	}
}

// TokensIssued counts gettoken answers.
func (s *Server) TokensIssued() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.nextToken
}

func ok(w http.ResponseWriter, v map[string]any) {
	v["errcode"], v["errmsg"] = 0, "ok"
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

func fail(w http.ResponseWriter, code int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"errcode": code, "errmsg": msg})
}

func readJSON(r *http.Request, v any) error {
	return json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(v)
}
