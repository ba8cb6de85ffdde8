package main

import (
	"testing"
	"time"
)

// liveVisitor is a row of GET /api/v1/visitors.
type liveVisitor struct {
	ContactID      string `json:"contact_id"`
	InboxID        string `json:"inbox_id"`
	PageURL        string `json:"page_url"`
	PageTitle      string `json:"page_title"`
	Referrer       string `json:"referrer"`
	Visits         int    `json:"visits"`
	PageViews      int    `json:"page_views"`
	ConversationID string `json:"conversation_id"`
}

func (s *testServer) visitors(token string) []liveVisitor {
	s.t.Helper()
	var out struct {
		Visitors []liveVisitor `json:"visitors"`
	}
	s.mustDo(200, "GET", "/api/v1/visitors", token, nil).JSON(s.t, &out)
	return out.Visitors
}

func findVisitor(vs []liveVisitor, contactID string) *liveVisitor {
	for i := range vs {
		if vs[i].ContactID == contactID {
			return &vs[i]
		}
	}
	return nil
}

func (s *testServer) mustPageView(v *visitor, url, title, referrer string) {
	s.t.Helper()
	s.mustDo(204, "POST", "/api/v1/widget/page-views", v.Token, map[string]string{"url": url, "title": title, "referrer": referrer, "language": "zh-CN"})
}

// TestLiveVisitors: a visitor with a realtime connection and a page view is listed with its
// page, live to the agents of its organisation only; a reload (reconnect, same page views)
// stays the same visit; a bad URL is refused with a field error.
func TestLiveVisitors(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		s := MustRunMain(t, testConfig(t, db))
		a, b := s.mustSetupOrg("VisA"), s.mustSetupOrg("VisB")
		agentWS := s.mustWelcome("/api/v1/ws", map[string]any{"token": a.Tokens["agent"]})
		v := s.mustVisitor(a.WidgetKey)
		s.mustPageView(v, "https://shop.example/pricing", "Pricing <b>", "https://search.example/?q=kefu")
		vws := s.mustWelcome("/api/v1/widget/ws", map[string]any{"token": v.Token})
		f := readUntil(t, agentWS, 5*time.Second, func(f frame) bool { return f.str("type") == "visitor.updated" })
		if got := f["visitor"].(map[string]any)["page_url"]; got != "https://shop.example/pricing" {
			t.Errorf("visitor.updated page_url = %v, want the pricing page", got)
		}
		got := findVisitor(s.visitors(a.Tokens["agent"]), v.ContactID)
		if got == nil || got.PageTitle != "Pricing <b>" || got.Visits != 1 || got.PageViews != 1 || got.Referrer != "https://search.example/?q=kefu" {
			t.Fatalf("listed = %+v, want the pricing page, 1 visit, 1 page view, the referrer", got)
		}
		// A reload: the connection drops and comes back, the next page is reported.
		vws.Close()
		vws = s.mustWelcome("/api/v1/widget/ws", map[string]any{"token": v.Token})
		defer vws.Close()
		s.mustPageView(v, "https://shop.example/checkout", "Checkout", "https://shop.example/pricing")
		got = findVisitor(s.visitors(a.Tokens["agent"]), v.ContactID)
		if got == nil || got.PageURL != "https://shop.example/checkout" || got.Visits != 1 || got.PageViews != 2 || got.Referrer != "https://search.example/?q=kefu" {
			t.Fatalf("after reload = %+v, want checkout, still 1 visit, 2 page views, the first referrer", got)
		}
		if other := findVisitor(s.visitors(b.Tokens["owner"]), v.ContactID); other != nil || len(s.visitors(b.Tokens["owner"])) != 0 {
			t.Errorf("another organisation's owner sees %+v", s.visitors(b.Tokens["owner"]))
		}
		r := s.do("POST", "/api/v1/widget/page-views", v.Token, map[string]string{"url": "javascript:alert(1)"})
		if r.Status != 422 || r.Code(t) != "invalid_input" {
			t.Errorf("javascript: URL got %d %s, want 422 invalid_input", r.Status, r.Body)
		}
	})
}

