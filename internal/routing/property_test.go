package routing

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// randomRequest builds a request from a seeded generator: a few agents with random teams,
// skills, languages, load and presence, and a random target.
func randomRequest(r *rand.Rand) Request {
	pick := func(vals ...string) string { return vals[r.IntN(len(vals))] }
	var req Request
	for i := range r.IntN(8) {
		c := Candidate{AgentID: fmt.Sprintf("a%d", i), Online: r.IntN(4) > 0, Capacity: r.IntN(4)}
		c.Load = r.IntN(c.Capacity + 2)
		for range r.IntN(3) {
			c.TeamIDs = append(c.TeamIDs, pick("t1", "t2", "t3"))
			c.Skills = append(c.Skills, kefu.Skill{Name: pick("refund", "billing", "vip"), Level: 1 + r.IntN(5)})
			c.Languages = append(c.Languages, pick("zh", "en-GB", "en", "fr"))
		}
		req.Candidates = append(req.Candidates, c)
	}
	req.Target = kefu.RoutingTarget{
		TeamID: pick("", "t1", "t2"),
		Policy: kefu.AssignPolicy(pick("round_robin", "least_loaded", "manual", "")),
		Sticky: r.IntN(2) == 0,
	}
	for range r.IntN(3) {
		req.Target.Skills = append(req.Target.Skills, kefu.SkillRequirement{Name: pick("refund", "billing", "vip"), MinLevel: 1 + r.IntN(5)})
	}
	req.Language, req.LastPick = pick("", "en", "zh-CN", "de"), pick("", "a0", "a3", "zz")
	req.StickyAgentID = pick("", "a1", "a2")
	if r.IntN(4) == 0 {
		req.Exclude = []string{pick("a0", "a1", "a2")}
	}
	return req
}

// mayTake is the specification of "may take it", written independently of assess.
func mayTake(req Request, c Candidate) bool {
	if slices.Contains(req.Exclude, c.AgentID) || !c.Online || c.Load >= c.Capacity {
		return false
	}
	if req.Target.TeamID != "" && !slices.Contains(c.TeamIDs, req.Target.TeamID) {
		return false
	}
	for _, s := range req.Target.Skills {
		ok := false
		for _, h := range c.Skills {
			ok = ok || (h.Name == s.Name && h.Level >= s.MinLevel)
		}
		if !ok {
			return false
		}
	}
	return true
}

func TestDecideProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(16, 2026))
	for i := range 20000 {
		req := randomRequest(r)
		d := Decide(req)
		var able []Candidate
		for _, c := range req.Candidates {
			if mayTake(req, c) {
				able = append(able, c)
			}
		}
		name := fmt.Sprintf("case %d: %+v", i, req)
		checkDecision(t, name, req, d, able)
		checkDeterministic(t, name, req, d, r)
	}
}

func checkDecision(t *testing.T, name string, req Request, d Decision, able []Candidate) {
	t.Helper()
	manual := req.Target.Policy == kefu.PolicyManual
	switch {
	case d.OK && manual:
		t.Fatalf("%s: manual target assigned %s", name, d.AgentID)
	case d.OK && !slices.ContainsFunc(able, func(c Candidate) bool { return c.AgentID == d.AgentID }):
		t.Fatalf("%s: picked %s, who is ineligible, offline, full or excluded", name, d.AgentID)
	case !d.OK && !manual && len(able) > 0:
		t.Fatalf("%s: waits (%s) though %s may take it", name, d.Reason, able[0].AgentID)
	case !d.OK && d.Reason == "":
		t.Fatalf("%s: waits without a reason", name)
	case d.OK && req.Target.Policy == kefu.PolicyLeastLoaded && !d.Sticky:
		checkLeastLoaded(t, name, req, d, able)
	}
	if d.Sticky && (!req.Target.Sticky || d.AgentID != req.StickyAgentID) {
		t.Fatalf("%s: sticky pick of %s not asked for", name, d.AgentID)
	}
}

// checkLeastLoaded: nobody who may take it and is preferred for language has a lower ratio.
func checkLeastLoaded(t *testing.T, name string, req Request, d Decision, able []Candidate) {
	t.Helper()
	var chosen Candidate
	anySpeaker := false
	for _, c := range able {
		anySpeaker = anySpeaker || speaks(c.Languages, req.Language)
		if c.AgentID == d.AgentID {
			chosen = c
		}
	}
	for _, c := range able {
		if (!anySpeaker || speaks(c.Languages, req.Language)) && c.Load*chosen.Capacity < chosen.Load*c.Capacity {
			t.Fatalf("%s: least loaded picked %s though %s has a lower load", name, d.AgentID, c.AgentID)
		}
	}
}

// checkDeterministic: the order the candidates come in does not change the decision.
func checkDeterministic(t *testing.T, name string, req Request, d Decision, r *rand.Rand) {
	t.Helper()
	shuffled := req
	shuffled.Candidates = slices.Clone(req.Candidates)
	r.Shuffle(len(shuffled.Candidates), func(i, j int) {
		shuffled.Candidates[i], shuffled.Candidates[j] = shuffled.Candidates[j], shuffled.Candidates[i]
	})
	if got := Decide(shuffled); !reflect.DeepEqual(got, d) {
		t.Fatalf("%s: shuffled candidates decided %+v, want %+v", name, got, d)
	}
}

// TestDecideRoundRobinSpreads: with equal agents, consecutive decisions feeding back the last
// pick spread conversations evenly and never overfill anyone.
func TestDecideRoundRobinSpreads(t *testing.T) {
	cands := []Candidate{agent("a", load(0, 4)), agent("b", load(0, 4)), agent("c", load(0, 4))}
	last := ""
	for range 12 {
		d := Decide(Request{Target: kefu.RoutingTarget{Policy: kefu.PolicyRoundRobin}, Candidates: cands, LastPick: last})
		if !d.OK {
			t.Fatalf("Decide() waits (%s) with room left", d.Reason)
		}
		for i := range cands {
			if cands[i].AgentID == d.AgentID {
				cands[i].Load++
			}
		}
		last = d.AgentID
	}
	for _, c := range cands {
		if c.Load != 4 {
			t.Errorf("agent %s got %d conversations, want 4", c.AgentID, c.Load)
		}
	}
	if d := Decide(Request{Candidates: cands, LastPick: last}); d.OK || d.Reason != kefu.ReasonAllFull {
		t.Errorf("Decide() with everyone full = %+v, want waiting all_full", d)
	}
}
