package routing

import "testing"

func TestRoundRobinPick(t *testing.T) {
	online := func(id string, load, capacity int) Candidate {
		return Candidate{AgentID: id, Online: true, Load: load, Capacity: capacity}
	}
	tests := []struct {
		name       string
		candidates []Candidate
		last       string
		want       string
		wantOK     bool
	}{
		{"nobody", nil, "", "", false},
		{"first pick is lowest id", []Candidate{online("b", 0, 2), online("a", 0, 2)}, "", "a", true},
		{"next after last", []Candidate{online("a", 0, 2), online("b", 0, 2), online("c", 0, 2)}, "a", "b", true},
		{"wraps around", []Candidate{online("a", 0, 2), online("b", 0, 2)}, "b", "a", true},
		{"skips full agent", []Candidate{online("a", 0, 2), online("b", 2, 2), online("c", 1, 2)}, "a", "c", true},
		{"skips offline agent", []Candidate{online("a", 0, 2), {AgentID: "b", Capacity: 5}}, "a", "a", true},
		{"zero capacity takes none", []Candidate{online("a", 0, 0)}, "", "", false},
		{"last no longer eligible", []Candidate{online("a", 0, 1), online("c", 0, 1)}, "b", "c", true},
		{"everyone full", []Candidate{online("a", 3, 3), online("b", 1, 1)}, "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := RoundRobin{}.Pick(tt.candidates, tt.last)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("Pick() = (%q, %v), want (%q, %v)", got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestRoundRobinSpreadsEvenly(t *testing.T) {
	candidates := []Candidate{
		{AgentID: "a", Online: true, Capacity: 100},
		{AgentID: "b", Online: true, Capacity: 100},
		{AgentID: "c", Online: true, Capacity: 100},
	}
	counts := map[string]int{}
	last := ""
	for range 30 {
		id, ok := RoundRobin{}.Pick(candidates, last)
		if !ok {
			t.Fatal("Pick() found nobody, want an agent")
		}
		counts[id]++
		last = id
	}
	for _, c := range candidates {
		if counts[c.AgentID] != 10 {
			t.Errorf("agent %s got %d conversations, want 10", c.AgentID, counts[c.AgentID])
		}
	}
}
