package conversation_test

import (
	"context"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/conversation"
	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/kefu/kefutest"
	"github.com/kefu-dev/kefu/internal/store"
)

// TestSetStatusValidates: the status must be known, and a snooze time must be in the future and
// only come with status snoozed.
func TestSetStatusValidates(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		w := e.mustWorld(t, false)
		c := e.mustConversation(t, w, w.contact)
		future, past := time.Now().Add(time.Hour), time.Now().Add(-time.Minute)
		tests := []struct {
			name      string
			status    kefu.Status
			until     *time.Time
			wantField string
		}{
			{"unknown status", "closed", nil, "status"},
			{"empty status", "", nil, "status"},
			{"snooze time with open", kefu.StatusOpen, &future, "snoozed_until"},
			{"snooze time with resolved", kefu.StatusResolved, &future, "snoozed_until"},
			{"snooze time in the past", kefu.StatusSnoozed, &past, "snoozed_until"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := e.svc.SetStatus(context.Background(), kefutest.AgentActor(w.agent), c.ID, tt.status, tt.until)
				kefutest.WantField(t, "SetStatus", err, tt.wantField)
			})
		}
		if got := e.conversation(t, w, c.ID); got.Status != kefu.StatusOpen || got.LastSeq != 0 {
			t.Errorf("after refused changes: got status %s last seq %d, want open and 0", got.Status, got.LastSeq)
		}
	})
}

// TestSetStatusChanges: any agent may change the status of any conversation of the
// organisation, each change leaves an activity line, resolving ends the customer's wait, and
// setting the status it already has records nothing (except a new snooze).
func TestSetStatusChanges(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		w := e.mustWorld(t, false)
		ctx := context.Background()
		c := e.mustConversation(t, w, w.contact)
		e.mustSend(t, visitorActor(w, w.contact), c.ID, "is anyone there?")
		_, err := e.svc.Assign(ctx, kefutest.AgentActor(w.colleague), c.ID, assignTo(w.colleague))
		kefutest.Must(t, err)
		if e.conversation(t, w, c.ID).WaitingSince == nil {
			t.Fatal("fixture: the visitor's message did not start the wait")
		}
		later, evenLater := time.Now().Add(time.Hour), time.Now().Add(2*time.Hour)
		steps := []struct {
			name         string
			status       kefu.Status
			until        *time.Time
			wantActivity bool
		}{
			{"pending", kefu.StatusPending, nil, true},
			{"pending again records nothing", kefu.StatusPending, nil, false},
			{"snoozed until the customer writes", kefu.StatusSnoozed, nil, true},
			{"snoozed until a time", kefu.StatusSnoozed, &later, true},
			{"snoozed again to a later time", kefu.StatusSnoozed, &evenLater, true},
			{"open clears the snooze", kefu.StatusOpen, nil, true},
			{"resolved", kefu.StatusResolved, nil, true},
			{"resolved again records nothing", kefu.StatusResolved, nil, false},
		}
		for _, st := range steps {
			before := e.conversation(t, w, c.ID)
			// w.agent is not the assignee: status is not reserved to the owner.
			got, err := e.svc.SetStatus(ctx, kefutest.AgentActor(w.agent), c.ID, st.status, st.until)
			if err != nil {
				t.Fatalf("%s: %v", st.name, err)
			}
			if got.Status != st.status || !sameTime(got.SnoozedUntil, st.until) {
				t.Errorf("%s: got status %s until %v, want %s until %v", st.name, got.Status, got.SnoozedUntil, st.status, st.until)
			}
			wantSeq := before.LastSeq
			if st.wantActivity {
				wantSeq++
			}
			if after := e.conversation(t, w, c.ID); after.LastSeq != wantSeq {
				t.Errorf("%s: got last seq %d, want %d", st.name, after.LastSeq, wantSeq)
			}
		}
		if got := e.conversation(t, w, c.ID); got.WaitingSince != nil || got.AssigneeID != w.colleague.ID {
			t.Errorf("resolved: got waiting since %v assignee %q, want no wait and the assignee kept", got.WaitingSince, got.AssigneeID)
		}
		acts := e.activities(t, w, c.ID)
		last := acts[len(acts)-1]
		want := activity{Action: "status_changed", Status: string(kefu.StatusResolved), ByID: w.agent.ID, ByName: w.agent.Name}
		if last != want {
			t.Errorf("last activity: got %+v, want %+v", last, want)
		}
	})
}

// TestWakeSnoozed: a snooze that has ended reopens the conversation with an activity line; one
// still running, or one changed meanwhile, is left alone.
func TestWakeSnoozed(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		w := e.mustWorld(t, false)
		ctx, by := context.Background(), kefutest.AgentActor(w.agent)
		now := time.Now()
		soon, late := now.Add(time.Hour), now.Add(3*time.Hour)
		due := e.mustConversation(t, w, w.contact)
		notYet := e.mustConversation(t, w, w.contact)
		_, err := e.svc.SetStatus(ctx, by, due.ID, kefu.StatusSnoozed, &soon)
		kefutest.Must(t, err)
		_, err = e.svc.SetStatus(ctx, by, notYet.ID, kefu.StatusSnoozed, &late)
		kefutest.Must(t, err)

		woken, err := e.svc.WakeSnoozed(ctx, now.Add(2*time.Hour))
		if err != nil || woken != 1 {
			t.Fatalf("WakeSnoozed: got %d, %v, want 1", woken, err)
		}
		if got := e.conversation(t, w, due.ID); got.Status != kefu.StatusOpen || got.SnoozedUntil != nil {
			t.Errorf("due: got status %s until %v, want open and no snooze", got.Status, got.SnoozedUntil)
		}
		acts := e.activities(t, w, due.ID)
		if last := acts[len(acts)-1]; last.Action != "snooze_ended" || last.Status != string(kefu.StatusOpen) {
			t.Errorf("due: last activity %+v, want snooze_ended to open", last)
		}
		if got := e.conversation(t, w, notYet.ID); got.Status != kefu.StatusSnoozed {
			t.Errorf("not yet due: got status %s, want snoozed", got.Status)
		}
		if woken, err := e.svc.WakeSnoozed(ctx, now.Add(2*time.Hour)); err != nil || woken != 0 {
			t.Errorf("second pass: got %d, %v, want 0", woken, err)
		}
	})
}

