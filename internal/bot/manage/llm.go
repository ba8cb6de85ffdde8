package manage

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/kefu-dev/kefu/internal/bot/llm"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// Limits of the language model settings; the API schema says the same.
const (
	MaxLLMBaseURL = 500
	MaxLLMModel   = 200
	MaxLLMKey     = 1000
)

// LLMInput replaces the organisation's language model settings. An empty APIKey keeps the
// stored key; ClearAPIKey removes it.
type LLMInput struct {
	Enabled        bool
	BaseURL        string
	Model          string
	EmbeddingModel string
	APIKey         string
	ClearAPIKey    bool
}

// LLM returns the organisation's language model settings without the key (settings.manage).
func (s *Service) LLM(ctx context.Context, actor kefu.Actor) (*kefu.LLMSettings, error) {
	if err := require(actor, kefu.PermSettingsManage); err != nil {
		return nil, err
	}
	cur, err := s.store.GetLLMSettings(ctx, actor.OrgID)
	if err != nil {
		return nil, err
	}
	return withoutKey(cur), nil
}

// SaveLLM validates and stores the organisation's language model settings (settings.manage),
// audited without the key: the record says whether one is set and whether this change set it.
func (s *Service) SaveLLM(ctx context.Context, actor kefu.Actor, in LLMInput) (*kefu.LLMSettings, error) {
	if err := require(actor, kefu.PermSettingsManage); err != nil {
		return nil, err
	}
	next, err := cleanLLM(in)
	if err != nil {
		return nil, err
	}
	audited, err := s.auditLLM(ctx, actor, next, in)
	if err != nil {
		return nil, err
	}
	saved, err := s.store.SaveLLMSettings(audited, actor.OrgID, next, in.ClearAPIKey)
	if err != nil {
		return nil, err
	}
	s.log.InfoContext(ctx, "language model settings saved", "org_id", actor.OrgID, "enabled", saved.Enabled,
		"api_key_set", saved.APIKeySet, "by", actor.AgentID)
	return withoutKey(saved), nil
}

// auditLLM returns ctx carrying the record of the change from the stored settings to next.
func (s *Service) auditLLM(ctx context.Context, actor kefu.Actor, next kefu.LLMSettings, in LLMInput) (context.Context, error) {
	cur, err := s.store.GetLLMSettings(ctx, actor.OrgID)
	if err != nil {
		return nil, err
	}
	after := llmAuditFields(next)
	after["api_key_set"] = in.APIKey != "" || (cur.APIKeySet && !in.ClearAPIKey)
	if in.APIKey != "" {
		after["api_key_changed"] = true // a new key leaves api_key_set as it was
	}
	return s.within(ctx, actor, ActionLLMUpdated, "bot_llm", actor.OrgID, llmAuditFields(cur), after), nil
}

// llmAuditFields are what the audit log shows of the settings: never the key.
func llmAuditFields(c kefu.LLMSettings) map[string]any {
	return map[string]any{"enabled": c.Enabled, "base_url": c.BaseURL, "model": c.Model,
		"embedding_model": c.EmbeddingModel, "api_key_set": c.APIKeySet}
}

func withoutKey(c kefu.LLMSettings) *kefu.LLMSettings {
	c.APIKey = ""
	return &c
}

// cleanLLM validates in as settings to store. A model may be switched off half-configured;
// switching it on needs an endpoint and a model.
func cleanLLM(in LLMInput) (kefu.LLMSettings, error) {
	out := kefu.LLMSettings{Enabled: in.Enabled}
	var err error
	if out.BaseURL, err = cleanBaseURL(in.BaseURL); err != nil {
		return out, err
	}
	if out.Model, err = cleanModel("model", in.Model); err != nil {
		return out, err
	}
	if out.EmbeddingModel, err = cleanModel("embedding_model", in.EmbeddingModel); err != nil {
		return out, err
	}
	if out.APIKey, err = cleanKey(in); err != nil {
		return out, err
	}
	switch {
	case out.Enabled && out.BaseURL == "":
		return out, kefu.FieldError("base_url", "an enabled model needs a base_url")
	case out.Enabled && out.Model == "":
		return out, kefu.FieldError("model", "an enabled model needs a model")
	case out.Enabled:
		// What the bot will use must pass the client's own rules (an endpoint pasted as the
		// base URL, a model name with spaces), or every turn would fail them instead.
		return out, llm.ConfigOf(out).Validate()
	}
	return out, nil
}

// cleanBaseURL accepts an absolute http or https URL without credentials in it (the key has
// a field of its own, sealed; a URL is shown and logged). Whether the address may be reached
// is the outbound guard's decision when the model is called. A trailing slash is dropped, as
// paths such as /chat/completions are appended to it.
func cleanBaseURL(raw string) (string, error) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return "", nil
	}
	u, err := url.Parse(s)
	switch {
	case len(s) > MaxLLMBaseURL || !utf8.ValidString(s):
		return "", kefu.FieldError("base_url", "base_url must be at most %d characters", MaxLLMBaseURL)
	case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
		return "", kefu.FieldError("base_url", "base_url must be an absolute http or https URL, e.g. https://api.example.com/v1")
	case u.User != nil:
		return "", kefu.FieldError("base_url", "base_url must not hold a user name or password; put the key in api_key")
	case u.RawQuery != "" || u.Fragment != "":
		return "", kefu.FieldError("base_url", "base_url must not have a query or fragment")
	}
	return strings.TrimRight(s, "/"), nil
}

