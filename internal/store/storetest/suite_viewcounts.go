package storetest

import (
	"context"
	"testing"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/store"
)

// testActiveConversationCounts: the grouped counts hold the open and pending conversations of
// the organisation only, one group per (inbox, team, assignee), and summed for an agent they
// give the same numbers as counting each view.
func testActiveConversationCounts(t *testing.T, open func(t *testing.T) *store.Store) {
	s := open(t)
	ctx := context.Background()
	w := newWorld(t, s)
	a := w.newAgent(t, "A")
	team := &kefu.Team{OrgID: w.org.ID, Name: "T"}
	must(t, s.CreateTeam(ctx, team))
	mine := w.newConversation(t).ID
	w.update(t, mine, func(c *kefu.Conversation) { c.AssigneeID, c.Status = a.ID, kefu.StatusPending })
	teamed := w.newConversation(t).ID
	w.update(t, teamed, func(c *kefu.Conversation) { c.TeamID = team.ID })
	resolved := w.newConversation(t).ID
	w.update(t, resolved, func(c *kefu.Conversation) { c.Status = kefu.StatusResolved })
	newWorld(t, s).newConversation(t) // another organisation's never count

	groups, err := s.ActiveConversationCounts(ctx, w.org.ID)
	must(t, err)
	got := map[kefu.ConversationRef]int{}
	for _, g := range groups {
		got[g.Ref] += g.N
	}
	want := map[kefu.ConversationRef]int{
		{InboxID: w.inbox.ID}:                   1, // w.conv, open and nobody's
		{InboxID: w.inbox.ID, AssigneeID: a.ID}: 1,
		{InboxID: w.inbox.ID, TeamID: team.ID}:  1,
	}
	if len(got) != len(want) || len(groups) != len(want) {
		t.Fatalf("got groups %v, want %v", groups, want)
	}
	for ref, n := range want {
		if got[ref] != n {
			t.Errorf("group %+v: got %d, want %d", ref, got[ref], n)
		}
	}
	agent := kefu.Actor{Kind: kefu.ActorAgent, OrgID: w.org.ID, AgentID: a.ID, Role: kefu.RoleAgent}
	if v, want := kefu.CountViews(agent, groups), (kefu.ViewCounts{Mine: 1, Unassigned: 2, All: 3}); v != want {
		t.Errorf("CountViews got %+v, want %+v", v, want)
	}
}