// TestWakeSnoozedRechecks: a conversation snoozed again between the due list and its wake-up
// stays snoozed: the wake-up checks the snooze inside its own transaction.
func TestWakeSnoozedRechecks(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		w := e.mustWorld(t, false)
		ctx, by := context.Background(), kefutest.AgentActor(w.agent)
		now := time.Now()
		soon, later := now.Add(time.Hour), now.Add(5*time.Hour)
		c := e.mustConversation(t, w, w.contact)
		_, err := e.svc.SetStatus(ctx, by, c.ID, kefu.StatusSnoozed, &soon)
		kefutest.Must(t, err)
		racing := &listThen{Store: e.st, then: func() {
			_, err := e.svc.SetStatus(ctx, by, c.ID, kefu.StatusSnoozed, &later)
			kefutest.Must(t, err)
		}}
		svc := conversation.New(conversation.Options{Store: racing})
		if _, err := svc.WakeSnoozed(ctx, now.Add(2*time.Hour)); err != nil {
			t.Fatalf("WakeSnoozed: %v", err)
		}
		if got := e.conversation(t, w, c.ID); got.Status != kefu.StatusSnoozed || !sameTime(got.SnoozedUntil, &later) {
			t.Errorf("got status %s until %v, want still snoozed until %v", got.Status, got.SnoozedUntil, later)
		}
	})
}

// listThen is the real store, running then after listing the due snoozed conversations: a
// change that lands between the list and the wake-up.
type listThen struct {
	*store.Store
	then func()
}

func (l *listThen) ListDueSnoozed(ctx context.Context, now time.Time, limit int) ([]kefu.Conversation, error) {
	due, err := l.Store.ListDueSnoozed(ctx, now, limit)
	l.then()
	return due, err
}

// TestSetPriority: any agent sets one of the known priorities.
func TestSetPriority(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		w := e.mustWorld(t, false)
		c := e.mustConversation(t, w, w.contact)
		ctx := context.Background()
		_, err := e.svc.SetPriority(ctx, kefutest.AgentActor(w.agent), c.ID, "critical")
		kefutest.WantField(t, "unknown priority", err, "priority")
		_, err = e.svc.SetPriority(ctx, kefutest.AgentActor(w.agent), c.ID, "")
		kefutest.WantField(t, "empty priority", err, "priority")
		if got := e.conversation(t, w, c.ID).Priority; got != kefu.PriorityNone {
			t.Errorf("after refused changes: got priority %s, want none", got)
		}
		got, err := e.svc.SetPriority(ctx, kefutest.AgentActor(w.agent), c.ID, kefu.PriorityUrgent)
		if err != nil || got.Priority != kefu.PriorityUrgent || e.conversation(t, w, c.ID).Priority != kefu.PriorityUrgent {
			t.Errorf("SetPriority(urgent): got %v, %v, want urgent stored", got, err)
		}
	})
}

// TestSetLabels: labels must be the organisation's own; repeats collapse; nil clears.
func TestSetLabels(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		w := e.mustWorld(t, false)
		elsewhere := e.mustWorld(t, false)
		ctx := context.Background()
		for _, l := range []*kefu.Label{{OrgID: w.org.ID, Name: "vip"}, {OrgID: w.org.ID, Name: "refund"}, {OrgID: elsewhere.org.ID, Name: "spam"}} {
			kefutest.Must(t, e.st.CreateLabel(ctx, l))
		}
		c := e.mustConversation(t, w, w.contact)
		tests := []struct {
			name      string
			labels    []string
			want      []string
			wantField string
		}{
			{"known labels", []string{"vip", "refund"}, []string{"vip", "refund"}, ""},
			{"repeats collapse", []string{"vip", "vip"}, []string{"vip"}, ""},
			{"unknown label", []string{"vip", "urgent"}, []string{"vip"}, "labels"},
			{"another organisation's label", []string{"spam"}, []string{"vip"}, "labels"},
			{"names are exact", []string{"VIP"}, []string{"vip"}, "labels"},
			{"nil clears", nil, nil, ""},
		}
		for _, tt := range tests {
			_, err := e.svc.SetLabels(ctx, kefutest.AgentActor(w.agent), c.ID, tt.labels)
			if tt.wantField != "" {
				kefutest.WantField(t, tt.name, err, tt.wantField)
			} else if err != nil {
				t.Errorf("%s: %v", tt.name, err)
			}
			if got := e.conversation(t, w, c.ID).Labels; !sameSet(got, tt.want) {
				t.Errorf("%s: got labels %q, want %q", tt.name, got, tt.want)
			}
		}
	})
}

func sameTime(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return a.Sub(*b).Abs() < time.Millisecond
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	in := map[string]bool{}
	for _, s := range a {
		in[s] = true
	}
	for _, s := range b {
		if !in[s] {
			return false
		}
	}
	return true
}
