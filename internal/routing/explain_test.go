package routing

import (
	"testing"

	"github.com/kefu-dev/kefu/internal/kefu"
)

func TestRaisePriority(t *testing.T) {
	tests := []struct {
		name          string
		current, rule kefu.Priority
		want          kefu.Priority
	}{
		{"rule raises", kefu.PriorityNone, kefu.PriorityUrgent, kefu.PriorityUrgent},
		{"rule never lowers", kefu.PriorityHigh, kefu.PriorityLow, kefu.PriorityHigh},
		{"equal stays", kefu.PriorityMedium, kefu.PriorityMedium, kefu.PriorityMedium},
		{"rule none keeps current", kefu.PriorityLow, kefu.PriorityNone, kefu.PriorityLow},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := RaisePriority(tt.current, tt.rule); got != tt.want {
				t.Errorf("RaisePriority(%s, %s) = %s, want %s", tt.current, tt.rule, got, tt.want)
			}
		})
	}
}

func TestExplain(t *testing.T) {
	rule := kefu.RoutingRule{ID: "r1", OrgID: "o1", Name: "退款", Target: kefu.RoutingTarget{TeamID: "after", Policy: kefu.PolicyLeastLoaded}}
	target := kefu.RoutingTarget{TeamID: "all", Policy: kefu.PolicyLeastLoaded}
	assigned := Explain(rule, target, kefu.PriorityUrgent, Decide(Request{Target: target, Candidates: []Candidate{agent("a", teams("all"))}}))
	if assigned.Kind != kefu.DecisionAssigned || assigned.AgentID != "a" || assigned.Reason != kefu.ReasonChosen ||
		assigned.RuleID != "r1" || assigned.RuleName != "退款" || assigned.OrgID != "o1" || assigned.Target.TeamID != "all" ||
		assigned.Priority != kefu.PriorityUrgent || len(assigned.Candidates) != 1 {
		t.Errorf("Explain(assigned) = %+v", assigned)
	}
	queued := Explain(rule, target, kefu.PriorityNone, Decide(Request{Target: target}))
	if queued.Kind != kefu.DecisionQueued || queued.AgentID != "" || queued.Reason != kefu.ReasonNoneEligible || queued.Candidates == nil {
		t.Errorf("Explain(queued) = %+v, want queued, no_eligible_agent, candidates []", queued)
	}
}
