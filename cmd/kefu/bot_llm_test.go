package main

import (
	"log/slog"
	"net/url"
	"strings"
	"testing"

	"github.com/kefu-dev/kefu/internal/bot/llm/llmtest"
)

type llmView struct {
	Enabled        bool   `json:"enabled"`
	BaseURL        string `json:"base_url"`
	Model          string `json:"model"`
	EmbeddingModel string `json:"embedding_model"`
	APIKeySet      bool   `json:"api_key_set"`
}

type llmTest struct {
	OK        bool   `json:"ok"`
	Code      string `json:"code"`
	Message   string `json:"message"`
	LatencyMS int64  `json:"latency_ms"`
}

// TestBotLLMAPI configures the organisation's language model over HTTP and tests it against a
// fake OpenAI-compatible API: the key is write-only (never answered, logged or audited), an
// update without it keeps it, each failure has its code, bad settings are refused.
func TestBotLLMAPI(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		var logs syncBuffer
		model := llmtest.New(t)
		s := mustRun(t, &Main{Config: testConfig(t, db), Version: "test",
			Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
		o := s.mustSetupOrg("Model")
		admin := o.Tokens["admin"]
		var v llmView
		s.mustDo(200, "GET", "/api/v1/bot/llm", admin, nil).JSON(t, &v)
		if v.Enabled || v.APIKeySet || v.BaseURL != "" {
			t.Errorf("before any settings: %+v, want off", v)
		}
		if r := s.do("POST", "/api/v1/bot/llm/test", admin, nil); r.Status != 422 {
			t.Errorf("testing before saving: %d %s, want 422", r.Status, r.Body)
		}
		put := func(body map[string]any) response {
			full := map[string]any{"enabled": true, "base_url": model.URL + "/", "model": model.Model, "embedding_model": ""}
			for k, val := range body {
				full[k] = val
			}
			return s.do("PUT", "/api/v1/bot/llm", admin, full)
		}
		r := put(map[string]any{"api_key": model.Key})
		if r.Status != 200 || strings.Contains(string(r.Body), model.Key) || strings.Contains(string(r.Body), `"api_key"`) {
			t.Fatalf("save: %d %s, want 200 without the key", r.Status, r.Body)
		}
		r.JSON(t, &v)
		if !v.APIKeySet || !v.Enabled || v.BaseURL != model.URL {
			t.Errorf("saved %+v, want enabled, the key set and the slash dropped", v)
		}
		if body := s.mustDo(200, "GET", "/api/v1/bot/llm", admin, nil).Body; strings.Contains(string(body), model.Key) {
			t.Errorf("read back holds the key: %s", body)
		}
		wantTest := func(what, code string) {
			t.Helper()
			var res llmTest
			s.mustDo(200, "POST", "/api/v1/bot/llm/test", admin, nil).JSON(t, &res)
			if res.OK != (code == "") || res.Code != code || (code != "" && res.Message == "") || strings.Contains(res.Message, model.Key) {
				t.Errorf("%s: test = %+v, want code %q", what, res, code)
			}
		}
		wantTest("the right key", "")
		if r := put(map[string]any{"embedding_model": model.EmbeddingModel}); r.Status != 200 {
			t.Fatalf("update without a key: %d %s", r.Status, r.Body)
		}
		wantTest("the key kept by an update without one", "")
		put(map[string]any{"api_key": "sk-wrong"})
		wantTest("a wrong key", "llm_rejected")
		put(map[string]any{"api_key": model.Key})
		model.SetFault(llmtest.RateLimited(1))
		wantTest("a busy provider", "llm_rate_limited")
		model.SetFault(llmtest.Garbage())
		wantTest("a login page", "llm_bad_response")
		model.SetFault(llmtest.Fault{})
		put(map[string]any{"base_url": "http://127.0.0.1:1/v1"})
		wantTest("nothing listening", "llm_unreachable")
		put(map[string]any{"clear_api_key": true})
		s.mustDo(200, "GET", "/api/v1/bot/llm", admin, nil).JSON(t, &v)
		if v.APIKeySet {
			t.Errorf("after clear_api_key: %+v, want no key", v)
		}

		bad := map[string]map[string]any{
			"a relative URL":        {"base_url": "/v1"},
			"a file URL":            {"base_url": "file:///etc/passwd"},
			"credentials in it":     {"base_url": "https://u:p@llm.example/v1"},
			"enabled without model": {"model": ""},
			"key and clear":         {"api_key": "sk-x", "clear_api_key": true},
			"an unknown field":      {"temperature": 0.2},
			"a long model":          {"model": strings.Repeat("m", 201)},
		}
		for name, body := range bad {
			if r := put(body); r.Status != 422 || r.Code(t) != "invalid_input" {
				t.Errorf("%s: %d %s, want 422 invalid_input", name, r.Status, r.Body)
			}
		}
		if r := s.do("PUT", "/api/v1/bot/llm", o.Tokens["supervisor"], map[string]any{"enabled": false, "base_url": "", "model": "", "embedding_model": ""}); r.Status != 403 {
			t.Errorf("a supervisor: %d, want 403", r.Status)
		}
		log := s.mustAudit(o.Tokens["owner"], url.Values{"action": {"bot.llm_updated"}})
		if len(log.Entries) < 6 || !strings.Contains(string(log.Entries[len(log.Entries)-1].After), `"api_key_changed":true`) {
			t.Errorf("audit: %d entries, want one per change, the first saying the key changed", len(log.Entries))
		}
		for _, e := range log.Entries {
			if strings.Contains(string(e.Before)+string(e.After), model.Key) {
				t.Errorf("audit entry holds a key: %s → %s", e.Before, e.After)
			}
		}
		for _, key := range []string{model.Key, "sk-wrong"} {
			if strings.Contains(logs.String(), key) {
				t.Errorf("the server log holds %s", key)
			}
		}
		if !strings.Contains(logs.String(), "language model test failed") {
			t.Errorf("the failed tests are not logged")
		}
	})
}
