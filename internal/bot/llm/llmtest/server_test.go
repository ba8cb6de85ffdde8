package llmtest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"math"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/bot/llm"
	"github.com/kefu-dev/kefu/internal/bot/llm/llmtest"
)

// post sends body to path under the fake's API root with key, and returns the status, the
// Retry-After header and the decoded answer.
func post(t *testing.T, fake *llmtest.Server, path, key, body string) (int, string, map[string]any) {
	t.Helper()
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, fake.URL+path, strings.NewReader(body))
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	resp, err := fake.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	data, _ := io.ReadAll(resp.Body)
	_ = json.Unmarshal(data, &out)
	return resp.StatusCode, resp.Header.Get("Retry-After"), out
}

func chatBody(model, user string) string {
	b, _ := json.Marshal(map[string]any{"model": model, "messages": []map[string]string{{"role": "user", "content": user}}, "max_tokens": 5})
	return string(b)
}

func TestServerChecksKeyModelAndPath(t *testing.T) {
	fake := llmtest.New(t)
	keyless := llmtest.New(t, llmtest.WithoutKey())
	tests := []struct {
		name      string
		fake      *llmtest.Server
		path, key string
		body      string
		status    int
		errorCode any
	}{
		{"good chat", fake, "/chat/completions", fake.Key, chatBody(llmtest.ChatModel, "hi"), 200, nil},
		{"no key", fake, "/chat/completions", "", chatBody(llmtest.ChatModel, "hi"), 401, nil},
		{"wrong key", fake, "/chat/completions", "sk-other", chatBody(llmtest.ChatModel, "hi"), 401, nil},
		{"keyless server", keyless, "/chat/completions", "", chatBody(llmtest.ChatModel, "hi"), 200, nil},
		{"wrong chat model", fake, "/chat/completions", fake.Key, chatBody("gpt-x", "hi"), 404, "model_not_found"},
		{"embedding model for chat", fake, "/chat/completions", fake.Key, chatBody(llmtest.EmbeddingModel, "hi"), 404, "model_not_found"},
		{"not JSON", fake, "/chat/completions", fake.Key, "{", 400, nil},
		{"no messages", fake, "/chat/completions", fake.Key, `{"model":"fake-chat","messages":[]}`, 400, nil},
		{"embeddings of a string", fake, "/embeddings", fake.Key, `{"model":"fake-embedding","input":"hello world"}`, 200, nil},
		{"embeddings of a list", fake, "/embeddings", fake.Key, `{"model":"fake-embedding","input":["a tea","b tea"]}`, 200, nil},
		{"chat model for embeddings", fake, "/embeddings", fake.Key, `{"model":"fake-chat","input":"x"}`, 404, "model_not_found"},
		{"no input", fake, "/embeddings", fake.Key, `{"model":"fake-embedding"}`, 400, nil},
		{"unknown path", fake, "/completions", fake.Key, `{}`, 404, nil},
	}
	for _, tt := range tests {
		status, _, out := post(t, tt.fake, tt.path, tt.key, tt.body)
		if status != tt.status {
			t.Errorf("%s: status %d, want %d (%v)", tt.name, status, tt.status, out)
			continue
		}
		if status != 200 {
			e, _ := out["error"].(map[string]any)
			if e == nil || e["message"] == "" || e["code"] != tt.errorCode {
				t.Errorf("%s: body %v, want an OpenAI error object with code %v", tt.name, out, tt.errorCode)
			}
		}
	}
	if n := len(fake.Requests()); n != 12 {
		t.Errorf("recorded %d requests, want 12", n)
	}
}

func TestServerAnswersInTheDocumentedShape(t *testing.T) {
	fake := llmtest.New(t)
	status, _, out := post(t, fake, "/chat/completions", fake.Key, chatBody(llmtest.ChatModel, "ping"))
	choice := out["choices"].([]any)[0].(map[string]any)
	msg := choice["message"].(map[string]any)
	if status != 200 || out["object"] != "chat.completion" || msg["role"] != "assistant" || msg["content"] != "pong" || choice["finish_reason"] != "stop" {
		t.Errorf("chat answer %v, want a chat.completion with the assistant's pong", out)
	}
	_, _, out = post(t, fake, "/embeddings", fake.Key, `{"model":"fake-embedding","input":["tea","refund"]}`)
	data := out["data"].([]any)
	if out["object"] != "list" || len(data) != 2 || data[1].(map[string]any)["index"] != 1.0 ||
		len(data[0].(map[string]any)["embedding"].([]any)) != llmtest.Dimensions {
		t.Errorf("embeddings answer %v, want a list of %d-dimensional embeddings with indexes", out, llmtest.Dimensions)
	}
}

