package conversation_test

import (
	"context"
	"strings"
	"testing"

	"github.com/kefu-dev/kefu/internal/conversation"
	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/kefu/kefutest"
)

// TestAssignRules: supervisors and above may do anything; an agent may take an unassigned
// conversation for themselves and hand on one they own, but never take one from a colleague.
// A refused assignment changes nothing and records nothing.
func TestAssignRules(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		w := e.mustWorld(t, false)
		team := &kefu.Team{OrgID: w.org.ID, Name: "Sales"}
		kefutest.Must(t, e.st.CreateTeam(context.Background(), team))
		id := func(a *kefu.Agent) *string { return ptr(a.ID) }
		tests := []struct {
			name         string
			by           *kefu.Agent
			owner        *kefu.Agent // assignee before; nil = unassigned
			req          conversation.AssignRequest
			wantCode     kefu.Code
			wantAssignee *kefu.Agent // after a success; nil = unassigned
		}{
			{"agent takes unassigned for self", w.agent, nil, conversation.AssignRequest{AssigneeID: id(w.agent)}, "", w.agent},
			{"agent gives unassigned to a colleague", w.agent, nil, conversation.AssignRequest{AssigneeID: id(w.colleague)}, kefu.CodeForbidden, nil},
			{"agent sets the team of unassigned", w.agent, nil, conversation.AssignRequest{TeamID: ptr(team.ID)}, kefu.CodeForbidden, nil},
			{"agent hands own on to a colleague", w.agent, w.agent, conversation.AssignRequest{AssigneeID: id(w.colleague)}, "", w.colleague},
			{"agent unassigns own", w.agent, w.agent, conversation.AssignRequest{AssigneeID: ptr("")}, "", nil},
			{"agent moves own to a team", w.agent, w.agent, conversation.AssignRequest{TeamID: ptr(team.ID)}, "", w.agent},
			{"agent takes a colleague's", w.agent, w.colleague, conversation.AssignRequest{AssigneeID: id(w.agent)}, kefu.CodeForbidden, w.colleague},
			{"agent unassigns a colleague's", w.agent, w.colleague, conversation.AssignRequest{AssigneeID: ptr("")}, kefu.CodeForbidden, w.colleague},
			{"agent moves a colleague's to a team", w.agent, w.colleague, conversation.AssignRequest{TeamID: ptr(team.ID)}, kefu.CodeForbidden, w.colleague},
			{"supervisor takes a colleague's", w.supervisor, w.colleague, conversation.AssignRequest{AssigneeID: id(w.supervisor)}, "", w.supervisor},
			{"supervisor transfers between agents", w.supervisor, w.colleague, conversation.AssignRequest{AssigneeID: id(w.agent)}, "", w.agent},
			{"supervisor assigns unassigned", w.supervisor, nil, conversation.AssignRequest{AssigneeID: id(w.agent)}, "", w.agent},
			{"owner unassigns an agent's", w.owner, w.agent, conversation.AssignRequest{AssigneeID: ptr("")}, "", nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				c := e.mustConversation(t, w, w.contact)
				if tt.owner != nil {
					_, err := e.svc.Assign(context.Background(), kefutest.AgentActor(w.owner), c.ID, conversation.AssignRequest{AssigneeID: ptr(tt.owner.ID)})
					kefutest.Must(t, err)
				}
				before := e.conversation(t, w, c.ID)
				got, err := e.svc.Assign(context.Background(), kefutest.AgentActor(tt.by), c.ID, tt.req)
				kefutest.WantCode(t, "Assign", err, tt.wantCode)
				after := e.conversation(t, w, c.ID)
				if tt.wantCode != "" {
					if after.AssigneeID != before.AssigneeID || after.TeamID != before.TeamID || after.LastSeq != before.LastSeq {
						t.Errorf("refused: got assignee %q team %q last seq %d, want %q %q %d unchanged",
							after.AssigneeID, after.TeamID, after.LastSeq, before.AssigneeID, before.TeamID, before.LastSeq)
					}
					return
				}
				want := ""
				if tt.wantAssignee != nil {
					want = tt.wantAssignee.ID
				}
				if got.AssigneeID != want || after.AssigneeID != want {
					t.Errorf("assignee: got %q (stored %q), want %q", got.AssigneeID, after.AssigneeID, want)
				}
				if tt.req.TeamID != nil && after.TeamID != *tt.req.TeamID {
					t.Errorf("team: got %q, want %q", after.TeamID, *tt.req.TeamID)
				}
				if after.LastSeq != before.LastSeq+1 {
					t.Errorf("last seq: got %d, want %d (one activity message)", after.LastSeq, before.LastSeq+1)
				}
			})
		}
	})
}

