package main

import (
	"net/url"
	"strings"
	"testing"
)

// botSettings is a complete kefu.BotSettings body: the API replaces the settings whole.
func botSettings(change map[string]any) map[string]any {
	b := map[string]any{"mode": "when_busy", "queue_threshold": 3, "answer_threshold": 0.6, "suggest_threshold": 0.25,
		"low_confidence_limit": 2, "hide_human_button": false, "name": " 小助手 ", "greeting": "您好！\n有什么可以帮您？", "use_llm": false}
	for k, v := range change {
		b[k] = v
	}
	return b
}

// TestInboxBotAPI sets an inbox's bot on creation and update, refuses bad settings with the
// offending field and changes nothing then, and audits the change.
func TestInboxBotAPI(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		s := MustRunMain(t, testConfig(t, db))
		o := s.mustSetupOrg("BotInbox")
		admin := o.Tokens["admin"]
		type inboxBot struct {
			ID  string         `json:"id"`
			Bot map[string]any `json:"bot"`
		}
		var ib inboxBot
		s.mustDo(201, "POST", "/api/v1/inboxes", admin, map[string]any{"name": "With bot", "bot": botSettings(nil)}).JSON(t, &ib)
		if ib.Bot["mode"] != "when_busy" || ib.Bot["name"] != "小助手" || ib.Bot["queue_threshold"] != 3.0 {
			t.Errorf("created with bot %v, want when_busy, the name trimmed", ib.Bot)
		}
		s.mustDo(200, "PATCH", "/api/v1/inboxes/"+ib.ID, admin, map[string]any{"bot": botSettings(map[string]any{"mode": "always", "use_llm": true})})
		s.mustDo(200, "GET", "/api/v1/inboxes/"+ib.ID, o.Tokens["agent"], nil).JSON(t, &ib)
		if ib.Bot["mode"] != "always" || ib.Bot["use_llm"] != true {
			t.Errorf("after update: %v", ib.Bot)
		}
		bad := map[string]map[string]any{
			"unknown mode":         {"mode": "sometimes"},
			"answer threshold 2":   {"answer_threshold": 2},
			"negative suggest":     {"suggest_threshold": -0.5},
			"suggest above answer": {"answer_threshold": 0.3, "suggest_threshold": 0.4},
			"low confidence 11":    {"low_confidence_limit": 11},
			"queue 10001":          {"queue_threshold": 10001},
			"long name":            {"name": strings.Repeat("名", 65)},
			"name on two lines":    {"name": "小\n助手"},
			"long greeting":        {"greeting": strings.Repeat("您", 1001)},
			"an unknown field":     {"temperature": 1},
			"a threshold as text":  {"answer_threshold": "high"},
		}
		for name, change := range bad {
			r := s.do("PATCH", "/api/v1/inboxes/"+ib.ID, admin, map[string]any{"bot": botSettings(change)})
			if r.Status != 422 || r.Code(t) != "invalid_input" {
				t.Errorf("%s: %d %s, want 422 invalid_input", name, r.Status, r.Body)
			}
		}
		if r := s.do("PATCH", "/api/v1/inboxes/"+ib.ID, admin, map[string]any{"bot": botSettings(map[string]any{"answer_threshold": 0.3, "suggest_threshold": 0.4})}); !strings.Contains(string(r.Body), "bot.suggest_threshold") {
			t.Errorf("suggest above answer names %s, want bot.suggest_threshold", r.Body)
		}
		s.mustDo(200, "GET", "/api/v1/inboxes/"+ib.ID, admin, nil).JSON(t, &ib)
		if ib.Bot["mode"] != "always" || ib.Bot["answer_threshold"] != 0.6 {
			t.Errorf("after refusals: %v, want the last good settings", ib.Bot)
		}
		if r := s.do("PATCH", "/api/v1/inboxes/"+ib.ID, o.Tokens["supervisor"], map[string]any{"bot": botSettings(nil)}); r.Status != 403 {
			t.Errorf("a supervisor: %d, want 403", r.Status)
		}
		log := s.mustAudit(o.Tokens["owner"], url.Values{"action": {"inbox.updated"}, "target_id": {ib.ID}})
		if len(log.Entries) != 1 || !strings.Contains(string(log.Entries[0].After), `"mode":"always"`) || !strings.Contains(string(log.Entries[0].Before), `"mode":"when_busy"`) {
			t.Errorf("audit = %+v, want one inbox.updated from when_busy to always", log.Entries)
		}
	})
}
