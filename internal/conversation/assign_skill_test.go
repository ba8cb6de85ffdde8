package conversation_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/kefu-dev/kefu/internal/conversation"
	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/kefu/kefutest"
)

// mustSkilled creates an online-capable agent of w with the skill at level, capacity as given.
func (e *env) mustSkilled(t *testing.T, w *world, name string, skill string, level, capacity int) *kefu.Agent {
	t.Helper()
	a := newAgent(name, kefu.RoleAgent)
	a.OrgID, a.Capacity = w.org.ID, capacity
	if skill != "" {
		a.Skills = []kefu.Skill{{Name: skill, Level: level}}
	}
	kefutest.Must(t, e.st.CreateAgent(context.Background(), a))
	return a
}

// assignedTo assigns c to a as the owner and returns it as stored.
func (e *env) assignedTo(t *testing.T, w *world, c *kefu.Conversation, a *kefu.Agent) {
	t.Helper()
	_, err := e.svc.Assign(context.Background(), kefutest.AgentActor(w.owner), c.ID, assignTo(a))
	kefutest.Must(t, err)
}

// toSkill is a transfer to the skill at min level with a note.
func toSkill(name string, level int) conversation.AssignRequest {
	return conversation.AssignRequest{Skill: &kefu.SkillRequirement{Name: name, MinLevel: level}, Note: "wants a refund"}
}

// lastDecision is the newest routing decision of the conversation.
func (e *env) lastDecision(t *testing.T, w *world, id string) kefu.RoutingDecision {
	t.Helper()
	decs, err := e.st.ListRoutingDecisions(context.Background(), w.org.ID, id)
	kefutest.Must(t, err)
	if len(decs) == 0 {
		t.Fatalf("no routing decision for %s", id)
	}
	return decs[len(decs)-1]
}

