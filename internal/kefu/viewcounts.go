package kefu

// ActiveCount is how many active (open or pending) conversations of an organisation share one
// set of scope fields. The realtime hub sums these groups into each agent's view counts (mine,
// unassigned, all) with the agent's own scope, so one query serves every agent of the org.
type ActiveCount struct {
	Ref ConversationRef
	N   int
}

// ViewCounts are the numbers beside the workspace's list views: active conversations assigned
// to the agent, unassigned, and all that the agent may see.
type ViewCounts struct {
	Mine       int `json:"mine"`
	Unassigned int `json:"unassigned"`
	All        int `json:"all"`
}

// CountViews sums groups into the counts agent sees: the same numbers as counting the active
// conversations of each view with the agent's scope.
func CountViews(agent Actor, groups []ActiveCount) ViewCounts {
	var v ViewCounts
	for _, g := range groups {
		if !agent.SeesConversation(g.Ref) {
			continue
		}
		v.All += g.N
		switch g.Ref.AssigneeID {
		case "":
			v.Unassigned += g.N
		case agent.AgentID:
			v.Mine += g.N
		}
	}
	return v
}
