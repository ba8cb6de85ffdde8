package routing

import (
	"slices"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// Candidate is an agent who might take a conversation, as the caller sees it now: one of the
// inbox's agents, not disabled. Decide works out the rest (team, skills, room, language).
type Candidate struct {
	AgentID   string
	Name      string
	Online    bool         // available and connected
	Load      int          // open conversations currently assigned
	Capacity  int          // most open conversations at once; 0 takes none automatically
	Skills    []kefu.Skill // what the agent is good at, and how good
	Languages []string     // BCP 47 tags the agent speaks, e.g. zh-CN, en
	TeamIDs   []string     // the teams the agent belongs to
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
	return nextAfter(eligible, last), true
}

// nextAfter is the first id after last in sorted order, wrapping around; it works even when
// last has since become ineligible or left. ids must not be empty; it is not modified.
func nextAfter(ids []string, last string) string {
	sorted := slices.Clone(ids)
	slices.Sort(sorted)
	i, found := slices.BinarySearch(sorted, last)
	if found {
		i++
	}
	return sorted[i%len(sorted)]
}