// cleanModel accepts a model name: one line of printable text.
func cleanModel(field, raw string) (string, error) {
	s := strings.TrimSpace(raw)
	if utf8.RuneCountInString(s) > MaxLLMModel || !printable(s) {
		return "", kefu.FieldError(field, "%s must be one line of at most %d characters", field, MaxLLMModel)
	}
	return s, nil
}

// cleanKey accepts a new key: printable, without spaces, and not together with clearing it.
func cleanKey(in LLMInput) (string, error) {
	k := strings.TrimSpace(in.APIKey)
	switch {
	case k != "" && in.ClearAPIKey:
		return "", kefu.FieldError("api_key", "send either a new api_key or clear_api_key, not both")
	case len(k) > MaxLLMKey || !printable(k) || strings.ContainsRune(k, ' '):
		return "", kefu.FieldError("api_key", "api_key must be at most %d characters without spaces", MaxLLMKey)
	}
	return k, nil
}

// printable reports whether s is valid UTF-8 without control characters.
func printable(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsFunc(s, unicode.IsControl)
}

// LLMTest is the result of a test call to the organisation's language model.
type LLMTest struct {
	OK        bool   `json:"ok"`
	Code      string `json:"code" enum:",llm_unreachable,llm_rejected,llm_rate_limited,llm_bad_response" doc:"Why it failed; empty when ok"`
	Message   string `json:"message" doc:"What the code means, in English; the workspace shows its own text for the code"`
	LatencyMS int64  `json:"latency_ms" doc:"How long the call took"`
}

// Stable codes of a failed model test.
const (
	CodeLLMUnreachable = string(llm.CodeUnreachable) // no answer: address, network, TLS or timeout
	CodeLLMRejected    = string(llm.CodeRejected)    // the provider refused: key, model or permission
	CodeLLMRateLimited = string(llm.CodeRateLimited) // the provider asks to slow down or is out of quota
	CodeLLMBadResponse = string(llm.CodeBadResponse) // an answer that is not an OpenAI-compatible one
)

// llmTestTimeout bounds a model test: a model that takes longer is unreachable for the bot.
const llmTestTimeout = 20 * time.Second

// llmMessage says what a code means. The text is fixed: the provider's own words may echo the
// request, key included, so they are never passed on.
func llmMessage(code string) string {
	switch code {
	case CodeLLMRejected:
		return "the provider refused the request: check the API key and the model name"
	case CodeLLMRateLimited:
		return "the provider asks to slow down, or the account is out of quota"
	case CodeLLMBadResponse:
		return "the address answered, but not as an OpenAI-compatible API"
	}
	return "the model's address did not answer (address, network, TLS or timeout)"
}

// TestLLM calls the stored model once (settings.manage) and says whether it answered, with a
// stable code when it did not. Save settings first: the test uses what the bot would.
func (s *Service) TestLLM(ctx context.Context, actor kefu.Actor) (*LLMTest, error) {
	if err := require(actor, kefu.PermSettingsManage); err != nil {
		return nil, err
	}
	cur, err := s.store.GetLLMSettings(ctx, actor.OrgID)
	if err != nil {
		return nil, err
	}
	if cur.BaseURL == "" || cur.Model == "" {
		return nil, kefu.FieldError("base_url", "save a base_url and a model first")
	}
	if s.checker == nil {
		return nil, kefu.Errorf(kefu.CodeUnavailable, "this server cannot test language models")
	}
	return s.check(ctx, actor, cur), nil
}

// check runs the checker with a deadline and reads its error as a code.
func (s *Service) check(ctx context.Context, actor kefu.Actor, cur kefu.LLMSettings) *LLMTest {
	ctx, cancel := context.WithTimeout(ctx, llmTestTimeout)
	defer cancel()
	start := time.Now()
	err := s.checker.Check(ctx, cur)
	res := &LLMTest{OK: err == nil, LatencyMS: time.Since(start).Milliseconds()}
	if err == nil {
		return res
	}
	res.Code = failureCode(err)
	res.Message = llmMessage(res.Code)
	s.log.InfoContext(ctx, "language model test failed", "org_id", actor.OrgID, "code", res.Code,
		"err", redact(err.Error(), cur.APIKey))
	return res
}

// failureCode is the code the error carries when it is one of the four the API documents,
// else llm_unreachable: clients branch on a closed set.
func failureCode(err error) string {
	switch c := codeOf(err); c {
	case CodeLLMRejected, CodeLLMRateLimited, CodeLLMBadResponse:
		return c
	}
	return CodeLLMUnreachable
}

// codeOf is the code an error carries: the llm client's *kefu.Error, or any error with a Code
// method; "" for none.
func codeOf(err error) string {
	var e *kefu.Error
	if errors.As(err, &e) {
		return string(e.Code)
	}
	var coded interface{ Code() string }
	if errors.As(err, &coded) {
		return coded.Code()
	}
	return ""
}

// redact removes the key from text that may quote it, before the text is logged.
func redact(text, key string) string {
	if key == "" {
		return text
	}
	return strings.ReplaceAll(text, key, "[redacted]")
}
