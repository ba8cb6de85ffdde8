package llm

import (
	"net/url"
	"strings"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/netguard"
)

// DefaultTimeout bounds one request to the provider when Config.Timeout is 0. A grounded answer
// of a few hundred tokens takes a hosted model a few seconds; 20 s leaves room for a busy
// provider while the customer is still waiting for the bot.
const DefaultTimeout = 20 * time.Second

// Limits on the settings, so a pasted document or a runaway value is refused with a clear
// message rather than sent in every request's header.
const (
	MaxBaseURLLength = 2048
	MaxAPIKeyLength  = 1024
	MaxModelLength   = 200
	MinTimeout       = time.Second
	MaxTimeout       = 5 * time.Minute
)

// Config is how to reach one OpenAI-compatible provider. BaseURL is the API root the provider
// documents, ending in /v1 for most: the client appends /chat/completions and /embeddings.
//
//	Qwen (DashScope compatible mode)  https://dashscope.aliyuncs.com/compatible-mode/v1   qwen-plus, text-embedding-v3
//	DeepSeek                          https://api.deepseek.com/v1                         deepseek-chat
//	Ollama                            http://127.0.0.1:11434/v1   (no key)                qwen2.5:7b, nomic-embed-text
//	vLLM                              http://10.0.0.5:8000/v1                             the --served-model-name
type Config struct {
	BaseURL        string        // the API root, e.g. https://dashscope.aliyuncs.com/compatible-mode/v1
	APIKey         string        // sent as "Authorization: Bearer"; may be empty (Ollama, a private vLLM)
	Model          string        // chat model, e.g. qwen-plus, deepseek-chat, qwen2.5:7b
	EmbeddingModel string        // "" = no re-ranking
	Timeout        time.Duration // per request; 0 = DefaultTimeout
}

// ConfigOf is the client configuration of an organisation's stored settings.
func ConfigOf(s kefu.LLMSettings) Config {
	return Config{BaseURL: s.BaseURL, APIKey: s.APIKey, Model: s.Model, EmbeddingModel: s.EmbeddingModel}
}

// Validate checks every setting and returns the first bad one as a kefu.FieldError named after
// its configuration key (base_url, api_key, model, embedding_model, timeout). Messages never
// repeat the URL or the key, which may hold a secret the operator pasted by mistake.
func (c Config) Validate() error {
	for _, err := range []error{
		validateBaseURL(c.BaseURL),
		validateKey(c.APIKey),
		validateModel("model", c.Model, true),
		validateModel("embedding_model", c.EmbeddingModel, false),
		validateTimeout(c.Timeout),
	} {
		if err != nil {
			return err
		}
	}
	return nil
}

func validateBaseURL(raw string) error {
	if raw == "" {
		return kefu.FieldError("base_url", "base_url is required, e.g. https://api.deepseek.com/v1")
	}
	if len(raw) > MaxBaseURLLength {
		return kefu.FieldError("base_url", "base_url must be at most %d characters", MaxBaseURLLength)
	}
	if msg := baseURLProblem(raw); msg != "" {
		return kefu.FieldError("base_url", "base_url %s", msg)
	}
	return nil
}

// baseURLProblem says what is wrong with raw as an API root, or "" when nothing is.
func baseURLProblem(raw string) string {
	u, err := url.Parse(raw)
	switch {
	case err != nil || !u.IsAbs() || u.Opaque != "" || (u.Scheme != "http" && u.Scheme != "https"):
		return "must be an absolute http:// or https:// URL"
	case u.Host == "":
		return "must name a host"
	case u.User != nil:
		return "must not carry a user name or password; put the key in api_key"
	case u.RawQuery != "" || u.ForceQuery:
		return "must not have a query (?…); put the key in api_key"
	case u.Fragment != "" || strings.Contains(raw, "#"):
		return "must not have a fragment (#…)"
	case isEndpoint(u.Path):
		return "must be the API root (usually ending in /v1), not the /chat/completions or /embeddings endpoint"
	}
	if _, err := netguard.ParseURL(raw); err != nil {
		return "must name its host as a name or a dotted IP address"
	}
	return ""
}

// isEndpoint reports whether path already names an endpoint the client appends itself, the
// commonest mistake when copying a provider's curl example.
func isEndpoint(path string) bool {
	path = strings.TrimSuffix(path, "/")
	return strings.HasSuffix(path, "/chat/completions") || strings.HasSuffix(path, "/embeddings")
}

// validateKey accepts what can travel in an HTTP header: printable ASCII without spaces.
func validateKey(key string) error {
	if len(key) > MaxAPIKeyLength {
		return kefu.FieldError("api_key", "api_key must be at most %d characters", MaxAPIKeyLength)
	}
	if !printableToken(key) {
		return kefu.FieldError("api_key", "api_key must be printable ASCII without spaces")
	}
	return nil
}

// validateModel accepts names like qwen-plus, qwen2.5:7b or deepseek-ai/DeepSeek-V3.
func validateModel(field, name string, required bool) error {
	if name == "" && required {
		return kefu.FieldError(field, "%s is required, e.g. qwen-plus or deepseek-chat", field)
	}
	if len(name) > MaxModelLength || !printableToken(name) {
		return kefu.FieldError(field, "%s must be at most %d printable ASCII characters without spaces", field, MaxModelLength)
	}
	return nil
}

func validateTimeout(d time.Duration) error {
	if d != 0 && (d < MinTimeout || d > MaxTimeout) {
		return kefu.FieldError("timeout", "timeout must be 0 (the default, %s) or between %s and %s", DefaultTimeout, MinTimeout, MaxTimeout)
	}
	return nil
}

// printableToken reports whether s is ASCII from '!' to '~'.
func printableToken(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] > '~' {
			return false
		}
	}
	return true
}

// endpoint returns the URL of path (e.g. "/chat/completions") under the validated base URL.
func (c Config) endpoint(path string) string {
	return strings.TrimSuffix(c.BaseURL, "/") + path
}

// timeout returns the per-request timeout with the default filled in.
func (c Config) timeout() time.Duration {
	if c.Timeout == 0 {
		return DefaultTimeout
	}
	return c.Timeout
}
