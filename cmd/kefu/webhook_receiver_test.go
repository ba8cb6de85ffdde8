package main

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// received is one delivery a receiver got.
type received struct {
	ID       string // webhook-id
	Accepted bool   // answered 2xx
	At       time.Time
	Type     string
	Content  string // data.message.content, for message events
	Body     string // the whole payload, for tests that look for what must not leave
	Err      error  // signature verification failure
}

// receiver is a customer's webhook endpoint: it verifies every signature the way the Standard
// Webhooks specification tells customers to, and fails the first failFirst attempts of each
// webhook-id (all of them when failFirst < 0) with 500.
type receiver struct {
	*httptest.Server
	failFirst int
	mu        sync.Mutex
	secret    string
	got       []received
	tries     map[string]int
}

func newReceiver(t *testing.T, failFirst int) *receiver {
	r := &receiver{failFirst: failFirst, tries: map[string]int{}}
	r.Server = httptest.NewServer(http.HandlerFunc(r.serve))
	t.Cleanup(r.Close)
	return r
}

func (r *receiver) setSecret(s string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.secret = s
}

func (r *receiver) serve(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	r.mu.Lock()
	defer r.mu.Unlock()
	id := req.Header.Get("webhook-id")
	rec := received{ID: id, At: time.Now(), Body: string(body), Err: verifyStandardWebhook(r.secret, req.Header, body)}
	var env struct {
		Type string `json:"type"`
		Data struct {
			Message struct {
				Content string `json:"content"`
			} `json:"message"`
		} `json:"data"`
	}
	if err := json.Unmarshal(body, &env); err != nil && rec.Err == nil {
		rec.Err = err
	}
	rec.Type, rec.Content = env.Type, env.Data.Message.Content
	r.tries[id]++
	if rec.Err != nil || r.failFirst < 0 || r.tries[id] <= r.failFirst {
		r.got = append(r.got, rec)
		http.Error(w, "not now", http.StatusServiceUnavailable)
		return
	}
	rec.Accepted = true
	r.got = append(r.got, rec)
	io.WriteString(w, `{"ok":true}`)
}

// snapshot returns what the receiver got so far.
func (r *receiver) snapshot() []received {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]received(nil), r.got...)
}

// matching returns the deliveries of type typ whose message has content ("" = any).
func (r *receiver) matching(typ, content string) []received {
	var out []received
	for _, g := range r.snapshot() {
		if g.Type == typ && (content == "" || g.Content == content) {
			out = append(out, g)
		}
	}
	return out
}

// verifyStandardWebhook checks a delivery as a customer would: the signed content is
// "id.timestamp.body", the key is the secret's base64 after "whsec_", the header holds
// space-separated "v1,<base64>" signatures, and an old timestamp is refused.
func verifyStandardWebhook(secret string, h http.Header, body []byte) error {
	id, ts, sigs := h.Get("webhook-id"), h.Get("webhook-timestamp"), h.Get("webhook-signature")
	if id == "" || ts == "" || sigs == "" {
		return errors.New("missing webhook headers")
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || time.Since(time.Unix(sec, 0)).Abs() > 5*time.Minute {
		return errors.New("timestamp too far from now")
	}
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, "whsec_"))
	if err != nil || !strings.HasPrefix(secret, "whsec_") {
		return errors.New("bad secret")
	}
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(id + "." + ts + "." + string(body)))
	want := "v1," + base64.StdEncoding.EncodeToString(mac.Sum(nil))
	for _, sig := range strings.Fields(sigs) {
		if hmac.Equal([]byte(sig), []byte(want)) {
			return nil
		}
	}
	return errors.New("no valid signature")
}
