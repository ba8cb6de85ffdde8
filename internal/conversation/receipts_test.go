package conversation_test

import (
	"context"
	"slices"
	"testing"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/kefu/kefutest"
)

// TestMarkReadOnlyMovesForward: each side's read marker is its own, stays within the
// conversation's messages, and a late or repeated receipt changes nothing.
func TestMarkReadOnlyMovesForward(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		w := e.mustWorld(t, false)
		c := e.mustConversation(t, w, w.contact)
		visitor, agent := visitorActor(w, w.contact), kefutest.AgentActor(w.agent)
		for _, text := range []string{"one", "two", "three"} {
			e.mustSend(t, visitor, c.ID, text)
		}
		steps := []struct {
			name         string
			actor        kefu.Actor
			seq          int64
			wantField    string
			wantAgent    int64
			wantVisitor  int64
			wantNoChange bool // no write at all: the conversation's updated_at stays
		}{
			{"agent reads up to 2", agent, 2, "", 2, 0, false},
			{"a late receipt for 1", agent, 1, "", 2, 0, true},
			{"the same receipt again", agent, 2, "", 2, 0, true},
			{"zero", agent, 0, "", 2, 0, true},
			{"past the last message", agent, 4, "seq", 2, 0, true},
			{"negative", agent, -1, "seq", 2, 0, true},
			{"visitor reads all", visitor, 3, "", 2, 3, false},
			{"agent reads all", agent, 3, "", 3, 3, false},
		}
		for _, st := range steps {
			before := e.conversation(t, w, c.ID)
			err := e.svc.MarkRead(context.Background(), st.actor, c.ID, st.seq)
			if st.wantField != "" {
				kefutest.WantField(t, st.name, err, st.wantField)
			} else if err != nil {
				t.Fatalf("%s: %v", st.name, err)
			}
			after := e.conversation(t, w, c.ID)
			if after.AgentLastReadSeq != st.wantAgent || after.ContactLastReadSeq != st.wantVisitor {
				t.Errorf("%s: got agent/visitor read %d/%d, want %d/%d",
					st.name, after.AgentLastReadSeq, after.ContactLastReadSeq, st.wantAgent, st.wantVisitor)
			}
			if st.wantNoChange && !after.UpdatedAt.Equal(before.UpdatedAt) {
				t.Errorf("%s: updated_at moved from %v to %v, want no write", st.name, before.UpdatedAt, after.UpdatedAt)
			}
		}
	})
}

// TestTyping: typing is published, never stored; an agent's private typing (a note) reaches
// agents only, and a visitor cannot make theirs private.
func TestTyping(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		w := e.mustWorld(t, false)
		c := e.mustConversation(t, w, w.contact)
		ctx := context.Background()
		kefutest.Must(t, e.svc.Typing(ctx, kefutest.AgentActor(w.agent), c.ID, true, true))
		kefutest.Must(t, e.svc.Typing(ctx, kefutest.AgentActor(w.agent), c.ID, false, false))
		kefutest.Must(t, e.svc.Typing(ctx, visitorActor(w, w.contact), c.ID, true, true))

		got := e.ephemeral.published()
		want := []struct {
			sender    kefu.SenderType
			senderID  string
			name      string
			typing    bool
			contactID string // "" = agents only
		}{
			{kefu.SenderAgent, w.agent.ID, w.agent.Name, true, ""},
			{kefu.SenderAgent, w.agent.ID, w.agent.Name, false, w.contact.ID},
			{kefu.SenderContact, w.contact.ID, "", true, w.contact.ID},
		}
		if len(got) != len(want) {
			t.Fatalf("published %d events, want %d", len(got), len(want))
		}
		for i, ev := range got {
			exp := want[i]
			if ev.Type != kefu.EventTyping || ev.Seq != 0 || ev.Typing == nil || ev.ConversationID != c.ID {
				t.Fatalf("event %d: got %+v, want an unpersisted typing event of the conversation", i, ev)
			}
			if ev.Typing.SenderType != exp.sender || ev.Typing.SenderID != exp.senderID || ev.Typing.Name != exp.name ||
				ev.Typing.Typing != exp.typing || ev.ContactID != exp.contactID {
				t.Errorf("event %d: got %+v for contact %q, want %+v", i, *ev.Typing, ev.ContactID, exp)
			}
		}
		if got := e.conversation(t, w, c.ID).LastSeq; got != 0 {
			t.Errorf("last seq: got %d, want 0 (typing is not stored)", got)
		}
	})
}

// TestMarkReadPerAgent: each agent's receipt moves their own marker; the marker the visitor
// sees moves only for the assignee (anyone while unassigned), so after a transfer the previous
// assignee reads for themselves. Each moved marker is published to its agent alone.
func TestMarkReadPerAgent(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		w := e.mustWorld(t, false)
		c := e.mustConversation(t, w, w.contact)
		visitor, prev, next, sup := visitorActor(w, w.contact), kefutest.AgentActor(w.agent), kefutest.AgentActor(w.colleague), kefutest.AgentActor(w.supervisor)
		e.mustSend(t, visitor, c.ID, "one")
		kefutest.Must(t, e.svc.MarkRead(ctx, sup, c.ID, 1)) // unassigned: whoever sees it
		_, err := e.svc.Assign(ctx, kefutest.AgentActor(w.owner), c.ID, assignTo(w.agent))
		kefutest.Must(t, err)
		_, err = e.svc.Assign(ctx, kefutest.AgentActor(w.owner), c.ID, assignTo(w.colleague))
		kefutest.Must(t, err)
		last := e.mustSend(t, visitor, c.ID, "two").Seq
		seen := len(e.ephemeral.published())

		kefutest.Must(t, e.svc.MarkRead(ctx, prev, c.ID, last))
		kefutest.Must(t, e.svc.MarkRead(ctx, sup, c.ID, last))
		if got := e.conversation(t, w, c.ID).AgentLastReadSeq; got != 1 {
			t.Errorf("after the previous assignee and a supervisor read: the visitor sees %d, want 1", got)
		}
		for _, who := range []struct {
			name  string
			actor kefu.Actor
			want  int64
		}{{"previous assignee", prev, last}, {"supervisor", sup, last}, {"assignee", next, 0}} {
			got, err := e.svc.Get(ctx, who.actor, c.ID)
			kefutest.Must(t, err)
			if got.MyLastReadSeq != who.want {
				t.Errorf("%s: my_last_read_seq %d, want %d", who.name, got.MyLastReadSeq, who.want)
			}
		}
		kefutest.Must(t, e.svc.MarkRead(ctx, next, c.ID, last))
		if got := e.conversation(t, w, c.ID).AgentLastReadSeq; got != last {
			t.Errorf("after the assignee read: the visitor sees %d, want %d", got, last)
		}
		var readers []string
		for _, ev := range e.ephemeral.published()[seen:] {
			if ev.Type != kefu.EventRead {
				continue
			}
			if ev.ContactID != "" || ev.Read.AgentID != ev.ForAgentID || ev.Read.Seq != last {
				t.Errorf("published %+v, want a read event for its own agent only", ev)
				continue
			}
			readers = append(readers, ev.ForAgentID)
		}
		if want := []string{w.agent.ID, w.supervisor.ID, w.colleague.ID}; !slices.Equal(readers, want) {
			t.Errorf("read events for %v, want %v", readers, want)
		}
	})
}
