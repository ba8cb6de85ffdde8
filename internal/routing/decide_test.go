package routing

import (
	"testing"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// agent is an online candidate with room for 2 and no load.
func agent(id string, opts ...func(*Candidate)) Candidate {
	c := Candidate{AgentID: id, Name: "Agent " + id, Online: true, Capacity: 2}
	for _, o := range opts {
		o(&c)
	}
	return c
}

func load(n, capacity int) func(*Candidate) {
	return func(c *Candidate) { c.Load, c.Capacity = n, capacity }
}
func offline(c *Candidate) { c.Online = false }
func teams(ids ...string) func(*Candidate) {
	return func(c *Candidate) { c.TeamIDs = ids }
}
func skill(name string, lvl int) func(*Candidate) {
	return func(c *Candidate) { c.Skills = append(c.Skills, kefu.Skill{Name: name, Level: lvl}) }
}
func langs(l ...string) func(*Candidate) {
	return func(c *Candidate) { c.Languages = l }
}

func TestDecide(t *testing.T) {
	rr := kefu.RoutingTarget{Policy: kefu.PolicyRoundRobin}
	ll := kefu.RoutingTarget{Policy: kefu.PolicyLeastLoaded}
	refunds := kefu.RoutingTarget{TeamID: "after", Skills: []kefu.SkillRequirement{{Name: "退款", MinLevel: 3}}}
	sticky := kefu.RoutingTarget{Policy: kefu.PolicyRoundRobin, Sticky: true}
	tests := []struct {
		name       string
		req        Request
		wantAgent  string
		wantReason string
		wantSticky bool
	}{
		{"nobody at all", Request{Target: rr}, "", kefu.ReasonNoneEligible, false},
		{"round robin first pick is lowest id", Request{Target: rr, Candidates: []Candidate{agent("b"), agent("a")}}, "a", kefu.ReasonChosen, false},
		{"round robin next after last", Request{Target: rr, Candidates: []Candidate{agent("a"), agent("b"), agent("c")}, LastPick: "b"}, "c", kefu.ReasonChosen, false},
		{"round robin wraps", Request{Target: rr, Candidates: []Candidate{agent("a"), agent("b")}, LastPick: "b"}, "a", kefu.ReasonChosen, false},
		{"empty policy is round robin", Request{Candidates: []Candidate{agent("a"), agent("b")}, LastPick: "a"}, "b", kefu.ReasonChosen, false},
		{"skips full and offline", Request{Target: rr, Candidates: []Candidate{agent("a", load(2, 2)), agent("b", offline), agent("c")}}, "c", kefu.ReasonChosen, false},
		{"all offline", Request{Target: rr, Candidates: []Candidate{agent("a", offline), agent("b", offline)}}, "", kefu.ReasonNoneOnline, false},
		{"all full", Request{Target: rr, Candidates: []Candidate{agent("a", load(2, 2)), agent("b", offline), agent("c", load(0, 0))}}, "", kefu.ReasonAllFull, false},
		{"least loaded by ratio", Request{Target: ll, Candidates: []Candidate{agent("a", load(1, 2)), agent("b", load(2, 5)), agent("c", load(0, 0))}}, "b", kefu.ReasonChosen, false},
		{"least loaded tie goes round robin", Request{Target: ll, Candidates: []Candidate{agent("a", load(1, 2)), agent("b", load(2, 4)), agent("c", load(1, 2))}, LastPick: "a"}, "b", kefu.ReasonChosen, false},
		{"least loaded tie wraps", Request{Target: ll, Candidates: []Candidate{agent("a", load(1, 2)), agent("b", load(2, 4)), agent("c", load(3, 3))}, LastPick: "b"}, "a", kefu.ReasonChosen, false},
		{"manual waits though agents are free", Request{Target: kefu.RoutingTarget{Policy: kefu.PolicyManual}, Candidates: []Candidate{agent("a")}}, "", kefu.ReasonManualPolicy, false},
		{"manual with all offline says so", Request{Target: kefu.RoutingTarget{Policy: kefu.PolicyManual}, Candidates: []Candidate{agent("a", offline)}}, "", kefu.ReasonNoneOnline, false},
		{"team and skill", Request{Target: refunds, Candidates: []Candidate{
			agent("a", skill("退款", 5)), agent("b", teams("after"), skill("退款", 2)), agent("c", teams("x", "after"), skill("退款", 3)),
		}}, "c", kefu.ReasonChosen, false},
		{"skill names ignore case", Request{Target: kefu.RoutingTarget{Skills: []kefu.SkillRequirement{{Name: "Billing", MinLevel: 1}}}, Candidates: []Candidate{agent("a"), agent("b", skill("billing ", 1))}}, "b", kefu.ReasonChosen, false},
		{"every skill required", Request{Target: kefu.RoutingTarget{Skills: []kefu.SkillRequirement{{Name: "x", MinLevel: 1}, {Name: "y", MinLevel: 1}}}, Candidates: []Candidate{agent("a", skill("x", 5)), agent("b", skill("y", 5))}}, "", kefu.ReasonNoneEligible, false},
		{"min level 0 still needs the skill", Request{Target: kefu.RoutingTarget{Skills: []kefu.SkillRequirement{{Name: "x"}}}, Candidates: []Candidate{agent("a"), agent("b", skill("x", 1))}}, "b", kefu.ReasonChosen, false},
		{"eligible but offline, ineligible online", Request{Target: refunds, Candidates: []Candidate{agent("a"), agent("b", offline, teams("after"), skill("退款", 4))}}, "", kefu.ReasonNoneOnline, false},
		{"language preferred", Request{Target: rr, Language: "en-GB", Candidates: []Candidate{agent("a", langs("zh")), agent("b", langs("zh", "en")), agent("c")}}, "b", kefu.ReasonChosen, false},
		{"language preference keeps round robin among speakers", Request{Target: rr, Language: "zh", LastPick: "a", Candidates: []Candidate{agent("a", langs("zh-CN")), agent("b"), agent("c", langs("zh_TW"))}}, "c", kefu.ReasonChosen, false},
		{"nobody speaks it: anyone", Request{Target: rr, Language: "fr", Candidates: []Candidate{agent("a", langs("zh"))}}, "a", kefu.ReasonChosen, false},
		{"language speaker full: someone else", Request{Target: rr, Language: "en", Candidates: []Candidate{agent("a", langs("en"), load(2, 2)), agent("b")}}, "b", kefu.ReasonChosen, false},
		{"sticky agent wins", Request{Target: sticky, StickyAgentID: "c", Candidates: []Candidate{agent("a"), agent("c")}}, "c", kefu.ReasonSticky, true},
		{"sticky beats language", Request{Target: sticky, StickyAgentID: "c", Language: "en", Candidates: []Candidate{agent("a", langs("en")), agent("c")}}, "c", kefu.ReasonSticky, true},
		{"sticky agent full", Request{Target: sticky, StickyAgentID: "c", Candidates: []Candidate{agent("a"), agent("c", load(2, 2))}}, "a", kefu.ReasonChosen, false},
		{"sticky agent not eligible", Request{Target: kefu.RoutingTarget{TeamID: "t", Sticky: true}, StickyAgentID: "c", Candidates: []Candidate{agent("a", teams("t")), agent("c")}}, "a", kefu.ReasonChosen, false},
		{"sticky off ignores last agent", Request{Target: rr, StickyAgentID: "c", Candidates: []Candidate{agent("a"), agent("c")}}, "a", kefu.ReasonChosen, false},
		{"sticky under manual still waits", Request{Target: kefu.RoutingTarget{Policy: kefu.PolicyManual, Sticky: true}, StickyAgentID: "a", Candidates: []Candidate{agent("a")}}, "", kefu.ReasonManualPolicy, false},
		{"excluded agent skipped", Request{Target: rr, Exclude: []string{"a"}, Candidates: []Candidate{agent("a"), agent("b")}}, "b", kefu.ReasonChosen, false},
		{"only agent excluded", Request{Target: sticky, StickyAgentID: "a", Exclude: []string{"a"}, Candidates: []Candidate{agent("a")}}, "", kefu.ReasonNoneEligible, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Decide(tt.req)
			if d.AgentID != tt.wantAgent || d.OK != (tt.wantAgent != "") || d.Reason != tt.wantReason || d.Sticky != tt.wantSticky {
				t.Errorf("Decide() = (%q ok=%v reason=%q sticky=%v), want (%q reason=%q sticky=%v)",
					d.AgentID, d.OK, d.Reason, d.Sticky, tt.wantAgent, tt.wantReason, tt.wantSticky)
			}
			if len(d.Candidates) != len(tt.req.Candidates) {
				t.Errorf("Decide() explained %d candidates, want %d", len(d.Candidates), len(tt.req.Candidates))
			}
		})
	}
}

