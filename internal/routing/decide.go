package routing

import (
	"github.com/kefu-dev/kefu/internal/kefu"
)

// ReasonExcluded marks a candidate the caller ruled out for this conversation, e.g. the agent
// whose accept timeout just gave it back to the queue. (The other reasons are kefu.Reason*.)
const ReasonExcluded = "excluded"

// Request is everything Decide needs to choose an agent for one conversation.
type Request struct {
	Target        kefu.RoutingTarget // as EffectiveTarget returned it
	Candidates    []Candidate        // the inbox's agents, not disabled
	Language      string             // the conversation's language; agents speaking it go first
	LastPick      string             // the agent this target's round robin picked last
	StickyAgentID string             // the contact's last agent within the sticky days, if any
	Exclude       []string           // agents that must not get it this time
}

// Decision is what Decide chose and why. OK means AgentID gets the conversation; otherwise it
// waits and Reason says why (kefu.ReasonNoneEligible, ReasonNoneOnline, ReasonAllFull,
// ReasonManualPolicy). Candidates lists every candidate, sorted by agent id, with its own
// reason, ready for the decision log.
type Decision struct {
	AgentID    string
	OK         bool
	Sticky     bool
	Reason     string
	Candidates []kefu.DecisionCandidate
}

// Decide chooses an agent for req.Target among req.Candidates: eligible ones (in the target's
// team, with every required skill) that are online and below capacity; those speaking the
// conversation's language first; the sticky agent when the target is sticky and they qualify;
// else by the target's policy. It is deterministic: the same request gives the same decision.
func Decide(req Request) Decision {
	as := assess(req)
	d := Decision{Candidates: make([]kefu.DecisionCandidate, len(as))}
	pool := withRoom(as)
	if reason := waitReason(req.Target, as, pool); reason != "" {
		d.Reason = reason
	} else {
		d.AgentID, d.Sticky = choose(req, pool)
		d.OK, d.Reason = true, chosenReason(d.Sticky)
	}
	for i, a := range as {
		if a.c.AgentID == d.AgentID && d.OK {
			a.dc.Reason = d.Reason
		}
		d.Candidates[i] = a.dc
	}
	return d
}

// choose picks from a non-empty pool: the sticky agent if allowed, else by policy among the
// agents speaking the conversation's language (all of them when none does).
func choose(req Request, pool []assessed) (agentID string, sticky bool) {
	if req.Target.Sticky && req.StickyAgentID != "" {
		for _, a := range pool {
			if a.c.AgentID == req.StickyAgentID {
				return a.c.AgentID, true
			}
		}
	}
	pool = preferLanguage(pool, req.Language)
	if req.Target.Policy == kefu.PolicyLeastLoaded {
		return leastLoaded(pool, req.LastPick), false
	}
	return nextAfter(ids(pool), req.LastPick), false
}

func chosenReason(sticky bool) string {
	if sticky {
		return kefu.ReasonSticky
	}
	return kefu.ReasonChosen
}

// waitReason says why nobody gets the conversation, "" when someone may. The most basic lack
// wins: nobody eligible, then nobody of them online, then everyone full; a manual target with
// agents free still waits, for an agent to take it.
func waitReason(t kefu.RoutingTarget, as []assessed, pool []assessed) string {
	eligible, online := false, false
	for _, a := range as {
		eligible = eligible || a.dc.Eligible
		online = online || (a.dc.Eligible && a.c.Online)
	}
	switch {
	case !eligible:
		return kefu.ReasonNoneEligible
	case !online:
		return kefu.ReasonNoneOnline
	case len(pool) == 0:
		return kefu.ReasonAllFull
	case t.Policy == kefu.PolicyManual:
		return kefu.ReasonManualPolicy
	}
	return ""
}

// preferLanguage keeps the agents who speak lang, or everyone when nobody does or lang is
// unknown: a language is a preference, never a reason to wait.
func preferLanguage(pool []assessed, lang string) []assessed {
	var speakers []assessed
	for _, a := range pool {
		if speaks(a.c.Languages, lang) {
			speakers = append(speakers, a)
		}
	}
	if len(speakers) == 0 {
		return pool
	}
	return speakers
}

// leastLoaded picks the agent with the lowest load relative to capacity; ties go round robin.
func leastLoaded(pool []assessed, last string) string {
	best := []assessed{pool[0]}
	for _, a := range pool[1:] {
		switch cmpLoad(a.c, best[0].c) {
		case -1:
			best = []assessed{a}
		case 0:
			best = append(best, a)
		}
	}
	return nextAfter(ids(best), last)
}

// cmpLoad compares load/capacity ratios exactly (cross-multiplied; both capacities are ≥ 1
// for agents with room).
func cmpLoad(a, b Candidate) int {
	x, y := a.Load*b.Capacity, b.Load*a.Capacity
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

func ids(pool []assessed) []string {
	out := make([]string, len(pool))
	for i, a := range pool {
		out[i] = a.c.AgentID
	}
	return out
}