// TestTransferToSkill: a transfer to a skill goes to the least loaded online agent with room
// who has the skill at the level, never to the current assignee or to one below the level; with
// nobody free it waits in the queue requiring the skill, and the drain gives it only to an agent
// with the skill once one comes online — an unskilled agent with room never gets it.
func TestTransferToSkill(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		w := e.mustWorld(t, true)
		for _, a := range []*kefu.Agent{w.owner, w.supervisor, w.colleague} {
			e.setCapacity(t, a, 0)
		}
		busy := e.mustSkilled(t, w, "Refunds busy", "refund", 5, 2)
		idle := e.mustSkilled(t, w, "Refunds idle", "Refund", 2, 3)
		junior := e.mustSkilled(t, w, "Refunds junior", "refund", 1, 5)
		late := e.mustSkilled(t, w, "Refunds late", "refund", 4, 5)
		e.presence.connect(w.agent.ID, busy.ID, idle.ID, junior.ID)
		e.setCapacity(t, w.agent, 10)
		held := e.mustConversation(t, w, w.contact)
		e.assignedTo(t, w, held, busy) // busy now has load 1, idle 0

		c := e.mustConversation(t, w, w.contact)
		e.assignedTo(t, w, c, w.agent)
		got, err := e.svc.Assign(ctx, kefutest.AgentActor(w.agent), c.ID, toSkill(" refund ", 2))
		kefutest.Must(t, err)
		if got.AssigneeID != idle.ID || len(got.RequiredSkills) != 0 {
			t.Fatalf("transfer: got assignee %q required %v, want %s (least loaded with refund ≥ 2), none required", got.AssigneeID, got.RequiredSkills, idle.Name)
		}
		d := e.lastDecision(t, w, c.ID)
		if d.Kind != kefu.DecisionAssigned || d.Reason != kefu.ReasonTransfer || d.AgentID != idle.ID || len(d.Target.Skills) != 1 {
			t.Errorf("decision = %+v, want assigned, reason transfer, to %s, target with the skill", d, idle.ID)
		}
		acts := e.activities(t, w, c.ID)
		if last := acts[len(acts)-1]; last.AssigneeID != idle.ID || last.ByID != w.agent.ID {
			t.Errorf("activity = %+v, want assigned to %s by %s", last, idle.ID, w.agent.ID)
		}
		if msgs := e.messages(t, w, c.ID); msgs[len(msgs)-1].Kind != kefu.KindNote || msgs[len(msgs)-1].Content != "wants a refund" {
			t.Errorf("last message = %+v, want the note", msgs[len(msgs)-1])
		}

		// idle has it now; a transfer of idle's own conversation must not come back to idle.
		_, err = e.svc.Assign(ctx, kefutest.AgentActor(idle), c.ID, toSkill("refund", 3))
		kefutest.Must(t, err)
		if got := e.conversation(t, w, c.ID).AssigneeID; got != busy.ID {
			t.Errorf("transfer by the holder: went to %q, want %s (the only other with refund ≥ 3)", got, busy.ID)
		}

		// busy is full now and nobody else online has refund ≥ 4: it waits requiring the skill.
		q := e.mustConversation(t, w, w.other)
		e.assignedTo(t, w, q, w.agent)
		got, err = e.svc.Assign(ctx, kefutest.AgentActor(w.supervisor), q.ID, toSkill("refund", 4))
		kefutest.Must(t, err)
		want := []kefu.SkillRequirement{{Name: "refund", MinLevel: 4}}
		stored := e.conversation(t, w, q.ID)
		if got.AssigneeID != "" || stored.AssigneeID != "" || !slices.Equal(stored.RequiredSkills, want) || stored.WaitingSince == nil {
			t.Fatalf("queued transfer: got assignee %q, stored %q required %v waiting %v; want unassigned, waiting, requiring %v",
				got.AssigneeID, stored.AssigneeID, stored.RequiredSkills, stored.WaitingSince, want)
		}
		if d := e.lastDecision(t, w, q.ID); d.Kind != kefu.DecisionQueued || d.Reason != kefu.ReasonTransfer {
			t.Errorf("decision = %+v, want queued, reason transfer", d)
		}
		if _, err := e.svc.DrainQueue(ctx, w.org.ID); err != nil {
			t.Fatal(err)
		}
		if got := e.conversation(t, w, q.ID).AssigneeID; got != "" {
			t.Fatalf("drain gave the skill transfer to %q; want it waiting (w.agent and %s have room but not refund ≥ 4)", got, junior.Name)
		}
		e.presence.connect(late.ID)
		if _, err := e.svc.DrainQueue(ctx, w.org.ID); err != nil {
			t.Fatal(err)
		}
		after := e.conversation(t, w, q.ID)
		if after.AssigneeID != late.ID || len(after.RequiredSkills) != 0 {
			t.Errorf("after %s came online: assignee %q required %v, want %s and the requirement cleared", late.Name, after.AssigneeID, after.RequiredSkills, late.ID)
		}
		body, err := json.Marshal(after)
		kefutest.Must(t, err)
		if strings.Contains(string(body), "required_skills") {
			t.Errorf("conversation JSON %s still names required_skills", body)
		}
	})
}

// TestTransferToSkillValidates: the skill must be one an agent of the organisation has, at a
// level from 1 to 5, and never together with an assignee; nothing is written when refused.
func TestTransferToSkillValidates(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		w := e.mustWorld(t, false)
		e.mustSkilled(t, w, "Refunds", "refund", 3, 5)
		tests := []struct {
			name      string
			req       conversation.AssignRequest
			wantField string
		}{
			{"unknown skill", toSkill("astrology", 1), "skill.name"},
			{"blank skill", toSkill("  ", 1), "skill.name"},
			{"level 0", toSkill("refund", 0), "skill.min_level"},
			{"level 6", toSkill("refund", 6), "skill.min_level"},
			{"with an assignee", conversation.AssignRequest{AssigneeID: ptr(w.agent.ID), Skill: &kefu.SkillRequirement{Name: "refund", MinLevel: 1}}, "skill"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				c := e.mustConversation(t, w, w.contact)
				_, err := e.svc.Assign(context.Background(), kefutest.AgentActor(w.supervisor), c.ID, tt.req)
				kefutest.WantField(t, "Assign", err, tt.wantField)
				if after := e.conversation(t, w, c.ID); after.AssigneeID != "" || after.LastSeq != 0 || len(after.RequiredSkills) != 0 {
					t.Errorf("refused: got assignee %q last seq %d required %v, want nothing written", after.AssigneeID, after.LastSeq, after.RequiredSkills)
				}
			})
		}
	})
}
