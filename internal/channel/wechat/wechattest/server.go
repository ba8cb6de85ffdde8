// Package wechattest is a simulator of the WeChat Official Account and mini program APIs for
// tests: an httptest server speaking the documented protocol of the endpoints kefu calls
// (cgi-bin/token, message/custom/send, media/get, media/upload, user/info), with accounts,
// media and UnionIDs a test sets up and a record of what was sent; and a Callback client that
// builds signed (and, per mode, encrypted) callbacks as the platform posts them.
package wechattest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// Server is the simulated platform API; its URL is what kefu's wechat_api_url points at.
type Server struct {
	*httptest.Server
	mu       sync.Mutex
	apps     map[string]string // AppSecret by AppID
	tokens   map[string]string // AppID by valid token
	fetches  map[string]int    // token fetches by AppID
	next     int
	media    map[string][]byte
	videos   map[string][]byte
	unionIDs map[string]string
	infos    int
	failSend []int
	denyIP   bool
	sent     []Sent
	uploads  []Upload
}

// Sent is one custom/send the platform accepted.
type Sent struct {
	AppID, ToUser, MsgType string
	Content                string // text
	MediaID                string // image
	Body                   []byte // the request as posted
}

// Upload is one image uploaded as temporary media.
type Upload struct {
	AppID, Type, MediaID, FileName string
	Data                           []byte
}

// NewServer starts the simulator; it stops when the test ends.
func NewServer(tb testing.TB) *Server {
	s := &Server{apps: map[string]string{}, tokens: map[string]string{}, fetches: map[string]int{},
		media: map[string][]byte{}, videos: map[string][]byte{}, unionIDs: map[string]string{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /cgi-bin/token", s.token)
	mux.HandleFunc("POST /cgi-bin/message/custom/send", s.send)
	mux.HandleFunc("GET /cgi-bin/media/get", s.mediaGet)
	mux.HandleFunc("POST /cgi-bin/media/upload", s.upload)
	mux.HandleFunc("GET /cgi-bin/user/info", s.userInfo)
	mux.HandleFunc("GET /video/{id}", s.video)
	s.Server = httptest.NewServer(mux)
	tb.Cleanup(s.Close)
	return s
}

// AddApp makes appID an account whose AppSecret is secret.
func (s *Server) AddApp(appID, secret string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.apps[appID] = secret
}

// AddMedia makes a temporary medium downloadable by media/get.
func (s *Server) AddMedia(mediaID string, data []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.media[mediaID] = data
}

// AddVideo makes a video medium: media/get answers JSON with a video_url on this server.
func (s *Server) AddVideo(mediaID string, data []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.videos[mediaID] = data
}

// SetUnionID makes user/info give openID's UnionID.
func (s *Server) SetUnionID(openID, unionID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.unionIDs[openID] = unionID
}

// FailSend makes the next custom/send calls answer these errcodes, one per call.
func (s *Server) FailSend(codes ...int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failSend = append(s.failSend, codes...)
}

// DenyIP makes token fetches answer 40164 (the caller's IP is not on the allow-list).
func (s *Server) DenyIP(deny bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.denyIP = deny
}

// RevokeTokens invalidates every token of appID, as a fetch elsewhere (the console, another
// tool) would: the next call with one answers 40001.
func (s *Server) RevokeTokens(appID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for tok, app := range s.tokens {
		if app == appID {
			delete(s.tokens, tok)
		}
	}
}

// TokenFetches counts the tokens issued to appID.
func (s *Server) TokenFetches(appID string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.fetches[appID]
}

// UserInfoCalls counts user/info calls answered.
func (s *Server) UserInfoCalls() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.infos
}

// Sent returns the messages sent so far.
func (s *Server) Sent() []Sent {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Sent(nil), s.sent...)
}

// Uploads returns the media uploaded so far.
func (s *Server) Uploads() []Upload {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Upload(nil), s.uploads...)
}

// token issues an access token for a known AppID and its secret.
func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	s.mu.Lock()
	defer s.mu.Unlock()
	secret, known := s.apps[q.Get("appid")]
	switch {
	case q.Get("grant_type") != "client_credential":
		answer(w, 40002, "invalid grant_type")
	case !known:
		answer(w, 40013, "invalid appid")
	case secret != q.Get("secret"):
		answer(w, 40125, "invalid appsecret")
	case s.denyIP:
		answer(w, 40164, "invalid ip, not in whitelist")
	default:
		s.next++
		tok := fmt.Sprintf("ACCESS_TOKEN_%d_%s", s.next, strings.Repeat("x", 16))
		s.tokens[tok] = q.Get("appid")
		s.fetches[q.Get("appid")]++
		writeJSON(w, map[string]any{"access_token": tok, "expires_in": 7200})
	}
}

