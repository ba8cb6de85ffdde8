package main

import (
	"testing"
	"time"
)

// TestViewsAndCounts boots kefu and shows events going to whom they concern: an agent on Mine
// does not get a new conversation nobody took, only a counts frame saying one waits (from the
// real store's grouped count); an agent on Unassigned gets it, and so does a client without
// views, as before views.
func TestViewsAndCounts(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		s := mustRun(t, &Main{Config: testConfig(t, db), Version: "test"})
		o := s.mustSetupOrg("Views")
		s.mustSetAutoAssign(o.Tokens["owner"], false)
		mine := s.dialWS("/api/v1/ws", map[string]any{"token": o.Tokens["agent"], "views": []string{"mine"}})
		queue := s.dialWS("/api/v1/ws", map[string]any{"token": o.Tokens["admin"], "views": []string{"unassigned"}})
		legacy := s.dialWS("/api/v1/ws", map[string]any{"token": o.Tokens["owner"]})
		welcome := func(f frame) bool { return f.str("type") == "welcome" }
		readUntil(t, mine, 5*time.Second, welcome)
		readUntil(t, queue, 5*time.Second, welcome)
		readUntil(t, legacy, 5*time.Second, welcome)

		id := s.mustStartConversation(s.mustVisitor(o.WidgetKey), "anyone there?")
		created := func(f frame) bool { return f.str("type") == "conversation.created" && f.str("conversation_id") == id }
		readUntil(t, queue, 5*time.Second, created)
		readUntil(t, legacy, 5*time.Second, created)
		f := readUntil(t, mine, 5*time.Second, func(f frame) bool {
			if created(f) || f.str("conversation_id") == id {
				t.Fatalf("an agent on Mine got %v of a conversation nobody took", f)
			}
			return f.str("type") == "counts"
		})
		counts, _ := f["counts"].(map[string]any)
		if got := counts["unassigned"]; got != float64(1) {
			t.Fatalf("counts %v: got unassigned %v, want 1", counts, got)
		}
	})
}