// TestStartChatWithVisitor: an agent starts a conversation with a live visitor, assigned to
// them, their message first; the visitor's connection receives both; a retry with the same
// client id starts nothing new; a second invitation while it is open is a conflict; agents of
// another organisation, and an inbox the visitor never used, find no such visitor.
func TestStartChatWithVisitor(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		s := MustRunMain(t, testConfig(t, db))
		a, b := s.mustSetupOrg("InvA"), s.mustSetupOrg("InvB")
		v := s.mustVisitor(a.WidgetKey)
		s.mustPageView(v, "https://shop.example/", "Shop", "")
		vws := s.mustWelcome("/api/v1/widget/ws", map[string]any{"token": v.Token})
		body := map[string]string{"inbox_id": a.InboxID, "client_msg_id": "invite-1", "content": "Can I help? <script>"}
		path := "/api/v1/visitors/" + v.ContactID + "/conversations"

		var first, again struct {
			Conversation struct{ ID, AssigneeID string } `json:"conversation"`
			Message      struct{ ID, Content string }    `json:"message"`
			Duplicate    bool                            `json:"duplicate"`
		}
		s.mustDo(201, "POST", path, a.Tokens["agent"], body).JSON(t, &first)
		s.mustDo(200, "POST", path, a.Tokens["agent"], body).JSON(t, &again)
		if again.Conversation.ID != first.Conversation.ID || again.Message.ID != first.Message.ID || !again.Duplicate {
			t.Fatalf("retry = %+v, want the first conversation and message, duplicate", again)
		}
		var conv struct {
			AssigneeID string `json:"assignee_id"`
			LastSeq    int64  `json:"last_seq"`
		}
		s.mustDo(200, "GET", "/api/v1/conversations/"+first.Conversation.ID, a.Tokens["agent"], nil).JSON(t, &conv)
		if conv.AssigneeID != a.AgentIDs["agent"] || conv.LastSeq != 1 {
			t.Errorf("conversation = %+v, want assigned to the inviting agent with one message", conv)
		}
		msg := readUntil(t, vws, 5*time.Second, func(f frame) bool { return f.str("type") == "message.created" })
		if m := msg["message"].(map[string]any); m["content"] != "Can I help? <script>" || msg.str("conversation_id") != first.Conversation.ID {
			t.Errorf("visitor got %v, want the invitation in the new conversation", msg)
		}
		// The visitor answers in the same conversation.
		s.mustDo(201, "POST", "/api/v1/widget/conversations/"+first.Conversation.ID+"/messages", v.Token, map[string]string{"content": "yes", "client_msg_id": "v1"})

		body["client_msg_id"] = "invite-2"
		if r := s.do("POST", path, a.Tokens["agent"], body); r.Status != 409 || r.Code(t) != "conflict" {
			t.Errorf("second invitation while open got %d %s, want 409 conflict", r.Status, r.Body)
		}
		body["client_msg_id"] = "invite-3"
		if r := s.do("POST", path, b.Tokens["owner"], body); r.Status != 404 {
			t.Errorf("another organisation's owner got %d %s, want 404", r.Status, r.Body)
		}
		bodyB := map[string]string{"inbox_id": b.InboxID, "client_msg_id": "invite-4", "content": "hi"}
		if r := s.do("POST", path, b.Tokens["owner"], bodyB); r.Status != 404 {
			t.Errorf("another organisation's owner with its own inbox got %d %s, want 404", r.Status, r.Body)
		}
		var inbox2 struct {
			ID string `json:"id"`
		}
		s.mustDo(201, "POST", "/api/v1/inboxes", a.Tokens["owner"], map[string]any{"name": "second site"}).JSON(t, &inbox2)
		body2 := map[string]string{"inbox_id": inbox2.ID, "client_msg_id": "invite-5", "content": "hi"}
		if r := s.do("POST", path, a.Tokens["owner"], body2); r.Status != 404 {
			t.Errorf("an inbox the visitor never used got %d %s, want 404", r.Status, r.Body)
		}
		if got := findVisitor(s.visitors(a.Tokens["agent"]), v.ContactID); got == nil || got.ConversationID != first.Conversation.ID {
			t.Errorf("listed = %+v, want the open conversation linked", got)
		}
	})
}
