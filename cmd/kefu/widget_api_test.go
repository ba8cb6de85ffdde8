package main

import (
	"testing"
)

// TestWidgetAPI covers what the widget needs beyond chatting: its configuration, the visitor's
// own profile, the queue and the satisfaction rating.
func TestWidgetAPI(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		s := MustRunMain(t, testConfig(t, db))
		o := s.mustSetupOrg("Widget")
		owner := o.Tokens["owner"]
		widget := map[string]any{"color": "#00aa00", "away_message": "稍后回复", "locale": "zh-CN", "pre_chat": map[string]any{
			"enabled": true, "fields": []map[string]any{{"name": "name", "required": true}, {"name": "inquiry_type", "required": false, "options": []string{"售前", "售后"}}},
		}}
		s.mustDo(200, "PATCH", "/api/v1/inboxes/"+o.InboxID, owner, map[string]any{"widget": widget})
		if r := s.do("PATCH", "/api/v1/inboxes/"+o.InboxID, owner, map[string]any{"widget": map[string]any{
			"color": "red", "away_message": "", "locale": "", "pre_chat": map[string]any{"enabled": false, "fields": []any{}}}}); r.Status != 422 {
			t.Errorf("a bad widget colour: status %d, want 422", r.Status)
		}

		var cfg struct {
			Widget struct {
				Color   string `json:"color"`
				PreChat struct {
					Fields []struct {
						Name    string   `json:"name"`
						Options []string `json:"options"`
					} `json:"fields"`
				} `json:"pre_chat"`
			} `json:"widget"`
			Online bool `json:"online"`
		}
		s.mustDo(200, "GET", "/api/v1/widget/config?widget_key="+o.WidgetKey, "", nil).JSON(t, &cfg)
		if cfg.Widget.Color != "#00AA00" || len(cfg.Widget.PreChat.Fields) != 2 || cfg.Widget.PreChat.Fields[1].Options[0] != "售前" {
			t.Errorf("widget config = %+v, want the saved settings", cfg.Widget)
		}
		if cfg.Online {
			t.Error("config says online with no agent connected")
		}
		s.connectAgent(o.Tokens["agent"])
		s.mustDo(200, "GET", "/api/v1/widget/config?widget_key="+o.WidgetKey, "", nil).JSON(t, &cfg)
		if !cfg.Online {
			t.Error("config says offline while an online agent is connected")
		}
		if r := s.do("GET", "/api/v1/widget/config?widget_key=wk_unknown", "", nil); r.Status != 404 {
			t.Errorf("config for an unknown key: status %d, want 404", r.Status)
		}

		// The pre-chat form fills the visitor's own contact.
		v := s.mustVisitor(o.WidgetKey)
		s.mustDo(200, "PATCH", "/api/v1/widget/contact", v.Token, map[string]any{"name": "小明", "phone": "+86 138 0013 8000", "attributes": map[string]string{"inquiry_type": "售后"}})
		var contact struct {
			Name       string            `json:"name"`
			Attributes map[string]string `json:"attributes"`
		}
		s.mustDo(200, "GET", "/api/v1/contacts/"+v.ContactID, owner, nil).JSON(t, &contact)
		if contact.Name != "小明" || contact.Attributes["inquiry_type"] != "售后" {
			t.Errorf("contact after the pre-chat form = %+v", contact)
		}
		if r := s.do("PATCH", "/api/v1/widget/contact", owner, map[string]any{"name": "x"}); r.Status != 401 {
			t.Errorf("an agent token on the visitor's contact endpoint: status %d, want 401", r.Status)
		}

		// Queue: the agent is connected, so conversations are assigned until capacity runs out.
		s.mustSetAutoAssign(owner, true)
		s.mustDo(200, "PATCH", "/api/v1/agents/"+o.AgentIDs["agent"], owner, map[string]any{"capacity": 1})
		first := s.mustStartConversation(v, "first")
		var q struct {
			Assigned bool `json:"assigned"`
			Position int  `json:"position"`
			Wait     int  `json:"estimated_wait_seconds"`
		}
		s.mustDo(200, "GET", "/api/v1/widget/conversations/"+first+"/queue", v.Token, nil).JSON(t, &q)
		if !q.Assigned || q.Position != 0 {
			t.Errorf("queue of an assigned conversation = %+v, want assigned, position 0", q)
		}
		w1, w2 := s.mustVisitor(o.WidgetKey), s.mustVisitor(o.WidgetKey)
		s.mustStartConversation(w1, "waiting 1")
		second := s.mustStartConversation(w2, "waiting 2")
		s.mustDo(200, "GET", "/api/v1/widget/conversations/"+second+"/queue", w2.Token, nil).JSON(t, &q)
		if q.Assigned || q.Position != 2 || q.Wait <= 0 {
			t.Errorf("queue of the second waiting conversation = %+v, want position 2 and a wait estimate", q)
		}
		if r := s.do("GET", "/api/v1/widget/conversations/"+second+"/queue", w1.Token, nil); r.Status != 404 {
			t.Errorf("another visitor's queue: status %d, want 404", r.Status)
		}

		// Rating: only once resolved; stored with the conversation for agents to see.
		if r := s.do("POST", "/api/v1/widget/conversations/"+first+"/rating", v.Token, map[string]any{"score": 5}); r.Status != 409 {
			t.Errorf("rating an open conversation: status %d, want 409", r.Status)
		}
		s.mustDo(200, "POST", "/api/v1/conversations/"+first+"/status", o.Tokens["agent"], map[string]any{"status": "resolved"})
		for _, bad := range []map[string]any{{"score": 0}, {"score": 6}, {"score": "5"}} {
			if r := s.do("POST", "/api/v1/widget/conversations/"+first+"/rating", v.Token, bad); r.Status != 422 {
				t.Errorf("rating %v: status %d, want 422", bad, r.Status)
			}
		}
		s.mustDo(200, "POST", "/api/v1/widget/conversations/"+first+"/rating", v.Token, map[string]any{"score": 4, "comment": "快 <b>而且</b> 好"})
		var conv struct {
			Rating *struct {
				Score   int    `json:"score"`
				Comment string `json:"comment"`
			} `json:"rating"`
		}
		s.mustDo(200, "GET", "/api/v1/conversations/"+first, owner, nil).JSON(t, &conv)
		if conv.Rating == nil || conv.Rating.Score != 4 || conv.Rating.Comment != "快 <b>而且</b> 好" {
			t.Errorf("conversation rating = %+v, want 4 with the comment verbatim", conv.Rating)
		}
	})
}
