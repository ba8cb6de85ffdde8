package main

import (
	"slices"
	"strings"
	"testing"
)

// pricingTrigger is a proactive message as the workspace saves it.
func pricingTrigger(name string) map[string]any {
	return map[string]any{
		"name": name, "enabled": true,
		"conditions": map[string]any{"url": map[string]any{"op": "contains", "value": "/pricing"}, "time_on_page": 3, "language": ""},
		"message":    map[string]any{"default": "Questions about pricing?", "zh-CN": "对价格有疑问吗？"},
	}
}

// widgetWith is a whole widget settings body with these triggers.
func widgetWith(triggers ...map[string]any) map[string]any {
	return map[string]any{"color": "#1F93FF", "away_message": "", "locale": "", "pre_chat": map[string]any{"enabled": false, "fields": []any{}}, "triggers": triggers}
}

type savedTrigger struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	SenderName string `json:"sender_name"`
}

// mustSaveTriggers saves the inbox's triggers and returns them as the server keeps them.
func (s *testServer) mustSaveTriggers(token, inboxID string, triggers ...map[string]any) []savedTrigger {
	s.t.Helper()
	var ib struct {
		Widget struct {
			Triggers []savedTrigger `json:"triggers"`
		} `json:"widget"`
	}
	s.mustDo(200, "PATCH", "/api/v1/inboxes/"+inboxID, token, map[string]any{"widget": widgetWith(triggers...)}).JSON(s.t, &ib)
	return ib.Widget.Triggers
}

// TestTriggerValidation: a bad trigger is refused with invalid_input naming the field, and
// nothing is saved.
func TestTriggerValidation(t *testing.T) {
	s := MustRunSQLite(t)
	o := s.mustSetupOrg("Triggers")
	owner := o.Tokens["owner"]
	with := func(change func(tr map[string]any)) map[string]any {
		tr := pricingTrigger("Pricing")
		change(tr)
		return tr
	}
	cond := func(tr map[string]any) map[string]any { return tr["conditions"].(map[string]any) }
	cases := []struct {
		name     string
		trigger  map[string]any
		location string
	}{
		{"unknown operator", with(func(tr map[string]any) { cond(tr)["url"] = map[string]any{"op": "like", "value": "/x"} }), "conditions.url.op"},
		{"bad regex", with(func(tr map[string]any) { cond(tr)["url"] = map[string]any{"op": "regex", "value": "/pricing(["} }), "conditions.url.value"},
		{"regex with RE2-only flags", with(func(tr map[string]any) { cond(tr)["url"] = map[string]any{"op": "regex", "value": "(?i)/pricing"} }), "conditions.url.value"},
		{"regex too long", with(func(tr map[string]any) {
			cond(tr)["url"] = map[string]any{"op": "regex", "value": strings.Repeat("a", 201)}
		}), "conditions.url.value"},
		{"empty URL", with(func(tr map[string]any) { cond(tr)["url"] = map[string]any{"op": "contains", "value": " "} }), "conditions.url.value"},
		{"time on page too long", with(func(tr map[string]any) { cond(tr)["time_on_page"] = 3601 }), "conditions.time_on_page"},
		{"negative visits", with(func(tr map[string]any) { cond(tr)["visit_count"] = -1 }), "conditions.visit_count"},
		{"unknown language", with(func(tr map[string]any) { cond(tr)["language"] = "fr" }), "conditions.language"},
		{"no default message", with(func(tr map[string]any) { tr["message"] = map[string]any{"default": "", "en": "hi"} }), "message.default"},
		{"message too long", with(func(tr map[string]any) { tr["message"] = map[string]any{"default": strings.Repeat("长", 2001)} }), "message.default"},
		{"no name", with(func(tr map[string]any) { tr["name"] = "  " }), "name"},
		{"unknown sender agent", with(func(tr map[string]any) { tr["sender_agent_id"] = "00000000-0000-4000-8000-000000000000" }), "sender_agent_id"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := s.do("PATCH", "/api/v1/inboxes/"+o.InboxID, owner, map[string]any{"widget": widgetWith(tc.trigger)})
			if r.Status != 422 || r.Code(t) != "invalid_input" || !strings.Contains(string(r.Body), tc.location) {
				t.Fatalf("got %d %s, want 422 invalid_input at %s", r.Status, r.Body, tc.location)
			}
		})
	}
	many := make([]map[string]any, 21)
	for i := range many {
		many[i] = pricingTrigger("t")
	}
	if r := s.do("PATCH", "/api/v1/inboxes/"+o.InboxID, owner, map[string]any{"widget": widgetWith(many...)}); r.Status != 422 || r.Code(t) != "invalid_input" {
		t.Errorf("21 triggers: got %d %s, want 422 invalid_input", r.Status, r.Body)
	}
	var cfg struct {
		Widget struct {
			Triggers []savedTrigger `json:"triggers"`
		} `json:"widget"`
	}
	s.mustDo(200, "GET", "/api/v1/widget/config?widget_key="+o.WidgetKey, "", nil).JSON(t, &cfg)
	if len(cfg.Widget.Triggers) != 0 {
		t.Errorf("after refused saves the widget has triggers %+v, want none", cfg.Widget.Triggers)
	}
}

