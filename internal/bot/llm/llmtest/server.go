// Package llmtest is a fake OpenAI-compatible provider for tests: an httptest server speaking
// the documented JSON of POST /v1/chat/completions and POST /v1/embeddings. It checks the
// bearer key and the model names, records every request, answers chats through a pluggable
// Responder (by default Grounded, which answers from the first source or says llm.NoAnswer),
// computes deterministic embeddings (a hashed bag of words and CJK bigrams), and simulates
// failures on demand (SetFault: 401, 429 with Retry-After, 500, slowness, garbage bodies).
//
//	fake := llmtest.New(t)
//	client := llm.New(fake.Config(), fake.Client())
package llmtest

import (
	"crypto/rand"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"sync"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/bot/llm"
	"github.com/kefu-dev/kefu/internal/netguard"
)

// The model names the fake serves unless a test changes the Server's fields before use.
const (
	ChatModel      = "fake-chat"
	EmbeddingModel = "fake-embedding"
)

// Server is the fake provider. Its fields are set by New and read-only afterwards.
type Server struct {
	URL            string // the API root, ending in /v1: what Config.BaseURL takes
	Key            string // the bearer key it requires; "" (WithoutKey) accepts any or none
	Model          string // the chat model it serves
	EmbeddingModel string // the embedding model it serves

	client    *http.Client
	mu        sync.Mutex
	responder Responder
	fault     Fault
	requests  []Request
}

// Option changes how New sets the server up.
type Option func(*Server)

// WithoutKey makes the server accept requests without a key, as Ollama and a private vLLM do.
func WithoutKey() Option { return func(s *Server) { s.Key = "" } }

// New starts a fake provider with a random key; it stops when the test ends.
func New(tb testing.TB, opts ...Option) *Server {
	s := &Server{Key: randomKey(), Model: ChatModel, EmbeddingModel: EmbeddingModel, responder: Grounded}
	for _, o := range opts {
		o(s)
	}
	srv := httptest.NewServer(http.HandlerFunc(s.serve))
	tb.Cleanup(srv.Close)
	s.URL = srv.URL + "/v1"
	s.client = guardedClient()
	return s
}

// Config returns the settings that reach this server with its key and both models.
func (s *Server) Config() llm.Config {
	return llm.Config{BaseURL: s.URL, APIKey: s.Key, Model: s.Model, EmbeddingModel: s.EmbeddingModel}
}

// Client returns an SSRF-guarded client (internal/netguard) that may reach loopback only, as
// an operator's outbound_allow would permit a local Ollama. Its own limits are looser than the
// llm package's, so that the tests see the llm package's.
func (s *Server) Client() *http.Client { return s.client }

func guardedClient() *http.Client {
	return netguard.New(netguard.Options{
		Allow:            []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")},
		Timeout:          time.Minute,
		MaxResponseBytes: 4 * llm.MaxResponseBytes,
	}).Client()
}

// SetResponder makes r answer the chat completions from now on; nil restores Grounded.
func (s *Server) SetResponder(r Responder) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r == nil {
		r = Grounded
	}
	s.responder = r
}

// SetFault makes every request from now on fail as f says; Fault{} ends the failures.
func (s *Server) SetFault(f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fault = f
}

// Requests returns every request the server received so far, in order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// Chats returns the chat completion requests received so far, in order.
func (s *Server) Chats() []ChatRequest {
	var out []ChatRequest
	for _, r := range s.Requests() {
		if r.Chat != nil {
			out = append(out, *r.Chat)
		}
	}
	return out
}

// state returns the fault and responder in force, read once per request.
func (s *Server) state() (Fault, Responder) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.fault, s.responder
}

func (s *Server) record(r Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, r)
}

func randomKey() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return "sk-fake-" + hex.EncodeToString(b)
}

// readBody reads a request body up to 8 MiB, far above anything the llm package sends.
func readBody(r *http.Request) []byte {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 8<<20))
	return body
}
