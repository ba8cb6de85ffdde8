package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// modelError is a failed model call with the stable code the settings test reports.
type modelError struct{ code, text string }

func (e modelError) Error() string { return e.text }
func (e modelError) Code() string  { return e.code }

// modelChecker stands in for the language model client until it is wired: it lists the
// models of an OpenAI-compatible API (GET {base_url}/models, the key as a bearer token) and
// reads the answer the way a client must.
type modelChecker struct{ client *http.Client }

func (c modelChecker) Check(ctx context.Context, s kefu.LLMSettings) error {
	req, err := http.NewRequestWithContext(ctx, "GET", s.BaseURL+"/models", nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+s.APIKey)
	res, err := c.client.Do(req)
	if err != nil {
		return err // unreachable: no code
	}
	defer res.Body.Close()
	switch {
	case res.StatusCode == 401 || res.StatusCode == 403 || res.StatusCode == 404:
		return modelError{"llm_rejected", fmt.Sprintf("%d for key %s", res.StatusCode, s.APIKey)}
	case res.StatusCode == 429:
		return modelError{"llm_rate_limited", "429"}
	}
	var list struct {
		Data []struct{ ID string } `json:"data"`
	}
	if json.NewDecoder(res.Body).Decode(&list) != nil || len(list.Data) == 0 {
		return modelError{"llm_bad_response", "not a model list"}
	}
	return nil
}

// fakeModel is an OpenAI-compatible API answering GET /v1/models for one key, 429 for the key
// "sk-busy" and HTML under /html/v1.
func fakeModel(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasPrefix(r.URL.Path, "/html/"):
			w.Write([]byte("<html>login</html>"))
		case r.URL.Path != "/v1/models":
			http.NotFound(w, r)
		case r.Header.Get("Authorization") == "Bearer sk-busy":
			w.WriteHeader(429)
		case r.Header.Get("Authorization") != "Bearer sk-good":
			w.WriteHeader(401)
		default:
			w.Write([]byte(`{"object":"list","data":[{"id":"qwen2.5","object":"model"}]}`))
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

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
		model := fakeModel(t)
		s := mustRun(t, &Main{Config: testConfig(t, db), Version: "test", LLMChecker: modelChecker{model.Client()},
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
			full := map[string]any{"enabled": true, "base_url": model.URL + "/v1/", "model": "qwen2.5", "embedding_model": ""}
			for k, val := range body {
				full[k] = val
			}
			return s.do("PUT", "/api/v1/bot/llm", admin, full)
		}
		r := put(map[string]any{"api_key": "sk-good"})
		if r.Status != 200 || strings.Contains(string(r.Body), "sk-good") || strings.Contains(string(r.Body), `"api_key"`) {
			t.Fatalf("save: %d %s, want 200 without the key", r.Status, r.Body)
		}
		r.JSON(t, &v)
		if !v.APIKeySet || !v.Enabled || v.BaseURL != model.URL+"/v1" {
			t.Errorf("saved %+v, want enabled, the key set and the slash dropped", v)
		}
		if body := s.mustDo(200, "GET", "/api/v1/bot/llm", admin, nil).Body; strings.Contains(string(body), "sk-good") {
			t.Errorf("read back holds the key: %s", body)
		}
		wantTest := func(what, code string) {
			t.Helper()
			var res llmTest
			s.mustDo(200, "POST", "/api/v1/bot/llm/test", admin, nil).JSON(t, &res)
			if res.OK != (code == "") || res.Code != code || (code != "" && res.Message == "") || strings.Contains(res.Message, "sk-") {
				t.Errorf("%s: test = %+v, want code %q", what, res, code)
			}
		}
		wantTest("the right key", "")
		if r := put(map[string]any{"model": "qwen3"}); r.Status != 200 {
			t.Fatalf("update without a key: %d %s", r.Status, r.Body)
		}
		wantTest("the key kept by an update without one", "")
		put(map[string]any{"api_key": "sk-wrong"})
		wantTest("a wrong key", "llm_rejected")
		put(map[string]any{"api_key": "sk-busy"})
		wantTest("a busy provider", "llm_rate_limited")
		put(map[string]any{"base_url": model.URL + "/html/v1"})
		wantTest("a login page", "llm_bad_response")
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
		if len(log.Entries) < 7 || !strings.Contains(string(log.Entries[len(log.Entries)-1].After), `"api_key_changed":true`) {
			t.Errorf("audit: %d entries, want one per change, the first saying the key changed", len(log.Entries))
		}
		for _, e := range log.Entries {
			if strings.Contains(string(e.Before)+string(e.After), "sk-") {
				t.Errorf("audit entry holds a key: %s → %s", e.Before, e.After)
			}
		}
		for _, key := range []string{"sk-good", "sk-wrong", "sk-busy"} {
			if strings.Contains(logs.String(), key) {
				t.Errorf("the server log holds %s", key)
			}
		}
		if !strings.Contains(logs.String(), "language model test failed") {
			t.Errorf("the failed tests are not logged")
		}
	})
}
