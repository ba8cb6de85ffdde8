package main

import (
	"slices"
	"testing"
)

type queueStatus struct {
	State           string `json:"state"`
	AgentsAvailable bool   `json:"agents_available"`
	Assigned        bool   `json:"assigned"`
	Position        int    `json:"position"`
	Wait            int    `json:"estimated_wait_seconds"`
}

// TestWidgetOfflineMessage: a conversation a visitor starts while nobody of the inbox is online
// is "offline" in the queue (no position, no estimate), carries the offline_message label for
// agents and says offline_message to the visitor; it is a message to follow up, never queued, so
// an agent coming online gives it no queue place; an agent can still take it.
func TestWidgetOfflineMessage(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		s := MustRunMain(t, testConfig(t, db))
		o := s.mustSetupOrg("Offline")
		v := s.mustVisitor(o.WidgetKey)
		conv := s.mustStartConversation(v, "are you there?")
		queue := func() queueStatus {
			var q queueStatus
			s.mustDo(200, "GET", "/api/v1/widget/conversations/"+conv+"/queue", v.Token, nil).JSON(t, &q)
			return q
		}
		if got, want := queue(), (queueStatus{State: "offline"}); got != want {
			t.Errorf("queue with nobody online: got %+v, want %+v", got, want)
		}
		var mine struct {
			Conversations []struct {
				ID             string `json:"id"`
				OfflineMessage bool   `json:"offline_message"`
			} `json:"conversations"`
		}
		s.mustDo(200, "GET", "/api/v1/widget/conversations", v.Token, nil).JSON(t, &mine)
		if len(mine.Conversations) != 1 || !mine.Conversations[0].OfflineMessage {
			t.Errorf("the visitor's conversations = %+v, want the one, marked offline_message", mine.Conversations)
		}
		var agentView struct {
			Labels []string `json:"labels"`
		}
		s.mustDo(200, "GET", "/api/v1/conversations/"+conv, o.Tokens["owner"], nil).JSON(t, &agentView)
		if !slices.Contains(agentView.Labels, "offline_message") {
			t.Errorf("agents see labels %v, want offline_message", agentView.Labels)
		}

		s.connectAgent(o.Tokens["agent"])
		if got, want := queue(), (queueStatus{State: "offline", AgentsAvailable: true}); got != want {
			t.Errorf("queue of the offline message once an agent is online: got %+v, want %+v", got, want)
		}
		s.mustDo(200, "POST", "/api/v1/conversations/"+conv+"/assign", o.Tokens["owner"], map[string]any{"assignee_id": o.AgentIDs["agent"]})
		if got, want := queue(), (queueStatus{State: "assigned", AgentsAvailable: true, Assigned: true}); got != want {
			t.Errorf("queue once assigned: got %+v, want %+v", got, want)
		}
		second := s.mustVisitor(o.WidgetKey)
		s.mustStartConversation(second, "hi")
		s.mustDo(200, "GET", "/api/v1/widget/conversations", second.Token, nil).JSON(t, &mine)
		if len(mine.Conversations) != 1 || mine.Conversations[0].OfflineMessage {
			t.Errorf("a conversation started while an agent is online = %+v, want not offline_message", mine.Conversations)
		}
	})
}