// TestAssignValidates: the assignee must be an active agent and the team a team of the
// organisation; a bad request is refused before anything is written.
func TestAssignValidates(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		w := e.mustWorld(t, false)
		elsewhere := e.mustWorld(t, false)
		foreignTeam := &kefu.Team{OrgID: elsewhere.org.ID, Name: "Theirs"}
		kefutest.Must(t, e.st.CreateTeam(context.Background(), foreignTeam))
		unknown := "00000000-0000-4000-8000-000000000000"
		tests := []struct {
			name      string
			req       conversation.AssignRequest
			wantField string
		}{
			{"neither assignee nor team", conversation.AssignRequest{}, "assignee_id"},
			{"only a note", conversation.AssignRequest{Note: "fyi"}, "assignee_id"},
			{"unknown assignee", conversation.AssignRequest{AssigneeID: ptr(unknown)}, "assignee_id"},
			{"malformed assignee", conversation.AssignRequest{AssigneeID: ptr("bob")}, "assignee_id"},
			{"disabled assignee", conversation.AssignRequest{AssigneeID: ptr(w.disabled.ID)}, "assignee_id"},
			{"assignee of another organisation", conversation.AssignRequest{AssigneeID: ptr(elsewhere.agent.ID)}, "assignee_id"},
			{"unknown team", conversation.AssignRequest{TeamID: ptr(unknown)}, "team_id"},
			{"malformed team", conversation.AssignRequest{TeamID: ptr("sales")}, "team_id"},
			{"team of another organisation", conversation.AssignRequest{TeamID: ptr(foreignTeam.ID)}, "team_id"},
			{"note with NUL", conversation.AssignRequest{AssigneeID: ptr(w.agent.ID), Note: "a\x00b"}, "note"},
			{"note not UTF-8", conversation.AssignRequest{AssigneeID: ptr(w.agent.ID), Note: "\xff"}, "note"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				c := e.mustConversation(t, w, w.contact)
				_, err := e.svc.Assign(context.Background(), kefutest.AgentActor(w.supervisor), c.ID, tt.req)
				kefutest.WantField(t, "Assign", err, tt.wantField)
				after := e.conversation(t, w, c.ID)
				if after.AssigneeID != "" || after.TeamID != "" || after.LastSeq != 0 {
					t.Errorf("refused: got assignee %q team %q last seq %d, want nothing written", after.AssigneeID, after.TeamID, after.LastSeq)
				}
			})
		}
		t.Run("note over the size limit", func(t *testing.T) {
			c := e.mustConversation(t, w, w.contact)
			_, err := e.svc.Assign(context.Background(), kefutest.AgentActor(w.supervisor), c.ID,
				conversation.AssignRequest{AssigneeID: ptr(w.agent.ID), Note: strings.Repeat("a", kefu.MaxContentBytes+1)})
			kefutest.WantCode(t, "Assign", err, kefu.CodeTooLarge)
			if after := e.conversation(t, w, c.ID); after.AssigneeID != "" || after.LastSeq != 0 {
				t.Errorf("refused: got assignee %q last seq %d, want nothing written", after.AssigneeID, after.LastSeq)
			}
		})
	})
}

// TestAssignRecordsActivityAndNote: an assignment leaves an activity line naming who did what,
// and its note follows as an internal note, hidden from the visitor.
func TestAssignRecordsActivityAndNote(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		w := e.mustWorld(t, false)
		team := &kefu.Team{OrgID: w.org.ID, Name: "Billing"}
		kefutest.Must(t, e.st.CreateTeam(context.Background(), team))
		c := e.mustConversation(t, w, w.contact)
		ctx := context.Background()
		_, err := e.svc.Assign(ctx, kefutest.AgentActor(w.supervisor), c.ID,
			conversation.AssignRequest{AssigneeID: ptr(w.agent.ID), TeamID: ptr(team.ID), Note: "VIP, refund approved"})
		kefutest.Must(t, err)
		_, err = e.svc.Assign(ctx, kefutest.AgentActor(w.agent), c.ID, conversation.AssignRequest{AssigneeID: ptr("")})
		kefutest.Must(t, err)

		want := []activity{
			{Action: "assigned", AssigneeID: w.agent.ID, AssigneeName: w.agent.Name, TeamID: team.ID, ByID: w.supervisor.ID, ByName: w.supervisor.Name},
			{Action: "unassigned", ByID: w.agent.ID, ByName: w.agent.Name},
		}
		got := e.activities(t, w, c.ID)
		if len(got) != len(want) {
			t.Fatalf("activities: got %+v, want %+v", got, want)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("activity %d: got %+v, want %+v", i, got[i], want[i])
			}
		}
		msgs := e.messages(t, w, c.ID)
		if len(msgs) != 3 || msgs[1].Kind != kefu.KindNote || msgs[1].Content != "VIP, refund approved" || msgs[1].SenderID != w.supervisor.ID {
			t.Fatalf("messages: got %+v, want activity, the supervisor's note, activity", msgs)
		}
		seen, err := e.svc.Messages(ctx, visitorActor(w, w.contact), c.ID, kefu.MessageQuery{})
		kefutest.Must(t, err)
		if len(seen) != 0 {
			t.Errorf("visitor sees %d messages, want none (activity and notes are private)", len(seen))
		}
	})
}
