package routing

import (
	"slices"
	"strings"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// assessed is a candidate with what Decide found about it.
type assessed struct {
	c    Candidate
	dc   kefu.DecisionCandidate
	room bool // eligible, online and below capacity: may take the conversation
}

// assess judges every candidate against the request, sorted by agent id.
func assess(req Request) []assessed {
	out := make([]assessed, 0, len(req.Candidates))
	for _, c := range req.Candidates {
		out = append(out, assessOne(req, c))
	}
	slices.SortStableFunc(out, func(a, b assessed) int { return strings.Compare(a.c.AgentID, b.c.AgentID) })
	return out
}

func assessOne(req Request, c Candidate) assessed {
	dc := kefu.DecisionCandidate{
		AgentID: c.AgentID, Name: c.Name, Online: c.Online, Load: c.Load, Capacity: c.Capacity,
		Skills: requiredSkills(c.Skills, req.Target.Skills),
	}
	dc.Reason = ineligibility(req, c)
	dc.Eligible = dc.Reason == ""
	room := dc.Eligible && c.HasRoom()
	switch {
	case dc.Eligible && !c.Online:
		dc.Reason = kefu.ReasonOffline
	case dc.Eligible && !room:
		dc.Reason = kefu.ReasonFull
	}
	return assessed{c: c, dc: dc, room: room}
}

// ineligibility is why c may not take conversations of the target at all, "" when it may.
func ineligibility(req Request, c Candidate) string {
	switch {
	case slices.Contains(req.Exclude, c.AgentID):
		return ReasonExcluded
	case req.Target.TeamID != "" && !slices.Contains(c.TeamIDs, req.Target.TeamID):
		return kefu.ReasonNotInTeam
	case !hasSkills(c.Skills, req.Target.Skills):
		return kefu.ReasonMissingSkill
	}
	return ""
}

// hasSkills reports whether skills include every requirement at its minimum level or above.
func hasSkills(skills []kefu.Skill, reqs []kefu.SkillRequirement) bool {
	for _, r := range reqs {
		if level(skills, r.Name) < max(r.MinLevel, kefu.MinSkillLevel) {
			return false
		}
	}
	return true
}

// level is the agent's level in the named skill, 0 without it.
func level(skills []kefu.Skill, name string) int {
	best := 0
	for _, s := range skills {
		if sameText(s.Name, name) {
			best = max(best, s.Level)
		}
	}
	return best
}

// requiredSkills is what the decision log shows of an agent's skills: their levels in the
// required ones (those they have), never nil so it reads as [] in JSON.
func requiredSkills(skills []kefu.Skill, reqs []kefu.SkillRequirement) []kefu.Skill {
	out := []kefu.Skill{}
	for _, r := range reqs {
		if l := level(skills, r.Name); l > 0 {
			out = append(out, kefu.Skill{Name: r.Name, Level: l})
		}
	}
	return out
}

// withRoom keeps the candidates that may take the conversation now.
func withRoom(as []assessed) []assessed {
	var out []assessed
	for _, a := range as {
		if a.room {
			out = append(out, a)
		}
	}
	return out
}
