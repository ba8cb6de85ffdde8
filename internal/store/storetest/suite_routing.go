package storetest

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/store"
)

// testRoutingFields checks that a conversation's routing attributes and a contact's level are
// written and read back by every path: create, get, update, the lists.
func testRoutingFields(t *testing.T, open func(t *testing.T) *store.Store) {
	s := open(t)
	ctx := context.Background()
	w := newWorld(t, s)
	c, err := s.CreateConversation(ctx, &kefu.Conversation{OrgID: w.org.ID, InboxID: w.inbox.ID, ContactID: w.contact.ID,
		InquiryType: "退款", Language: "zh-CN", Region: "CN-GD", RoutingRuleID: "r1", FollowUp: true})
	must(t, err)
	got, err := s.GetConversation(ctx, w.org.ID, c.ID)
	must(t, err)
	if got.InquiryType != "退款" || got.Language != "zh-CN" || got.Region != "CN-GD" || got.RoutingRuleID != "r1" || !got.FollowUp {
		t.Fatalf("routing fields read back as %q %q %q %q %v", got.InquiryType, got.Language, got.Region, got.RoutingRuleID, got.FollowUp)
	}
	w.update(t, c.ID, func(c *kefu.Conversation) { c.Language, c.Region, c.FollowUp = "en", "US", false })
	list, _, err := s.ListConversations(ctx, w.org.ID, kefu.ConversationFilter{})
	must(t, err)
	i := slices.IndexFunc(list, func(x kefu.Conversation) bool { return x.ID == c.ID })
	if i < 0 || list[i].Language != "en" || list[i].Region != "US" || list[i].FollowUp || list[i].InquiryType != "退款" {
		t.Fatalf("listed after the update: %+v", list)
	}
	testRequiredSkills(t, s, w)
	vip := &kefu.Contact{OrgID: w.org.ID, Name: "V", Level: "vip"}
	must(t, s.CreateContact(ctx, vip))
	vip.Level = "gold"
	must(t, s.UpdateContact(ctx, vip))
	if back, err := s.GetContact(ctx, w.org.ID, vip.ID); err != nil || back.Level != "gold" {
		t.Fatalf("contact level read back as %+v, %v; want gold", back, err)
	}
}

// testRequiredSkills checks a transfer's skill requirement is written on create and update,
// read back by get and the lists, and cleared by an update that empties it.
func testRequiredSkills(t *testing.T, s *store.Store, w *world) {
	ctx := context.Background()
	want := []kefu.SkillRequirement{{Name: "退款", MinLevel: 3}}
	c, err := s.CreateConversation(ctx, &kefu.Conversation{OrgID: w.org.ID, InboxID: w.inbox.ID, ContactID: w.contact.ID, RequiredSkills: want})
	must(t, err)
	if got, err := s.GetConversation(ctx, w.org.ID, c.ID); err != nil || !slices.Equal(got.RequiredSkills, want) {
		t.Fatalf("required skills read back as %+v, %v; want %v", got.RequiredSkills, err, want)
	}
	want = append(want, kefu.SkillRequirement{Name: "billing", MinLevel: 1})
	w.update(t, c.ID, func(c *kefu.Conversation) { c.RequiredSkills = want })
	list, _, err := s.ListConversations(ctx, w.org.ID, kefu.ConversationFilter{})
	must(t, err)
	i := slices.IndexFunc(list, func(x kefu.Conversation) bool { return x.ID == c.ID })
	if i < 0 || !slices.Equal(list[i].RequiredSkills, want) {
		t.Fatalf("listed after the update: required skills %+v, want %v", list, want)
	}
	w.update(t, c.ID, func(c *kefu.Conversation) { c.RequiredSkills = nil })
	if got, err := s.GetConversation(ctx, w.org.ID, c.ID); err != nil || len(got.RequiredSkills) != 0 {
		t.Fatalf("cleared required skills read back as %+v, %v; want none", got.RequiredSkills, err)
	}
}

// waitingSince makes a new conversation of the world whose customer waits since at, with p.
func (w *world) waitingSince(t *testing.T, at time.Time, p kefu.Priority) *kefu.Conversation {
	t.Helper()
	c := w.newConversation(t)
	w.update(t, c.ID, func(c *kefu.Conversation) { c.WaitingSince, c.Priority = &at, p })
	return c
}