// TestStartWithTrigger: a visitor answering a proactive message starts a conversation whose
// first message is the trigger's, from the inbox as a bot, in the visitor's language, with the
// agents' note of the trigger; a retry creates nothing; another inbox's trigger is refused.
func TestStartWithTrigger(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		s := MustRunMain(t, testConfig(t, db))
		o := s.mustSetupOrg("Proactive")
		owner := o.Tokens["owner"]
		saved := s.mustSaveTriggers(owner, o.InboxID, pricingTrigger("Pricing page"))
		if len(saved) != 1 || len(saved[0].ID) != 36 {
			t.Fatalf("saved triggers = %+v, want one with a server-assigned id", saved)
		}
		// Saving again with the id keeps it: the widget remembers triggers by id.
		again := pricingTrigger("Pricing page")
		again["id"] = saved[0].ID
		if kept := s.mustSaveTriggers(owner, o.InboxID, again); kept[0].ID != saved[0].ID {
			t.Fatalf("re-saved trigger id %s, want %s", kept[0].ID, saved[0].ID)
		}

		v := s.mustVisitor(o.WidgetKey)
		body := map[string]any{"trigger_id": saved[0].ID, "locale": "zh-CN", "message": map[string]any{"content": "多少钱？", "client_msg_id": "c-1"}}
		var st struct {
			Conversation struct {
				ID string `json:"id"`
			} `json:"conversation"`
			Message struct {
				Seq int64 `json:"seq"`
			} `json:"message"`
		}
		s.mustDo(201, "POST", "/api/v1/widget/conversations", v.Token, body).JSON(t, &st)
		if st.Message.Seq != 3 {
			t.Errorf("visitor's message seq = %d, want 3 (after the trigger's message and the agents' note)", st.Message.Seq)
		}
		s.mustDo(200, "POST", "/api/v1/widget/conversations", v.Token, body) // a retry: nothing new

		msgs := s.mustMessages(owner, "/api/v1/conversations/"+st.Conversation.ID+"/messages")
		got := make([]string, 0, len(msgs))
		for _, m := range msgs {
			got = append(got, m.SenderType+"/"+m.Kind+"/"+m.SenderName+":"+m.Content)
		}
		if len(msgs) != 3 || got[0] != "bot/text/Proactive site:对价格有疑问吗？" ||
			!strings.Contains(got[1], `"trigger_name":"Pricing page"`) || !strings.HasPrefix(got[2], "contact/text/") || !strings.HasSuffix(got[2], ":多少钱？") {
			t.Errorf("agent's view of the conversation = %q, want the trigger's message, the note, the visitor's message", got)
		}
		seen := s.mustMessages(v.Token, "/api/v1/widget/conversations/"+st.Conversation.ID+"/messages")
		if len(seen) != 2 || seen[0].SenderType != "bot" || seen[1].SenderType != "contact" {
			t.Errorf("visitor's view = %+v, want the trigger's message then theirs (no agents' note)", seen)
		}

		// A trigger of another inbox, and one that does not exist, are refused; nothing is created.
		var other struct {
			ID string `json:"id"`
		}
		s.mustDo(201, "POST", "/api/v1/inboxes", owner, map[string]any{"name": "Other"}).JSON(t, &other)
		foreign := s.mustSaveTriggers(owner, other.ID, pricingTrigger("Elsewhere"))
		w := s.mustVisitor(o.WidgetKey)
		for _, id := range []string{foreign[0].ID, "00000000-0000-4000-8000-000000000000"} {
			r := s.do("POST", "/api/v1/widget/conversations", w.Token, map[string]any{"trigger_id": id, "message": map[string]any{"content": "hi", "client_msg_id": "c-2"}})
			if r.Status != 422 || r.Code(t) != "invalid_input" || !strings.Contains(string(r.Body), "trigger_id") {
				t.Errorf("start with trigger %s of another inbox: got %d %s, want 422 invalid_input at trigger_id", id, r.Status, r.Body)
			}
		}
		var list struct {
			Conversations []any `json:"conversations"`
		}
		s.mustDo(200, "GET", "/api/v1/widget/conversations", w.Token, nil).JSON(t, &list)
		if len(list.Conversations) != 0 {
			t.Errorf("refused starts created %d conversations, want none", len(list.Conversations))
		}
	})
}

type listedMessage struct {
	Seq        int64  `json:"seq"`
	SenderType string `json:"sender_type"`
	SenderName string `json:"sender_name"`
	Kind       string `json:"kind"`
	Content    string `json:"content"`
}

// mustMessages lists a conversation's messages in seq order.
func (s *testServer) mustMessages(token, path string) []listedMessage {
	s.t.Helper()
	var out struct {
		Messages []listedMessage `json:"messages"`
	}
	s.mustDo(200, "GET", path, token, nil).JSON(s.t, &out)
	slices.SortFunc(out.Messages, func(a, b listedMessage) int { return int(a.Seq - b.Seq) })
	return out.Messages
}
