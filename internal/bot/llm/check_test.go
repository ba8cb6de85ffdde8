package llm_test

import (
	"strings"
	"testing"

	"github.com/kefu-dev/kefu/internal/bot/llm"
	"github.com/kefu-dev/kefu/internal/bot/llm/llmtest"
)

func TestCheck(t *testing.T) {
	fake := llmtest.New(t)
	keyless := llmtest.New(t, llmtest.WithoutKey())
	tests := []struct {
		name   string
		fake   *llmtest.Server
		change func(*llm.Config)
		code   string // "" = no error
		paths  []string
	}{
		{"chat and embeddings", fake, func(*llm.Config) {}, "", []string{"/v1/chat/completions", "/v1/embeddings"}},
		{"chat only", fake, func(c *llm.Config) { c.EmbeddingModel = "" }, "", []string{"/v1/chat/completions"}},
		{"no key, as Ollama", keyless, func(*llm.Config) {}, "", []string{"/v1/chat/completions", "/v1/embeddings"}},
		{"wrong key", fake, func(c *llm.Config) { c.APIKey = "sk-wrong" }, "llm_rejected", []string{"/v1/chat/completions"}},
		{"missing key", fake, func(c *llm.Config) { c.APIKey = "" }, "llm_rejected", []string{"/v1/chat/completions"}},
		{"unknown chat model", fake, func(c *llm.Config) { c.Model = "qwen-plux" }, "llm_rejected", []string{"/v1/chat/completions"}},
		{"unknown embedding model", fake, func(c *llm.Config) { c.EmbeddingModel = "qwen-plus" }, "llm_rejected", []string{"/v1/chat/completions", "/v1/embeddings"}},
		{"base URL without /v1", fake, func(c *llm.Config) { c.BaseURL = strings.TrimSuffix(c.BaseURL, "/v1") }, "llm_rejected", []string{"/chat/completions"}},
	}
	for _, tt := range tests {
		before := len(tt.fake.Requests())
		cfg := tt.fake.Config()
		tt.change(&cfg)
		err := llm.New(cfg, tt.fake.Client()).Check(t.Context())
		if err != nil || tt.code != "" {
			if code, ke := codeOf(t, err); string(code) != tt.code {
				t.Errorf("%s: Check = %s %q, want %q", tt.name, code, ke.Message, tt.code)
			}
		}
		var paths []string
		for _, r := range tt.fake.Requests()[before:] {
			paths = append(paths, r.Path)
		}
		if strings.Join(paths, " ") != strings.Join(tt.paths, " ") {
			t.Errorf("%s: requests %v, want %v", tt.name, paths, tt.paths)
		}
	}
}

// TestCheckIsTiny: one token asked for, the model's name in the error when it is wrong.
func TestCheckIsTiny(t *testing.T) {
	fake, c := newFake(t)
	if err := c.Check(t.Context()); err != nil {
		t.Fatal(err)
	}
	if chat := fake.Chats()[0]; chat.MaxTokens != 1 || len(chat.Messages) != 1 {
		t.Errorf("Check sent %+v, want one message and max_tokens 1", chat)
	}
	cfg := fake.Config()
	cfg.Model = "qwen-plux"
	err := llm.New(cfg, fake.Client()).Check(t.Context())
	if _, ke := codeOf(t, err); !strings.Contains(ke.Message, "The model `qwen-plux` does not exist") {
		t.Errorf("Check with a wrong model: %q, want the provider's explanation", ke.Message)
	}
}
