package routing

import "github.com/kefu-dev/kefu/internal/kefu"

// RaisePriority is the priority a conversation gets when rule matches it: the higher of the
// two, so routing never lowers what an agent or the API set.
func RaisePriority(current, rule kefu.Priority) kefu.Priority {
	if rule.Rank() > current.Rank() {
		return rule
	}
	return current
}

// Explain is the decision-log entry for d, made under rule with the applied target (after
// overflow) for a conversation at priority: kind assigned or queued, the chosen agent or the
// reason for waiting, and every candidate. The caller fills in the ids and the time, and uses
// another kind (overflowed, requeued, offline) where its own step decided.
func Explain(rule kefu.RoutingRule, target kefu.RoutingTarget, priority kefu.Priority, d Decision) kefu.RoutingDecision {
	kind := kefu.DecisionQueued
	if d.OK {
		kind = kefu.DecisionAssigned
	}
	candidates := d.Candidates
	if candidates == nil {
		candidates = []kefu.DecisionCandidate{}
	}
	return kefu.RoutingDecision{
		OrgID: rule.OrgID, Kind: kind, RuleID: rule.ID, RuleName: rule.Name, Target: target,
		Priority: priority, AgentID: d.AgentID, Reason: d.Reason, Candidates: candidates,
	}
}
