package storetest

import (
	"context"
	"slices"
	"sync"
	"testing"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/store"
)

// ruleNames lists the rules' names in order.
func ruleNames(rules []kefu.RoutingRule) []string {
	names := make([]string, len(rules))
	for i, r := range rules {
		names[i] = r.Name
	}
	return names
}

// listRules lists the world's rules and checks their positions are 0, 1, … with the default last.
func (w *world) listRules(t *testing.T) []kefu.RoutingRule {
	t.Helper()
	rules, err := w.s.ListRoutingRules(context.Background(), w.org.ID)
	must(t, err)
	for i, r := range rules {
		if r.Position != i || r.IsDefault != (i == len(rules)-1) {
			t.Fatalf("rule %d %q: position %d, default %v; want dense positions with the default last", i, r.Name, r.Position, r.IsDefault)
		}
	}
	return rules
}

func (w *world) newRule(t *testing.T, name string) *kefu.RoutingRule {
	t.Helper()
	r := &kefu.RoutingRule{OrgID: w.org.ID, Name: name, Enabled: true, Priority: kefu.PriorityNone,
		Target: kefu.RoutingTarget{Policy: kefu.PolicyRoundRobin}}
	must(t, w.s.CreateRoutingRule(context.Background(), r))
	return r
}

// testRoutingRulesDefault: an organisation has exactly one default rule, created on first read,
// even when many readers race for it.
func testRoutingRulesDefault(t *testing.T, open func(t *testing.T) *store.Store) {
	s := open(t)
	w := newWorld(t, s)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := s.ListRoutingRules(context.Background(), w.org.ID)
			must(t, err)
		}()
	}
	wg.Wait()
	rules := w.listRules(t)
	want := kefu.DefaultRoutingRule(w.org.ID)
	if len(rules) != 1 || rules[0].Name != want.Name || rules[0].Target.Policy != kefu.PolicyRoundRobin || !rules[0].Enabled || rules[0].Overflow != nil {
		t.Fatalf("rules of a new organisation = %+v, want the default rule alone", rules)
	}
	if rules[0].ID == "" || rules[0].OrgID != w.org.ID {
		t.Errorf("default rule id %q org %q, want an id in org %q", rules[0].ID, rules[0].OrgID, w.org.ID)
	}
}

// testRoutingRulesCRUD: rules round-trip whole, new rules go before the default, updates keep
// the place, deletes close the gap, and the default cannot be deleted.
func testRoutingRulesCRUD(t *testing.T, open func(t *testing.T) *store.Store) {
	s := open(t)
	ctx := context.Background()
	w := newWorld(t, s)
	team := &kefu.Team{OrgID: w.org.ID, Name: "After-sales"}
	must(t, s.CreateTeam(ctx, team))
	a := w.newRule(t, "A") // the first create also makes the default rule
	b := &kefu.RoutingRule{OrgID: w.org.ID, Name: "退款 VIP", Enabled: false, Priority: kefu.PriorityUrgent,
		Conditions: kefu.RuleConditions{InquiryTypes: []string{"退款"}, ContactLevels: []string{"vip"},
			Channels: []kefu.ChannelType{kefu.ChannelWeb}, BusinessHours: kefu.HoursOpen},
		Target: kefu.RoutingTarget{TeamID: team.ID, Policy: kefu.PolicyLeastLoaded, Sticky: true, StickyDays: 7,
			Skills: []kefu.SkillRequirement{{Name: "refunds", MinLevel: 3}}},
		Overflow: &kefu.Overflow{AfterSeconds: 120, DropSkills: true}}
	must(t, s.CreateRoutingRule(ctx, b))
	if got := ruleNames(w.listRules(t)); !slices.Equal(got, []string{"A", "退款 VIP", "Default"}) {
		t.Fatalf("rules = %v, want A, 退款 VIP, Default", got)
	}
	got, err := s.GetRoutingRule(ctx, w.org.ID, b.ID)
	must(t, err)
	if got.Enabled || got.Priority != kefu.PriorityUrgent || got.Conditions.InquiryTypes[0] != "退款" ||
		got.Conditions.BusinessHours != kefu.HoursOpen || got.Target.TeamID != team.ID || got.Target.Skills[0].MinLevel != 3 ||
		!got.Target.Sticky || got.Target.StickyDays != 7 || got.Overflow == nil || got.Overflow.AfterSeconds != 120 {
		t.Errorf("rule read back = %+v, want what was saved", got)
	}
	got.Name, got.Overflow, got.Enabled = "Refunds", nil, true
	must(t, s.UpdateRoutingRule(ctx, got))
	again, err := s.GetRoutingRule(ctx, w.org.ID, b.ID)
	must(t, err)
	if again.Name != "Refunds" || again.Overflow != nil || !again.Enabled || again.Position != 1 {
		t.Errorf("rule after update = %+v, want renamed, enabled, no overflow, still second", again)
	}
	must(t, s.DeleteRoutingRule(ctx, w.org.ID, a.ID))
	rules := w.listRules(t)
	if got := ruleNames(rules); !slices.Equal(got, []string{"Refunds", "Default"}) {
		t.Fatalf("rules after delete = %v, want Refunds, Default", got)
	}
	if err := s.DeleteRoutingRule(ctx, w.org.ID, rules[1].ID); kefu.ErrorCode(err) != kefu.CodeConflict {
		t.Errorf("delete the default rule: got %v, want conflict", err)
	}
	if err := s.DeleteRoutingRule(ctx, w.org.ID, a.ID); kefu.ErrorCode(err) != kefu.CodeNotFound {
		t.Errorf("delete a deleted rule: got %v, want not found", err)
	}
}