// app is the AppID of the request's access token; false (answered 40001) for an invalid one.
func (s *Server) app(w http.ResponseWriter, r *http.Request) (string, bool) {
	s.mu.Lock()
	app, ok := s.tokens[r.URL.Query().Get("access_token")]
	s.mu.Unlock()
	if !ok {
		answer(w, 40001, "invalid credential, access_token is invalid or not latest")
	}
	return app, ok
}

func (s *Server) send(w http.ResponseWriter, r *http.Request) {
	app, ok := s.app(w, r)
	if !ok {
		return
	}
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	var m struct {
		ToUser  string            `json:"touser"`
		MsgType string            `json:"msgtype"`
		Text    map[string]string `json:"text"`
		Image   map[string]string `json:"image"`
	}
	if json.Unmarshal(body, &m) != nil || m.ToUser == "" {
		answer(w, 44002, "empty post data")
		return
	}
	if code, failed := s.nextFailure(); failed {
		answer(w, code, "simulated failure")
		return
	}
	s.record(Sent{AppID: app, ToUser: m.ToUser, MsgType: m.MsgType, Content: m.Text["content"], MediaID: m.Image["media_id"], Body: body})
	answer(w, 0, "ok")
}

func (s *Server) nextFailure() (int, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.failSend) == 0 {
		return 0, false
	}
	code := s.failSend[0]
	s.failSend = s.failSend[1:]
	return code, true
}

func (s *Server) record(m Sent) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sent = append(s.sent, m)
}

// mediaGet serves a medium's bytes, a video's JSON with its video_url, or 40007.
func (s *Server) mediaGet(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.app(w, r); !ok {
		return
	}
	id := r.URL.Query().Get("media_id")
	s.mu.Lock()
	data, isMedia := s.media[id]
	_, isVideo := s.videos[id]
	s.mu.Unlock()
	switch {
	case isMedia:
		w.Header().Set("Content-Type", "image/jpeg") // the platform's header, not the bytes' type
		w.Header().Set("Content-Disposition", `attachment; filename="`+id+`.jpg"`)
		_, _ = w.Write(data)
	case isVideo:
		writeJSON(w, map[string]any{"video_url": s.URL + "/video/" + id})
	default:
		answer(w, 40007, "invalid media_id")
	}
}

func (s *Server) video(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	data, ok := s.videos[r.PathValue("id")]
	s.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "video/mp4")
	_, _ = w.Write(data)
}

// upload takes the multipart field "media" and answers a media_id.
func (s *Server) upload(w http.ResponseWriter, r *http.Request) {
	app, ok := s.app(w, r)
	if !ok {
		return
	}
	f, h, err := r.FormFile("media")
	if err != nil {
		answer(w, 41005, "media data missing")
		return
	}
	defer f.Close()
	data, _ := io.ReadAll(f)
	s.mu.Lock()
	s.next++
	id := fmt.Sprintf("MEDIA_%d", s.next)
	s.uploads = append(s.uploads, Upload{AppID: app, Type: r.URL.Query().Get("type"), MediaID: id, FileName: h.Filename, Data: data})
	s.mu.Unlock()
	writeJSON(w, map[string]any{"type": r.URL.Query().Get("type"), "media_id": id, "created_at": 1700000000})
}

// userInfo answers a follower's profile, with the UnionID when one was set.
func (s *Server) userInfo(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.app(w, r); !ok {
		return
	}
	openID := r.URL.Query().Get("openid")
	s.mu.Lock()
	s.infos++
	union := s.unionIDs[openID]
	s.mu.Unlock()
	info := map[string]any{"subscribe": 1, "openid": openID, "language": "zh_CN"}
	if union != "" {
		info["unionid"] = union
	}
	writeJSON(w, info)
}

func answer(w http.ResponseWriter, code int, msg string) {
	writeJSON(w, map[string]any{"errcode": code, "errmsg": msg})
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json; encoding=utf-8")
	_ = json.NewEncoder(w).Encode(v)
}
