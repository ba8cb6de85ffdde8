package llmtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/kefu-dev/kefu/internal/bot/llm"
)

// Request is one request the server received.
type Request struct {
	Method, Path  string
	Authorization string            // the Authorization header as sent
	Body          []byte            // the raw body
	Chat          *ChatRequest      // the decoded body of a /v1/chat/completions request
	Embedding     *EmbeddingRequest // the decoded body of a /v1/embeddings request
}

// ChatRequest is the body of POST /v1/chat/completions, as the OpenAI API documents it.
type ChatRequest struct {
	Model       string    `json:"model"`
	Messages    []Message `json:"messages"`
	Temperature *float64  `json:"temperature"`
	MaxTokens   int       `json:"max_tokens"`
}

// Message is one chat message.
type Message struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

// System returns the content of the first system message, "" without one.
func (r ChatRequest) System() string {
	for _, m := range r.Messages {
		if m.Role == "system" {
			return m.Content
		}
	}
	return ""
}

// Prompt decodes the last user message as the llm package's grounding document; ok is false
// when that message is not one (Check's ping, a test's own message).
func (r ChatRequest) Prompt() (p llm.Prompt, ok bool) {
	for i := len(r.Messages) - 1; i >= 0; i-- {
		if r.Messages[i].Role == "user" {
			return p, json.Unmarshal([]byte(r.Messages[i].Content), &p) == nil && p.Sources != nil
		}
	}
	return p, false
}

// EmbeddingRequest is the body of POST /v1/embeddings. Input is a string or an array of strings
// in the protocol; here it is always the array.
type EmbeddingRequest struct {
	Model string `json:"model"`
	Input Inputs `json:"input"`
}

// Inputs is the embeddings input, read from a string or an array of strings.
type Inputs []string

// UnmarshalJSON accepts "text" and ["text", …].
func (in *Inputs) UnmarshalJSON(data []byte) error {
	var one string
	if json.Unmarshal(data, &one) == nil {
		*in = Inputs{one}
		return nil
	}
	return json.Unmarshal(data, (*[]string)(in))
}

// serve answers one request: the fault first, then the key, then the endpoint. Every request
// is recorded, decoded as far as the server got.
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	req := Request{Method: r.Method, Path: r.URL.Path, Authorization: r.Header.Get("Authorization"), Body: readBody(r)}
	defer func() { s.record(req) }()
	fault, responder := s.state()
	switch {
	case !fault.wait(r):
		// the client gave up while the server was slow: nobody reads an answer
	case fault.Status != 0:
		writeError(w, fault.Status, fault.message(), fault.RetryAfter)
	case fault.Body != "":
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, fault.Body)
	case s.Key != "" && req.Authorization != "Bearer "+s.Key:
		writeError(w, http.StatusUnauthorized, "Incorrect API key provided.", "")
	default:
		s.route(w, &req, responder)
	}
}

// route dispatches by method and path.
func (s *Server) route(w http.ResponseWriter, req *Request, responder Responder) {
	switch {
	case req.Method != http.MethodPost:
		writeError(w, http.StatusMethodNotAllowed, "Method not allowed.", "")
	case req.Path == "/v1/chat/completions":
		s.chat(w, req, responder)
	case req.Path == "/v1/embeddings":
		s.embeddings(w, req)
	default:
		writeError(w, http.StatusNotFound, "Unknown request URL: POST "+req.Path+".", "")
	}
}

func (s *Server) chat(w http.ResponseWriter, req *Request, responder Responder) {
	var body ChatRequest
	if json.Unmarshal(req.Body, &body) != nil || len(body.Messages) == 0 || body.MaxTokens < 0 {
		writeError(w, http.StatusBadRequest, "We could not parse the JSON body of your request.", "")
		return
	}
	req.Chat = &body
	if body.Model != s.Model {
		writeModelNotFound(w, body.Model)
		return
	}
	reply := responder(body)
	writeJSON(w, chatCompletion(body.Model, reply))
}

func (s *Server) embeddings(w http.ResponseWriter, req *Request) {
	var body EmbeddingRequest
	if json.Unmarshal(req.Body, &body) != nil || len(body.Input) == 0 {
		writeError(w, http.StatusBadRequest, "'input' is a required property.", "")
		return
	}
	req.Embedding = &body
	if s.EmbeddingModel == "" || body.Model != s.EmbeddingModel {
		writeModelNotFound(w, body.Model)
		return
	}
	writeJSON(w, embeddingList(body.Model, body.Input))
}

// chatCompletion is the documented chat.completion object with one choice.
func chatCompletion(model string, r Reply) map[string]any {
	finish := r.FinishReason
	if finish == "" {
		finish = "stop"
	}
	return map[string]any{
		"id": "chatcmpl-fake", "object": "chat.completion", "created": time.Now().Unix(), "model": model,
		"choices": []map[string]any{{
			"index":         0,
			"message":       map[string]any{"role": "assistant", "content": r.Content},
			"finish_reason": finish,
		}},
		"usage": map[string]int{"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
	}
}

// embeddingList is the documented list of embedding objects, one per input, in order.
func embeddingList(model string, inputs []string) map[string]any {
	data := make([]map[string]any, len(inputs))
	for i, text := range inputs {
		data[i] = map[string]any{"object": "embedding", "index": i, "embedding": Embed(text)}
	}
	return map[string]any{"object": "list", "data": data, "model": model,
		"usage": map[string]int{"prompt_tokens": len(inputs), "total_tokens": len(inputs)}}
}

func writeModelNotFound(w http.ResponseWriter, model string) {
	writeErrorCode(w, http.StatusNotFound, fmt.Sprintf("The model `%s` does not exist or you do not have access to it.", model), "model_not_found", "")
}

// writeError writes the OpenAI error object: {"error":{"message","type","param","code"}}.
func writeError(w http.ResponseWriter, status int, message, retryAfter string) {
	writeErrorCode(w, status, message, nil, retryAfter)
}

func writeErrorCode(w http.ResponseWriter, status int, message string, code any, retryAfter string) {
	if retryAfter != "" {
		w.Header().Set("Retry-After", retryAfter)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{
		"message": message, "type": "invalid_request_error", "param": nil, "code": code,
	}})
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}