func TestGroundedResponder(t *testing.T) {
	prompt := func(question string, sources ...llm.PromptSource) llmtest.ChatRequest {
		b, _ := json.Marshal(llm.Prompt{Question: question, Sources: sources})
		return llmtest.ChatRequest{Messages: []llmtest.Message{{Role: "system", Content: "rules"}, {Role: "user", Content: string(b)}}}
	}
	refund := llm.PromptSource{N: 1, Title: "Refunds", Text: "Refunds take 7 days. Ask us if not."}
	tea := llm.PromptSource{N: 2, Title: "乌龙茶冲泡", Text: "水温九十五度！冲泡三次。"}
	tests := []struct {
		name string
		req  llmtest.ChatRequest
		want string
	}{
		{"on topic", prompt("when do refunds arrive", refund, tea), "Refunds take 7 days. [1]"},
		{"on topic through the second source, answered from the first", prompt("乌龙茶怎么泡", refund, tea), "Refunds take 7 days. [1]"},
		{"Chinese first sentence", prompt("乌龙茶怎么泡", tea), "水温九十五度！ [1]"},
		{"only stop words shared", prompt("what can you do for the shop", refund), llm.NoAnswer},
		{"nothing shared", prompt("do you sell coffee", refund, tea), llm.NoAnswer},
		{"no sources", prompt("refunds", []llm.PromptSource{}...), llm.NoAnswer},
		{"not a grounding document", llmtest.ChatRequest{Messages: []llmtest.Message{{Role: "user", Content: "ping"}}}, "pong"},
	}
	for _, tt := range tests {
		if got := llmtest.Grounded(tt.req); got.Content != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got.Content, tt.want)
		}
	}
}

func TestEmbedIsDeterministicAndMeaningful(t *testing.T) {
	cos := func(a, b []float64) float64 {
		var d float64
		for i := range a {
			d += a[i] * b[i]
		}
		return d
	}
	q := llmtest.Embed("退款多久到账")
	if !equal(q, llmtest.Embed("退款多久到账")) {
		t.Error("Embed is not deterministic")
	}
	if n := cos(q, q); math.Abs(n-1) > 1e-9 {
		t.Errorf("|Embed|² = %v, want 1", n)
	}
	if near, far := cos(q, llmtest.Embed("退款到账时间")), cos(q, llmtest.Embed("发货时间")); near <= far {
		t.Errorf("cos to a refund article %v <= to a shipping article %v", near, far)
	}
	if z := llmtest.Embed("?!"); cos(z, z) != 0 {
		t.Error("a text without terms should embed as zeros")
	}
}

func equal(a, b []float64) bool {
	return bytes.Equal(mustJSON(a), mustJSON(b))
}

func mustJSON(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}

func TestFaults(t *testing.T) {
	fake := llmtest.New(t)
	tests := []struct {
		fault      llmtest.Fault
		status     int
		retryAfter string
	}{
		{llmtest.Unauthorized(), 401, ""},
		{llmtest.RateLimited(7), 429, "7"},
		{llmtest.ServerError(), 500, ""},
		{llmtest.Garbage(), 200, ""},
		{llmtest.Fault{}, 200, ""},
	}
	for _, tt := range tests {
		fake.SetFault(tt.fault)
		status, retryAfter, _ := post(t, fake, "/chat/completions", fake.Key, chatBody(llmtest.ChatModel, "ping"))
		if status != tt.status || retryAfter != tt.retryAfter {
			t.Errorf("fault %+v: status %d Retry-After %q, want %d %q", tt.fault, status, retryAfter, tt.status, tt.retryAfter)
		}
	}
}

// TestSlowServerLetsAClientGiveUp: a slow answer stops waiting when the client goes away, so
// tests end promptly.
func TestSlowServerLetsAClientGiveUp(t *testing.T) {
	fake := llmtest.New(t)
	fake.SetFault(llmtest.Slow(time.Hour))
	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, fake.URL+"/chat/completions", strings.NewReader(chatBody(llmtest.ChatModel, "ping")))
	if _, err := fake.Client().Do(req); err == nil {
		t.Fatal("a request to a slow server succeeded before its deadline")
	}
	deadline := time.Now().Add(5 * time.Second)
	for len(fake.Requests()) == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if len(fake.Requests()) != 1 {
		t.Error("the server did not finish the abandoned request")
	}
}
