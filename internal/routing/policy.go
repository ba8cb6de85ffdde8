package routing

import "sort"

// Candidate is an agent who might take a conversation, as the caller sees it now.
type Candidate struct {
	AgentID  string
	Online   bool // available and connected
	Load     int  // open conversations currently assigned
	Capacity int  // most open conversations at once; 0 takes none automatically
}

// HasRoom reports whether c may be given one more conversation.
func (c Candidate) HasRoom() bool { return c.Online && c.Load < c.Capacity }

// Policy picks an agent among candidates. last is the agent the same queue picked previously
// ("" for none). ok is false when nobody may take the conversation: it then waits unassigned.
type Policy interface {
	Pick(candidates []Candidate, last string) (agentID string, ok bool)
}

// RoundRobin gives each new conversation to the next eligible agent after the last one picked,
// in a stable order, so work spreads evenly among agents who have room.
type RoundRobin struct{}

// Pick implements Policy.
func (RoundRobin) Pick(candidates []Candidate, last string) (string, bool) {
	eligible := make([]string, 0, len(candidates))
	for _, c := range candidates {
		if c.HasRoom() {
			eligible = append(eligible, c.AgentID)
		}
	}
	if len(eligible) == 0 {
		return "", false
	}
	sort.Strings(eligible)
	// The first id after last in sorted order, wrapping around; works even when last has since
	// become ineligible or left.
	i := sort.SearchStrings(eligible, last)
	if i < len(eligible) && eligible[i] == last {
		i++
	}
	return eligible[i%len(eligible)], true
}