// testRoutingQueue checks the queue's order (priority, then when each joined), that offline
// messages never queue, and that a conversation given back joins at the back of its priority.
func testRoutingQueue(t *testing.T, open func(t *testing.T) *store.Store) {
	s := open(t)
	ctx := context.Background()
	w := newWorld(t, s)
	t0 := time.Now().Add(-time.Hour).UTC()
	old := w.waitingSince(t, t0, kefu.PriorityNone)
	urgent := w.waitingSince(t, t0.Add(3*time.Minute), kefu.PriorityUrgent)
	high := w.waitingSince(t, t0.Add(2*time.Minute), kefu.PriorityHigh)
	young := w.waitingSince(t, t0.Add(time.Minute), kefu.PriorityNone)
	offline := w.waitingSince(t, t0.Add(-time.Minute), kefu.PriorityUrgent)
	w.update(t, offline.ID, func(c *kefu.Conversation) { c.FollowUp = true })
	want := []string{urgent.ID, high.ID, old.ID, young.ID}
	if got := queueIDs(t, s, w.org.ID); !slices.Equal(got, want) {
		t.Fatalf("queue order: got %v, want %v", got, want)
	}
	// old is taken and given back: it joins behind young, the others of its priority.
	w.update(t, old.ID, func(c *kefu.Conversation) { c.AssigneeID = w.owner.ID })
	if c := w.get(t, old.ID); c.AssignedAt == nil || c.QueuedAt != nil {
		t.Fatalf("assigned: assigned_at %v queued_at %v, want set and nil", c.AssignedAt, c.QueuedAt)
	}
	w.update(t, old.ID, func(c *kefu.Conversation) { c.AssigneeID = "" })
	if c := w.get(t, old.ID); c.QueuedAt == nil || c.AssignedAt != nil {
		t.Fatalf("given back: queued_at %v assigned_at %v, want set and nil", c.QueuedAt, c.AssignedAt)
	}
	want = []string{urgent.ID, high.ID, young.ID, old.ID}
	if got := queueIDs(t, s, w.org.ID); !slices.Equal(got, want) {
		t.Fatalf("queue after a give-back: got %v, want %v", got, want)
	}
	if page, err := s.ListQueue(ctx, w.org.ID, 2, 1); err != nil || len(page) != 1 || page[0].ID != young.ID {
		t.Errorf("ListQueue offset 2 limit 1 = %v, %v; want the third", ids(page), err)
	}
	for i, id := range want {
		if n, err := s.QueueAhead(ctx, w.get(t, id)); err != nil || n != i {
			t.Errorf("QueueAhead of queue entry %d = %d, %v; want %d", i, n, err, i)
		}
	}
}

func queueIDs(t *testing.T, s *store.Store, orgID string) []string {
	t.Helper()
	q, err := s.ListQueue(context.Background(), orgID, 0, 100)
	must(t, err)
	return ids(q)
}

func (w *world) get(t *testing.T, id string) *kefu.Conversation {
	t.Helper()
	c, err := w.s.GetConversation(context.Background(), w.org.ID, id)
	must(t, err)
	return c
}