// testRoutingRulesReorder: a reorder must name every non-default rule once; the default stays last.
func testRoutingRulesReorder(t *testing.T, open func(t *testing.T) *store.Store) {
	s := open(t)
	ctx := context.Background()
	w := newWorld(t, s)
	a, b, c := w.newRule(t, "A"), w.newRule(t, "B"), w.newRule(t, "C")
	must(t, s.ReorderRoutingRules(ctx, w.org.ID, []string{c.ID, a.ID, b.ID}))
	rules := w.listRules(t)
	if got := ruleNames(rules); !slices.Equal(got, []string{"C", "A", "B", "Default"}) {
		t.Fatalf("rules after reorder = %v, want C, A, B, Default", got)
	}
	def := rules[3].ID
	for name, ids := range map[string][]string{
		"missing one":      {c.ID, a.ID},
		"duplicate":        {c.ID, a.ID, a.ID},
		"with the default": {c.ID, a.ID, b.ID, def},
		"unknown id":       {c.ID, a.ID, "0190d4c8-0000-7000-8000-000000000000"},
	} {
		err := s.ReorderRoutingRules(ctx, w.org.ID, ids)
		if kefu.ErrorCode(err) != kefu.CodeInvalid {
			t.Errorf("reorder %s: got %v, want invalid input", name, err)
		}
	}
	if got := ruleNames(w.listRules(t)); !slices.Equal(got, []string{"C", "A", "B", "Default"}) {
		t.Errorf("rules after refused reorders = %v, want unchanged", got)
	}
}

// testRoutingRulesLimit: the store refuses the rule past kefu.MaxRoutingRules, default included.
func testRoutingRulesLimit(t *testing.T, open func(t *testing.T) *store.Store) {
	s := open(t)
	w := newWorld(t, s)
	for i := range kefu.MaxRoutingRules - 1 {
		w.newRule(t, "rule "+string(rune('0'+i%10)))
	}
	r := &kefu.RoutingRule{OrgID: w.org.ID, Name: "one too many", Target: kefu.RoutingTarget{Policy: kefu.PolicyManual}}
	if err := s.CreateRoutingRule(context.Background(), r); kefu.ErrorCode(err) != kefu.CodeInvalid {
		t.Fatalf("rule %d: got %v, want invalid input", kefu.MaxRoutingRules+1, err)
	}
	if n := len(w.listRules(t)); n != kefu.MaxRoutingRules {
		t.Errorf("rules = %d, want %d", n, kefu.MaxRoutingRules)
	}
}

// testRoutingRulesIsolation: one organisation cannot read, change, delete or reorder another's rules.
func testRoutingRulesIsolation(t *testing.T, open func(t *testing.T) *store.Store) {
	s := open(t)
	ctx := context.Background()
	w, other := newWorld(t, s), newWorld(t, s)
	r := w.newRule(t, "Mine")
	if _, err := s.GetRoutingRule(ctx, other.org.ID, r.ID); kefu.ErrorCode(err) != kefu.CodeNotFound {
		t.Errorf("get across organisations: got %v, want not found", err)
	}
	stolen := *r
	stolen.OrgID, stolen.Name = other.org.ID, "Stolen"
	if err := s.UpdateRoutingRule(ctx, &stolen); kefu.ErrorCode(err) != kefu.CodeNotFound {
		t.Errorf("update across organisations: got %v, want not found", err)
	}
	if err := s.DeleteRoutingRule(ctx, other.org.ID, r.ID); kefu.ErrorCode(err) != kefu.CodeNotFound {
		t.Errorf("delete across organisations: got %v, want not found", err)
	}
	if err := s.ReorderRoutingRules(ctx, other.org.ID, []string{r.ID}); kefu.ErrorCode(err) != kefu.CodeInvalid {
		t.Errorf("reorder across organisations: got %v, want invalid input", err)
	}
	if got := ruleNames(w.listRules(t)); !slices.Equal(got, []string{"Mine", "Default"}) {
		t.Errorf("rules after another organisation's attempts = %v, want Mine, Default", got)
	}
	if got := ruleNames(other.listRules(t)); !slices.Equal(got, []string{"Default"}) {
		t.Errorf("the other organisation's rules = %v, want its own default alone", got)
	}
}

