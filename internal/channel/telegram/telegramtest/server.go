// Package telegramtest is a fake Telegram Bot API for tests: an httptest server speaking the
// documented protocol (https://core.telegram.org/bots/api) for the methods kefu uses, with
// bots, files and queued updates the test sets up, and a record of what was sent.
package telegramtest

import (
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// Server is the fake Bot API. Its URL is what kefu's telegram_api_url points at.
type Server struct {
	*httptest.Server
	mu       sync.Mutex
	bots     map[string]*bot // by token
	files    map[string][]byte
	sent     []Sent
	fails    map[string][]Failure // by method, consumed in order
	calls    []Call
	nextMsg  int64
	updateCh chan struct{} // closed and replaced when an update is queued
}

type bot struct {
	username      string
	webhookURL    string
	webhookSecret string
	updates       []json.RawMessage // queued, in update_id order
	nextUpdate    int64
	confirmed     int64 // the highest offset getUpdates was called with
}

// Sent is a message a bot sent: sendMessage's text, or sendPhoto's / sendDocument's file.
type Sent struct {
	Method, ChatID, Text, Caption, FileName string
	File                                    []byte
	MessageID                               int64
}

// Call is one request the server answered, with the method and the token's bot username.
type Call struct{ Method, Bot string }

// Failure is an error answer the server gives instead of doing a method.
type Failure struct {
	Code        int    // error_code and HTTP status
	Description string // e.g. "Forbidden: bot was blocked by the user"
	RetryAfter  int    // parameters.retry_after, seconds
}

// NewServer starts the fake; it stops when the test ends.
func NewServer(tb testing.TB) *Server {
	s := &Server{bots: map[string]*bot{}, files: map[string][]byte{}, fails: map[string][]Failure{}, updateCh: make(chan struct{})}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	tb.Cleanup(s.Close)
	return s
}

// AddBot makes token a valid token of a bot called username.
func (s *Server) AddBot(token, username string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.bots[token] = &bot{username: username, nextUpdate: 1000}
}

// AddFile makes a file downloadable by its file_id.
func (s *Server) AddFile(fileID string, data []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.files[fileID] = data
}

// Fail makes the next calls of method answer f, one call per Failure given.
func (s *Server) Fail(method string, fs ...Failure) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fails[method] = append(s.fails[method], fs...)
}

// Sent returns what the bots sent so far.
func (s *Server) Sent() []Sent {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Sent(nil), s.sent...)
}

// Calls returns the requests answered so far.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Call(nil), s.calls...)
}

// Webhook returns the URL and secret token the bot's last setWebhook gave ("" after
// deleteWebhook).
func (s *Server) Webhook(token string) (url, secret string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b := s.bots[token]
	return b.webhookURL, b.webhookSecret
}

// Confirmed is the highest offset getUpdates was called with: updates below it are forgotten.
func (s *Server) Confirmed(token string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.bots[token].confirmed
}

// QueueUpdate gives update (without update_id) an id and queues it for getUpdates; it
// returns the update as Telegram would send it, for a test to post to a webhook too.
func (s *Server) QueueUpdate(token string, update map[string]any) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	b := s.bots[token]
	b.nextUpdate++
	update["update_id"] = b.nextUpdate
	raw, _ := json.Marshal(update)
	b.updates = append(b.updates, raw)
	close(s.updateCh)
	s.updateCh = make(chan struct{})
	return raw
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if tok, path, ok := strings.Cut(strings.TrimPrefix(r.URL.Path, "/file/bot"), "/"); ok && strings.HasPrefix(r.URL.Path, "/file/bot") {
		s.serveFile(w, tok, path)
		return
	}
	tok, method, ok := strings.Cut(strings.TrimPrefix(r.URL.Path, "/bot"), "/")
	b := s.bot(tok)
	if !ok || b == nil {
		fail(w, Failure{Code: 401, Description: "Unauthorized"})
		return
	}
	params, files, err := readParams(r)
	if err != nil {
		fail(w, Failure{Code: 400, Description: "Bad Request: " + err.Error()})
		return
	}
	s.record(method, b.username)
	if f, ok := s.nextFailure(method); ok {
		fail(w, f)
		return
	}
	s.method(w, r, b, method, params, files)
}

func (s *Server) method(w http.ResponseWriter, r *http.Request, b *bot, method string, p map[string]string, files map[string]upload) {
	switch method {
	case "getMe":
		ok(w, map[string]any{"id": 777000, "is_bot": true, "first_name": b.username, "username": b.username})
	case "setWebhook":
		s.setWebhook(b, p["url"], p["secret_token"])
		ok(w, true)
	case "deleteWebhook":
		s.setWebhook(b, "", "")
		ok(w, true)
	case "getUpdates":
		s.getUpdates(w, r, b, p)
	case "getFile":
		s.getFile(w, p["file_id"])
	case "sendMessage", "sendPhoto", "sendDocument":
		s.send(w, method, p, files)
	default:
		fail(w, Failure{Code: 404, Description: "Not Found: method not found"})
	}
}

func (s *Server) bot(token string) *bot {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.bots[token]
}

func (s *Server) record(method, username string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, Call{Method: method, Bot: username})
}

func (s *Server) nextFailure(method string) (Failure, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	q := s.fails[method]
	if len(q) == 0 {
		return Failure{}, false
	}
	s.fails[method] = q[1:]
	return q[0], true
}

