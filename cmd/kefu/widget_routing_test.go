package main

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

// routedConversation is a conversation's routing fields as an agent reads them.
type routedConversation struct {
	InquiryType string   `json:"inquiry_type"`
	Language    string   `json:"language"`
	Region      string   `json:"region"`
	FollowUp    bool     `json:"follow_up"`
	Labels      []string `json:"labels"`
	AssigneeID  string   `json:"assignee_id"`
}

func (s *testServer) routed(token, id string) routedConversation {
	s.t.Helper()
	var c routedConversation
	s.mustDo(200, "GET", "/api/v1/conversations/"+id, token, nil).JSON(s.t, &c)
	return c
}

// startWith starts a conversation with the routing attributes of body and returns its id.
func (s *testServer) startWith(v *visitor, body map[string]any) string {
	s.t.Helper()
	body["message"] = map[string]string{"content": "hello", "client_msg_id": "first"}
	var out struct {
		Conversation struct{ ID string } `json:"conversation"`
	}
	s.mustDo(201, "POST", "/api/v1/widget/conversations", v.Token, body).JSON(s.t, &out)
	return out.Conversation.ID
}

// TestWidgetStartRoutingAttributes: the pre-chat inquiry type, the browser language and a
// region reach the conversation; a region is the visitor's to say only where the inbox does not
// enforce signed identities; malformed attributes are refused with the field named.
func TestWidgetStartRoutingAttributes(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		s := mustRun(t, &Main{Config: testConfig(t, db), Version: "test"})
		o := s.mustSetupOrg("Attrs")
		owner := o.Tokens["owner"]
		id := s.startWith(s.mustVisitor(o.WidgetKey), map[string]any{"inquiry_type": " 退款 ", "language": "en-GB", "region": "CN-GD"})
		if got := s.routed(owner, id); got.InquiryType != "退款" || got.Language != "en-GB" || got.Region != "CN-GD" {
			t.Errorf("got %+v, want inquiry type 退款, language en-GB, region CN-GD", got)
		}

		for field, body := range map[string]map[string]any{
			"language":     {"language": "<script>"},
			"inquiry_type": {"inquiry_type": "a\x07b"},
		} {
			body["message"] = map[string]string{"content": "x", "client_msg_id": "bad-" + field}
			r := s.do("POST", "/api/v1/widget/conversations", s.mustVisitor(o.WidgetKey).Token, body)
			if r.Status != http.StatusUnprocessableEntity || !strings.Contains(string(r.Body), field) {
				t.Errorf("bad %s: got %d %s, want 422 naming the field", field, r.Status, r.Body)
			}
		}

		s.mustDo(200, "PATCH", "/api/v1/inboxes/"+o.InboxID, owner, map[string]any{"enforce_identity": true})
		id = s.startWith(s.mustVisitor(o.WidgetKey), map[string]any{"inquiry_type": "售前", "region": "CN-GD"})
		if got := s.routed(owner, id); got.Region != "" || got.InquiryType != "售前" {
			t.Errorf("enforced identity: got %+v, want the inquiry type kept and the visitor's region ignored", got)
		}
	})
}

// TestWidgetSessionCarriesResume: one request is all a new visitor needs before the socket
// (the session answer has the config and an empty conversation list), and a returning visitor's
// session answer carries their conversations and the current one's newest messages.
func TestWidgetSessionCarriesResume(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		s := mustRun(t, &Main{Config: testConfig(t, db), Version: "test"})
		o := s.mustSetupOrg("Resume")
		type session struct {
			Token         string `json:"token"`
			VisitorKey    string `json:"visitor_key"`
			Available     *bool  `json:"available"`
			Conversations []struct {
				ID string `json:"id"`
			} `json:"conversations"`
			Messages []struct {
				Content string `json:"content"`
			} `json:"messages"`
			Widget map[string]any `json:"widget"`
		}
		var first session
		s.mustDo(200, "POST", "/api/v1/widget/sessions", "", map[string]string{"widget_key": o.WidgetKey}).JSON(t, &first)
		if first.Conversations == nil || len(first.Conversations) != 0 || first.Widget == nil || first.Available == nil {
			t.Fatalf("new visitor: got %+v, want the config, availability and an empty conversation list", first)
		}
		id := s.mustStartConversation(&visitor{Token: first.Token}, "where is my parcel?")
		var again session
		s.mustDo(200, "POST", "/api/v1/widget/sessions", "", map[string]string{"widget_key": o.WidgetKey, "visitor_key": first.VisitorKey}).JSON(t, &again)
		if len(again.Conversations) != 1 || again.Conversations[0].ID != id || len(again.Messages) == 0 || again.Messages[len(again.Messages)-1].Content != "where is my parcel?" {
			t.Errorf("returning visitor: got %+v, want their conversation %s and its first message", again, id)
		}
	})
}

// TestWidgetClosedHours: outside the inbox's business hours the config says closed with the
// next opening, and a start is an offline message for follow-up even with an agent connected.
func TestWidgetClosedHours(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		s := mustRun(t, &Main{Config: testConfig(t, db), Version: "test"})
		o := s.mustSetupOrg("Hours")
		owner := o.Tokens["owner"]
		s.mustSetAutoAssign(owner, true)
		s.connectAgent(o.Tokens["agent"])
		tomorrow := time.Now().UTC().AddDate(0, 0, 1)
		s.mustDo(200, "PATCH", "/api/v1/inboxes/"+o.InboxID, owner, map[string]any{"routing": map[string]any{
			"business_hours": map[string]any{"enabled": true, "timezone": "UTC", "weekly": []map[string]any{{"day": int(tomorrow.Weekday()), "start": "09:00", "end": "17:00"}}, "special": []any{}}, "max_queue": 0,
		}})
		var cfg struct {
			Open       bool       `json:"open"`
			Online     bool       `json:"online"`
			Available  bool       `json:"available"`
			NextOpenAt *time.Time `json:"next_open_at"`
		}
		s.mustDo(200, "GET", "/api/v1/widget/config?widget_key="+o.WidgetKey, "", nil).JSON(t, &cfg)
		want := time.Date(tomorrow.Year(), tomorrow.Month(), tomorrow.Day(), 9, 0, 0, 0, time.UTC)
		if cfg.Open || cfg.Available || !cfg.Online || cfg.NextOpenAt == nil || !cfg.NextOpenAt.Equal(want) {
			t.Fatalf("got %+v, want closed, not available, an agent online, next open %s", cfg, want)
		}
		id := s.mustStartConversation(s.mustVisitor(o.WidgetKey), "are you there?")
		time.Sleep(300 * time.Millisecond) // a drain, had it queued the conversation, would have assigned it by now
		if got := s.routed(owner, id); !got.FollowUp || got.AssigneeID != "" || !slices.Contains(got.Labels, "offline_message") {
			t.Errorf("closed: got %+v, want an unassigned offline message for follow-up", got)
		}
	})
}