func TestDecideExplainsCandidates(t *testing.T) {
	target := kefu.RoutingTarget{TeamID: "after", Skills: []kefu.SkillRequirement{{Name: "退款", MinLevel: 3}}, Policy: kefu.PolicyRoundRobin}
	d := Decide(Request{Target: target, Exclude: []string{"f"}, Candidates: []Candidate{
		agent("e", teams("after"), skill("退款", 3), skill("english", 5)),
		agent("a", skill("退款", 5)),
		agent("b", teams("after"), skill("退款", 2)),
		agent("c", teams("after"), skill("退款", 4), offline),
		agent("d", teams("after"), skill("退款", 4), load(2, 2)),
		agent("f", teams("after"), skill("退款", 4)),
		agent("g", teams("after"), skill("退款", 4)),
	}})
	want := []struct {
		id       string
		eligible bool
		reason   string
		skills   int
	}{
		{"a", false, kefu.ReasonNotInTeam, 1},
		{"b", false, kefu.ReasonMissingSkill, 1},
		{"c", true, kefu.ReasonOffline, 1},
		{"d", true, kefu.ReasonFull, 1},
		{"e", true, kefu.ReasonChosen, 1},
		{"f", false, ReasonExcluded, 1},
		{"g", true, "", 1},
	}
	if len(d.Candidates) != len(want) {
		t.Fatalf("Decide() explained %d candidates, want %d", len(d.Candidates), len(want))
	}
	for i, w := range want {
		c := d.Candidates[i]
		if c.AgentID != w.id || c.Eligible != w.eligible || c.Reason != w.reason || len(c.Skills) != w.skills {
			t.Errorf("candidate %d = %+v, want id %s eligible %v reason %q with %d skills", i, c, w.id, w.eligible, w.reason, w.skills)
		}
	}
	if s := d.Candidates[4].Skills; s[0] != (kefu.Skill{Name: "退款", Level: 3}) {
		t.Errorf("chosen agent's skills = %+v, want only the required 退款 at 3", s)
	}
	if d.Candidates[3].Load != 2 || d.Candidates[3].Capacity != 2 || d.Candidates[0].Name != "Agent a" {
		t.Errorf("candidates lost load, capacity or name: %+v", d.Candidates)
	}
}

func TestDecideSkillsNeverNil(t *testing.T) {
	d := Decide(Request{Candidates: []Candidate{agent("a")}})
	if d.Candidates[0].Skills == nil {
		t.Error("candidate skills = nil, want [] so the log's JSON shows an empty list")
	}
}