func (s *Server) setWebhook(b *bot, url, secret string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b.webhookURL, b.webhookSecret = url, secret
}

// getUpdates answers the queued updates from offset on, waiting up to timeout seconds for
// one, as Telegram's long polling does; it refuses while a webhook is set, as Telegram does.
func (s *Server) getUpdates(w http.ResponseWriter, r *http.Request, b *bot, p map[string]string) {
	var offset, timeout int64
	fmt.Sscan(p["offset"], &offset)
	fmt.Sscan(p["timeout"], &timeout)
	deadline := time.After(time.Duration(timeout) * time.Second)
	for {
		ups, wait, conflict := s.pending(b, offset)
		switch {
		case conflict:
			fail(w, Failure{Code: 409, Description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"})
			return
		case len(ups) > 0:
			ok(w, ups)
			return
		}
		select {
		case <-wait:
		case <-deadline:
			ok(w, []json.RawMessage{})
			return
		case <-r.Context().Done():
			return
		}
	}
}

// pending forgets the updates before offset and returns the rest, or a channel that is
// closed when one is queued.
func (s *Server) pending(b *bot, offset int64) ([]json.RawMessage, <-chan struct{}, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if b.webhookURL != "" {
		return nil, nil, true
	}
	b.confirmed = max(b.confirmed, offset)
	keep := b.updates[:0]
	for _, u := range b.updates {
		var id struct {
			UpdateID int64 `json:"update_id"`
		}
		_ = json.Unmarshal(u, &id)
		if id.UpdateID >= offset {
			keep = append(keep, u)
		}
	}
	b.updates = keep
	return append([]json.RawMessage(nil), keep...), s.updateCh, false
}

func (s *Server) getFile(w http.ResponseWriter, fileID string) {
	s.mu.Lock()
	_, found := s.files[fileID]
	s.mu.Unlock()
	if !found {
		fail(w, Failure{Code: 400, Description: "Bad Request: invalid file_id"})
		return
	}
	ok(w, map[string]any{"file_id": fileID, "file_unique_id": "u" + fileID, "file_path": "documents/" + fileID + ".bin"})
}

func (s *Server) serveFile(w http.ResponseWriter, token, path string) {
	id := strings.TrimSuffix(strings.TrimPrefix(path, "documents/"), ".bin")
	s.mu.Lock()
	data, found := s.files[id]
	_, bot := s.bots[token]
	s.mu.Unlock()
	if !found || !bot {
		http.NotFound(w, nil)
		return
	}
	w.Write(data)
}

func (s *Server) send(w http.ResponseWriter, method string, p map[string]string, files map[string]upload) {
	if p["chat_id"] == "" {
		fail(w, Failure{Code: 400, Description: "Bad Request: chat_id is empty"})
		return
	}
	sent := Sent{Method: method, ChatID: p["chat_id"], Text: p["text"], Caption: p["caption"]}
	for _, f := range files {
		sent.FileName, sent.File = f.name, f.data
	}
	s.mu.Lock()
	s.nextMsg++
	sent.MessageID = s.nextMsg
	s.sent = append(s.sent, sent)
	s.mu.Unlock()
	ok(w, map[string]any{"message_id": sent.MessageID, "date": time.Now().Unix(), "chat": map[string]any{"id": p["chat_id"], "type": "private"}})
}

type upload struct {
	name string
	data []byte
}

// readParams reads a method's parameters as the Bot API takes them: JSON, a URL-encoded form
// or a multipart form with files.
func readParams(r *http.Request) (map[string]string, map[string]upload, error) {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ct {
	case "application/json":
		return jsonParams(r.Body)
	case "multipart/form-data":
		return multipartParams(r)
	}
	if err := r.ParseForm(); err != nil {
		return nil, nil, err
	}
	p := map[string]string{}
	for k := range r.Form {
		p[k] = r.Form.Get(k)
	}
	return p, nil, nil
}

func jsonParams(body io.Reader) (map[string]string, map[string]upload, error) {
	var raw map[string]json.RawMessage
	if err := json.NewDecoder(body).Decode(&raw); err != nil {
		return nil, nil, err
	}
	p := map[string]string{}
	for k, v := range raw {
		var s string
		if json.Unmarshal(v, &s) != nil {
			s = string(v) // numbers, booleans and arrays as their JSON
		}
		p[k] = s
	}
	return p, nil, nil
}

func multipartParams(r *http.Request) (map[string]string, map[string]upload, error) {
	if err := r.ParseMultipartForm(64 << 20); err != nil {
		return nil, nil, err
	}
	p, files := map[string]string{}, map[string]upload{}
	for k, v := range r.MultipartForm.Value {
		p[k] = v[0]
	}
	for k, fhs := range r.MultipartForm.File {
		data, err := readPart(fhs[0])
		if err != nil {
			return nil, nil, err
		}
		files[k] = upload{name: fhs[0].Filename, data: data}
	}
	return p, files, nil
}

func readPart(fh *multipart.FileHeader) ([]byte, error) {
	f, err := fh.Open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}

func ok(w http.ResponseWriter, result any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{"ok": true, "result": result})
}

func fail(w http.ResponseWriter, f Failure) {
	body := map[string]any{"ok": false, "error_code": f.Code, "description": f.Description}
	if f.RetryAfter > 0 {
		body["parameters"] = map[string]any{"retry_after": f.RetryAfter}
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(f.Code)
	json.NewEncoder(w).Encode(body)
}