// testRoutingDecisions checks that decisions are written in the change's transaction (a
// failed change leaves none), read back whole, newest last, and that LastDecision sees them.
func testRoutingDecisions(t *testing.T, open func(t *testing.T) *store.Store) {
	s := open(t)
	ctx := context.Background()
	w := newWorld(t, s)
	record := func(d kefu.RoutingDecision, fail bool) error {
		_, err := s.UpdateConversation(ctx, w.org.ID, w.conv.ID, func(tx kefu.ConversationTx, c *kefu.Conversation) (*kefu.Message, error) {
			if err := tx.RecordDecision(&d); err != nil {
				return nil, err
			}
			if fail {
				return nil, kefu.Errorf(kefu.CodeConflict, "changed my mind")
			}
			return nil, nil
		})
		return err
	}
	queued := kefu.RoutingDecision{Kind: kefu.DecisionQueued, RuleName: "Default", Reason: kefu.ReasonAllFull,
		Target:     kefu.RoutingTarget{Policy: kefu.PolicyRoundRobin, Skills: []kefu.SkillRequirement{{Name: "退款", MinLevel: 2}}},
		Candidates: []kefu.DecisionCandidate{{AgentID: w.owner.ID, Name: "Owner", Online: true, Load: 5, Capacity: 5, Reason: kefu.ReasonFull}}}
	must(t, record(queued, false))
	wantCode(t, "failed change", record(kefu.RoutingDecision{Kind: kefu.DecisionOffline}, true), kefu.CodeConflict)
	must(t, record(kefu.RoutingDecision{Kind: kefu.DecisionAssigned, AgentID: w.owner.ID, Reason: kefu.ReasonChosen, Priority: kefu.PriorityHigh}, false))
	got, err := s.ListRoutingDecisions(ctx, w.org.ID, w.conv.ID)
	must(t, err)
	if len(got) != 2 || got[0].Kind != kefu.DecisionQueued || got[1].Kind != kefu.DecisionAssigned {
		t.Fatalf("decisions: got %+v, want queued then assigned", got)
	}
	q := got[0]
	if q.ConversationID != w.conv.ID || q.Reason != kefu.ReasonAllFull || len(q.Target.Skills) != 1 || q.Target.Skills[0].Name != "退款" ||
		len(q.Candidates) != 1 || q.Candidates[0].Load != 5 || q.Priority != kefu.PriorityNone || q.CreatedAt.IsZero() {
		t.Errorf("queued decision read back as %+v", q)
	}
	if other, err := s.ListRoutingDecisions(ctx, newWorld(t, s).org.ID, w.conv.ID); err != nil || len(other) != 0 {
		t.Errorf("another organisation reads %d decisions, %v; want none", len(other), err)
	}
	var last *kefu.RoutingDecision
	_, err = s.UpdateConversation(ctx, w.org.ID, w.conv.ID, func(tx kefu.ConversationTx, _ *kefu.Conversation) (*kefu.Message, error) {
		var err error
		last, err = tx.LastDecision()
		return nil, err
	})
	must(t, err)
	if last == nil || last.ID != got[1].ID {
		t.Errorf("LastDecision = %+v, want %s", last, got[1].ID)
	}
}

// testRoutingHistory checks the sticky lookup and the measured rates the estimate uses.
func testRoutingHistory(t *testing.T, open func(t *testing.T) *store.Store) {
	s := open(t)
	ctx := context.Background()
	w := newWorld(t, s)
	a, b := w.newAgent(t, "A"), w.newAgent(t, "B")
	hourAgo := time.Now().Add(-time.Hour)
	if id, err := s.LastAssignee(ctx, w.org.ID, w.contact.ID, "", hourAgo); err != nil || id != "" {
		t.Fatalf("LastAssignee with no history = %q, %v; want none", id, err)
	}
	first, second := w.newConversation(t), w.newConversation(t)
	w.update(t, first.ID, func(c *kefu.Conversation) { c.AssigneeID = a.ID })
	w.update(t, second.ID, func(c *kefu.Conversation) { c.AssigneeID, c.Status = b.ID, kefu.StatusResolved })
	current := w.newConversation(t)
	if id, err := s.LastAssignee(ctx, w.org.ID, w.contact.ID, current.ID, hourAgo); err != nil || id != b.ID {
		t.Errorf("LastAssignee = %q, %v; want the latest, B", id, err)
	}
	if id, err := s.LastAssignee(ctx, w.org.ID, w.contact.ID, current.ID, time.Now().Add(time.Hour)); err != nil || id != "" {
		t.Errorf("LastAssignee past the window = %q, %v; want none", id, err)
	}
	if d, n, err := s.MeanHandlingTime(ctx, w.org.ID, w.inbox.ID, hourAgo); err != nil || n != 1 || d < 0 || d > time.Minute {
		t.Errorf("MeanHandlingTime = %v over %d, %v; want one short one", d, n, err)
	}
	for _, c := range []*kefu.Conversation{w.newConversation(t), w.newConversation(t), w.newConversation(t)} {
		recordOn(t, s, c, kefu.DecisionQueued, "")
		recordOn(t, s, c, kefu.DecisionAssigned, a.ID)
	}
	recordOn(t, s, current, kefu.DecisionAssigned, a.ID) // never queued: not a departure
	n, span, err := s.QueueDepartures(ctx, w.org.ID, w.inbox.ID, hourAgo)
	must(t, err)
	if n != 3 || span <= 0 || span > time.Minute {
		t.Errorf("QueueDepartures = %d over %v, want 3 over a short span", n, span)
	}
}

func recordOn(t *testing.T, s *store.Store, c *kefu.Conversation, kind kefu.DecisionKind, agentID string) {
	t.Helper()
	_, err := s.UpdateConversation(context.Background(), c.OrgID, c.ID, func(tx kefu.ConversationTx, _ *kefu.Conversation) (*kefu.Message, error) {
		return nil, tx.RecordDecision(&kefu.RoutingDecision{Kind: kind, AgentID: agentID})
	})
	must(t, err)
}
