package realtime

import (
	"strings"
	"testing"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// TestHubReadGoesToItsAgentOnly: an agent's read marker is private. Every connection of that
// agent gets it (their other tabs); another agent of the organisation and the visitor get
// nothing, even when the event names the contact.
func TestHubReadGoesToItsAgentOnly(t *testing.T) {
	h := NewHub(HubOptions{})
	actor := func(id string) kefu.Actor {
		return kefu.Actor{Kind: kefu.ActorAgent, OrgID: "o1", AgentID: id, Role: kefu.RoleAgent}
	}
	tab1, tab2, colleague := registered(t, h, actor("a")), registered(t, h, actor("a")), registered(t, h, actor("b"))
	visitor := registered(t, h, kefu.Actor{Kind: kefu.ActorVisitor, OrgID: "o1", InboxID: "i1", ContactID: "c1"})
	for _, c := range []*conn{tab1, tab2, colleague, visitor} {
		drain(c) // presence
	}
	h.Publish([]kefu.Event{{OrgID: "o1", Type: kefu.EventRead, ConversationID: "cv", ContactID: "c1", InboxID: "i1",
		Read: &kefu.ReadMarker{AgentID: "a", Seq: 7}, ForAgentID: "a"}})
	for name, c := range map[string]*conn{"first tab": tab1, "second tab": tab2} {
		got := drain(c)
		if len(got) != 1 || !strings.Contains(string(got[0].frame), `"read":{"agent_id":"a","seq":7}`) {
			t.Errorf("%s got %+v, want the read frame", name, got)
		}
	}
	for name, c := range map[string]*conn{"another agent": colleague, "the visitor": visitor} {
		if got := drain(c); len(got) != 0 {
			t.Errorf("%s got %d items (%s), want none", name, len(got), got[0].frame)
		}
	}
}
