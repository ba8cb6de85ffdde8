package channeltest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"time"
)

// Answer is one scripted answer of a Platform.
type Answer struct {
	Status     int    // 0 = 200
	Error      string // the reason in the body of a failure
	RetryAfter string // Retry-After header, when set
	// Hold keeps the request open, the delivery accepted, until the client goes away (kefu
	// killed mid-request) or Release is called.
	Hold bool
}

// Received is one request the platform got, and when.
type Received struct {
	Delivery
	Key string
	At  time.Time
}

// Platform is a fake messaging platform: it answers deliveries from a script (then 200), keeps
// every request, and keeps the messages it accepted; when Idempotent, a request with a key it
// accepted already is answered 200 again without a second copy.
type Platform struct {
	*httptest.Server
	Idempotent bool

	mu       sync.Mutex
	script   []Answer
	received []Received
	accepted map[string]int // idempotency key → copies accepted
	release  chan struct{}
	held     chan struct{} // gets a value when a request is held
}

// NewPlatform starts a platform answering from script; Close it when done.
func NewPlatform(idempotent bool, script ...Answer) *Platform {
	p := &Platform{Idempotent: idempotent, script: script, accepted: map[string]int{},
		release: make(chan struct{}), held: make(chan struct{}, 16)}
	p.Server = httptest.NewServer(http.HandlerFunc(p.serve))
	return p
}

func (p *Platform) serve(w http.ResponseWriter, r *http.Request) {
	var d Delivery
	if err := json.NewDecoder(r.Body).Decode(&d); err != nil {
		http.Error(w, `{"error":"bad body"}`, http.StatusBadRequest)
		return
	}
	key := r.Header.Get("Idempotency-Key")
	a, dup := p.next(d, key)
	if dup || a.Status == 0 || a.Status/100 == 2 {
		p.accept(key, dup)
	}
	if a.Hold {
		p.held <- struct{}{}
		select {
		case <-r.Context().Done():
			return
		case <-p.release:
		}
	}
	p.write(w, a, key)
}

// next records the request and takes the next scripted answer; a repeat of an accepted key on
// an idempotent platform skips the script.
func (p *Platform) next(d Delivery, key string) (Answer, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.received = append(p.received, Received{Delivery: d, Key: key, At: time.Now()})
	if p.Idempotent && p.accepted[key] > 0 {
		return Answer{}, true
	}
	if len(p.script) == 0 {
		return Answer{}, false
	}
	a := p.script[0]
	p.script = p.script[1:]
	return a, false
}

func (p *Platform) accept(key string, dup bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !dup {
		p.accepted[key]++
	}
}

func (p *Platform) write(w http.ResponseWriter, a Answer, key string) {
	w.Header().Set("Content-Type", "application/json")
	if a.RetryAfter != "" {
		w.Header().Set("Retry-After", a.RetryAfter)
	}
	if a.Status == 0 || a.Status/100 == 2 {
		fmt.Fprintf(w, `{"id":"pm-%s"}`, key)
		return
	}
	w.WriteHeader(a.Status)
	_ = json.NewEncoder(w).Encode(map[string]string{"error": a.Error})
}

// Received returns every request so far, in order.
func (p *Platform) Received() []Received {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]Received(nil), p.received...)
}

// Copies returns how many copies of the message with this key the platform accepted.
func (p *Platform) Copies(key string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.accepted[key]
}

// Held is signalled each time a request is held (Answer.Hold).
func (p *Platform) Held() <-chan struct{} { return p.held }

// Release lets held requests answer.
func (p *Platform) Release() { close(p.release) }
