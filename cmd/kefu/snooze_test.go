package main

import (
	"testing"
	"time"
)

// TestSnoozeWakesUp snoozes a conversation briefly and waits for kefu to reopen it.
func TestSnoozeWakesUp(t *testing.T) {
	cfg := testConfig(t, databases()[0])
	s := mustRun(t, &Main{Config: cfg, Version: "test", SnoozeCheck: 20 * time.Millisecond})
	o := s.mustSetupOrg("Snooze")
	conv := s.mustStartConversation(s.mustVisitor(o.WidgetKey), "call me tomorrow")
	token := o.Tokens["agent"]
	if r := s.do("POST", "/api/v1/conversations/"+conv+"/status", token, map[string]any{"status": "snoozed", "snoozed_until": time.Now().Add(-time.Minute)}); r.Status != 422 {
		t.Errorf("snoozing into the past: status %d, want 422", r.Status)
	}
	s.mustDo(200, "POST", "/api/v1/conversations/"+conv+"/status", token, map[string]any{"status": "snoozed", "snoozed_until": time.Now().Add(300 * time.Millisecond)})
	status := func() string {
		var c struct {
			Status string `json:"status"`
		}
		s.mustDo(200, "GET", "/api/v1/conversations/"+conv, token, nil).JSON(t, &c)
		return c.Status
	}
	if got := status(); got != "snoozed" {
		t.Fatalf("status right after snoozing = %q, want snoozed", got)
	}
	waitFor(t, 5*time.Second, "the snooze to end", func() bool { return status() == "open" })
}