// testAgentSkills: skills and languages are written by UpdateAgent (and CreateAgent) and read
// wherever agents are read, as empty lists when an agent has none.
func testAgentSkills(t *testing.T, open func(t *testing.T) *store.Store) {
	s := open(t)
	ctx := context.Background()
	w := newWorld(t, s)
	plain := w.newAgent(t, "Plain")
	if got, err := s.GetAgent(ctx, w.org.ID, plain.ID); err != nil || got.Skills == nil || got.Languages == nil ||
		len(got.Skills)+len(got.Languages) != 0 {
		t.Fatalf("a new agent's skills %v languages %v (err %v), want empty lists", got.Skills, got.Languages, err)
	}
	skilled := &kefu.Agent{OrgID: w.org.ID, Email: next("skilled") + "@example.com", Name: "Skilled", Role: kefu.RoleAgent,
		Skills: []kefu.Skill{{Name: "退款", Level: 5}}, Languages: []string{"zh-CN"}}
	must(t, s.CreateAgent(ctx, skilled))
	plain.Skills, plain.Languages = []kefu.Skill{{Name: "billing", Level: 2}, {Name: "english", Level: 4}}, []string{"en", "fr-CA"}
	must(t, s.UpdateAgent(ctx, plain))
	agents, err := s.ListAgents(ctx, w.org.ID)
	must(t, err)
	byName := map[string]kefu.Agent{}
	for _, a := range agents {
		byName[a.Name] = a
	}
	if p := byName["Plain"]; !slices.Equal(p.Skills, plain.Skills) || !slices.Equal(p.Languages, plain.Languages) {
		t.Errorf("listed Plain: skills %v languages %v, want %v %v", p.Skills, p.Languages, plain.Skills, plain.Languages)
	}
	if k := byName["Skilled"]; !slices.Equal(k.Skills, skilled.Skills) || !slices.Equal(k.Languages, skilled.Languages) {
		t.Errorf("listed Skilled: skills %v languages %v, want %v %v", k.Skills, k.Languages, skilled.Skills, skilled.Languages)
	}
	plain.Skills, plain.Languages = nil, nil
	must(t, s.UpdateAgent(ctx, plain))
	if got, err := s.GetAgentByEmail(ctx, plain.Email); err != nil || got.Skills == nil || len(got.Skills)+len(got.Languages) != 0 {
		t.Errorf("after clearing: skills %v languages %v (err %v), want empty lists", got.Skills, got.Languages, err)
	}
}

// testInboxRouting: an inbox's business hours and queue limit round-trip beside its widget
// settings, and an inbox that never had them reads as always open with no limit.
func testInboxRouting(t *testing.T, open func(t *testing.T) *store.Store) {
	s := open(t)
	ctx := context.Background()
	w := newWorld(t, s)
	got, err := s.GetInbox(ctx, w.org.ID, w.inbox.ID)
	must(t, err)
	if got.Routing.BusinessHours.Enabled || got.Routing.MaxQueue != 0 || got.Routing.BusinessHours.Weekly == nil {
		t.Fatalf("a new inbox's routing = %+v, want hours off, no limit, empty lists", got.Routing)
	}
	got.Widget.Color = "#102030"
	got.Routing = kefu.InboxRouting{MaxQueue: 25, BusinessHours: kefu.BusinessHours{Enabled: true, Timezone: "Asia/Shanghai",
		Weekly:  []kefu.DayHours{{Day: 1, Start: "09:00", End: "18:00"}, {Day: 5, Start: "22:00", End: "02:00"}},
		Special: []kefu.SpecialDay{{Date: "2026-10-01", Name: "国庆节", Closed: true}}}}
	must(t, s.UpdateInbox(ctx, got))
	again, err := s.GetInbox(ctx, w.org.ID, w.inbox.ID)
	must(t, err)
	bh := again.Routing.BusinessHours
	if again.Routing.MaxQueue != 25 || !bh.Enabled || bh.Timezone != "Asia/Shanghai" || len(bh.Weekly) != 2 ||
		bh.Weekly[1].End != "02:00" || len(bh.Special) != 1 || bh.Special[0].Name != "国庆节" || !bh.Special[0].Closed {
		t.Errorf("routing read back = %+v, want what was saved", again.Routing)
	}
	if again.Widget.Color != "#102030" {
		t.Errorf("widget colour = %q beside routing, want #102030", again.Widget.Color)
	}
}
