package llm_test

import (
	"strings"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/bot/llm"
	"github.com/kefu-dev/kefu/internal/kefu"
)

func TestConfigValidateAcceptsTheDocumentedProviders(t *testing.T) {
	for _, cfg := range []llm.Config{
		{BaseURL: "https://dashscope.aliyuncs.com/compatible-mode/v1", APIKey: "sk-abc123", Model: "qwen-plus", EmbeddingModel: "text-embedding-v3"},
		{BaseURL: "https://api.deepseek.com/v1", APIKey: "sk-abc123", Model: "deepseek-chat"},
		{BaseURL: "http://127.0.0.1:11434/v1", Model: "qwen2.5:7b", EmbeddingModel: "nomic-embed-text"},
		{BaseURL: "http://10.0.0.5:8000/v1/", Model: "Qwen/Qwen2.5-7B-Instruct", Timeout: time.Minute},
		{BaseURL: "http://[fd00::5]:8000/v1", Model: "m", Timeout: llm.MaxTimeout},
	} {
		if err := cfg.Validate(); err != nil {
			t.Errorf("Validate(%+v) = %v, want nil", cfg, err)
		}
	}
}

func TestConfigValidateNamesTheBadField(t *testing.T) {
	const secret = "sk-SECRET-in-the-url"
	good := llm.Config{BaseURL: "https://api.deepseek.com/v1", APIKey: "sk-1", Model: "deepseek-chat"}
	tests := []struct {
		name   string
		change func(*llm.Config)
		field  string
	}{
		{"no base URL", func(c *llm.Config) { c.BaseURL = "" }, "base_url"},
		{"relative", func(c *llm.Config) { c.BaseURL = "api.deepseek.com/v1" }, "base_url"},
		{"ftp", func(c *llm.Config) { c.BaseURL = "ftp://api.deepseek.com/v1" }, "base_url"},
		{"no host", func(c *llm.Config) { c.BaseURL = "https:///v1" }, "base_url"},
		{"userinfo", func(c *llm.Config) { c.BaseURL = "https://me:" + secret + "@api.deepseek.com/v1" }, "base_url"},
		{"query", func(c *llm.Config) { c.BaseURL = "https://api.deepseek.com/v1?key=" + secret }, "base_url"},
		{"empty query", func(c *llm.Config) { c.BaseURL = "https://api.deepseek.com/v1?" }, "base_url"},
		{"fragment", func(c *llm.Config) { c.BaseURL = "https://api.deepseek.com/v1#" + secret }, "base_url"},
		{"numeric host", func(c *llm.Config) { c.BaseURL = "http://2130706433/v1" }, "base_url"},
		{"endpoint pasted", func(c *llm.Config) { c.BaseURL = "https://api.deepseek.com/v1/chat/completions" }, "base_url"},
		{"embeddings endpoint pasted", func(c *llm.Config) { c.BaseURL = "http://127.0.0.1:11434/v1/embeddings/" }, "base_url"},
		{"long URL", func(c *llm.Config) { c.BaseURL = "https://a.example/" + strings.Repeat("v", llm.MaxBaseURLLength) }, "base_url"},
		{"key with space", func(c *llm.Config) { c.APIKey = "sk-1 " + secret }, "api_key"},
		{"key with newline", func(c *llm.Config) { c.APIKey = secret + "\r\nX-Injected: 1" }, "api_key"},
		{"key not ASCII", func(c *llm.Config) { c.APIKey = "密钥" + secret }, "api_key"},
		{"long key", func(c *llm.Config) { c.APIKey = strings.Repeat("k", llm.MaxAPIKeyLength+1) }, "api_key"},
		{"no model", func(c *llm.Config) { c.Model = "" }, "model"},
		{"model with space", func(c *llm.Config) { c.Model = "qwen plus" }, "model"},
		{"long model", func(c *llm.Config) { c.Model = strings.Repeat("m", llm.MaxModelLength+1) }, "model"},
		{"embedding model with newline", func(c *llm.Config) { c.EmbeddingModel = "text-embedding-v3\n" }, "embedding_model"},
		{"negative timeout", func(c *llm.Config) { c.Timeout = -time.Second }, "timeout"},
		{"tiny timeout", func(c *llm.Config) { c.Timeout = time.Millisecond }, "timeout"},
		{"huge timeout", func(c *llm.Config) { c.Timeout = time.Hour }, "timeout"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := good
			tt.change(&cfg)
			err := cfg.Validate()
			code, ke := codeOf(t, err)
			if code != kefu.CodeInvalid || ke.Field != tt.field {
				t.Fatalf("Validate() = %v (field %q), want invalid_input on %q", err, ke.Field, tt.field)
			}
			if strings.Contains(err.Error(), secret) || (cfg.BaseURL != "" && strings.Contains(err.Error(), cfg.BaseURL)) {
				t.Errorf("error %q repeats the URL or the key", err)
			}
		})
	}
}

// TestInvalidConfigNeverReachesTheNetwork: New takes any config, and every call returns the
// validation error without a request.
func TestInvalidConfigNeverReachesTheNetwork(t *testing.T) {
	fake, _ := newFake(t)
	cfg := fake.Config()
	cfg.Model = ""
	c := llm.New(cfg, fake.Client())
	_, errAnswer := c.Answer(t.Context(), "refund?", "en", teaSources)
	_, errRerank := c.Rerank(t.Context(), "refund?", teaSources)
	for name, err := range map[string]error{"Answer": errAnswer, "Rerank": errRerank, "Check": c.Check(t.Context())} {
		if code, ke := codeOf(t, err); code != kefu.CodeInvalid || ke.Field != "model" {
			t.Errorf("%s: got %v, want invalid_input on model", name, err)
		}
	}
	if n := len(fake.Requests()); n != 0 {
		t.Errorf("the fake received %d requests, want 0", n)
	}
}

func TestNewRefusesANilHTTPClient(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("New(cfg, nil) did not panic")
		}
	}()
	llm.New(llm.Config{}, nil)
}
