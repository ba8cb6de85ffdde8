package kefu

import "testing"

func TestConversationScopeSees(t *testing.T) {
	teams := &ConversationScope{AgentID: "me", Teams: true, Queue: true, TeamIDs: []string{"t1"}, InboxIDs: []string{"i1"}}
	assigned := &ConversationScope{AgentID: "me"}
	queue := &ConversationScope{AgentID: "me", Queue: true, TeamIDs: []string{"t1"}, InboxIDs: []string{"i1"}}
	cases := []struct {
		name  string
		scope *ConversationScope
		conv  ConversationRef
		want  bool
	}{
		{"no scope sees all", nil, ConversationRef{InboxID: "i9"}, true},
		{"team: own team", teams, ConversationRef{InboxID: "i9", TeamID: "t1", AssigneeID: "other"}, true},
		{"team: team's inbox", teams, ConversationRef{InboxID: "i1", AssigneeID: "other"}, true},
		{"team: assigned to me elsewhere", teams, ConversationRef{InboxID: "i9", AssigneeID: "me"}, true},
		{"team: another team's", teams, ConversationRef{InboxID: "i9", TeamID: "t2"}, false},
		{"assigned: mine", assigned, ConversationRef{InboxID: "i1", AssigneeID: "me"}, true},
		{"assigned: unassigned", assigned, ConversationRef{InboxID: "i1"}, false},
		{"queue: unassigned in team inbox", queue, ConversationRef{InboxID: "i1"}, true},
		{"queue: a colleague's in team inbox", queue, ConversationRef{InboxID: "i1", AssigneeID: "other"}, false},
		{"queue: unassigned elsewhere", queue, ConversationRef{InboxID: "i9"}, false},
	}
	for _, c := range cases {
		if got := c.scope.Sees(c.conv); got != c.want {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
	}
}

func TestScopeFor(t *testing.T) {
	agent := RoleAgent.Permissions()
	if ScopeFor("me", agent, false) != nil || ScopeFor("me", agent, true) != nil {
		t.Error("an actor with conversations.view_all got a scope")
	}
	s := ScopeFor("me", agent&^Perms(PermConversationsViewAll), true)
	if s == nil || !s.Teams || !s.Queue || s.AgentID != "me" {
		t.Errorf("team-scoped agent: got %+v, want teams and queue", s)
	}
	if s := ScopeFor("me", Perms(PermConversationsViewAssigned), true); s == nil || s.Teams || s.Queue || s.NeedsTeams() {
		t.Errorf("assigned-only reader: got %+v, want neither teams nor queue", s)
	}
}

func TestEffectivePermsUnderTeamScoping(t *testing.T) {
	a := Agent{Role: RoleAgent, Perms: RoleAgent.Permissions(), OrgTeamScoping: true}
	if a.EffectivePerms().Has(PermConversationsViewAll) || !a.EffectivePerms().Has(PermConversationsViewTeam) {
		t.Errorf("built-in agent under team scoping: got %v", a.EffectivePerms().Names())
	}
	sup := Agent{Role: RoleSupervisor, Perms: RoleSupervisor.Permissions(), OrgTeamScoping: true}
	if !sup.EffectivePerms().Has(PermConversationsViewAll) {
		t.Error("a supervisor lost conversations.view_all under team scoping")
	}
}

func TestActorSeesEvent(t *testing.T) {
	scoped := Actor{Kind: ActorAgent, OrgID: "o", AgentID: "me", Role: RoleAgent, Perms: Perms(PermConversationsViewTeam),
		Scope: &ConversationScope{AgentID: "me", Teams: true, TeamIDs: []string{"t1"}}}
	all := Actor{Kind: ActorAgent, OrgID: "o", AgentID: "x", Role: RoleAgent}
	if !scoped.SeesEvent("", ConversationRef{}, false) {
		t.Error("an event about no conversation did not reach a scoped agent")
	}
	if scoped.SeesEvent("c", ConversationRef{}, false) || !all.SeesEvent("c", ConversationRef{}, false) {
		t.Error("an event without scope fields: want it only for unscoped agents")
	}
	if !scoped.SeesEvent("c", ConversationRef{TeamID: "t1"}, true) || scoped.SeesEvent("c", ConversationRef{TeamID: "t2"}, true) {
		t.Error("scoped agent: want own team's events only")
	}
	custom := Actor{Kind: ActorAgent, OrgID: "o", AgentID: "y", Role: RoleCustom}
	if custom.Permissions() != 0 || custom.SeesEvent("c", ConversationRef{}, true) {
		t.Error("a custom role with no permissions fell back to a built-in set")
	}
}
