package main

import (
	"slices"
	"strings"
	"testing"
)

// apiRule is a routing rule as the API answers it.
type apiRule struct {
	ID         string         `json:"id"`
	Name       string         `json:"name"`
	Position   int            `json:"position"`
	Enabled    bool           `json:"enabled"`
	IsDefault  bool           `json:"is_default"`
	Priority   string         `json:"priority"`
	Conditions map[string]any `json:"conditions"`
	Target     struct {
		TeamID string `json:"team_id"`
		Policy string `json:"policy"`
		Skills []struct {
			Name     string `json:"name"`
			MinLevel int    `json:"min_level"`
		} `json:"skills"`
	} `json:"target"`
	Overflow *struct {
		AfterSeconds int    `json:"after_seconds"`
		TeamID       string `json:"team_id"`
	} `json:"overflow"`
}

// problemAt is the code of an error response and the location of its first input error.
func problemAt(t testing.TB, r response) (code, location string) {
	t.Helper()
	var p struct {
		Code   string `json:"code"`
		Errors []struct {
			Location string `json:"location"`
		} `json:"errors"`
	}
	r.JSON(t, &p)
	if len(p.Errors) > 0 {
		location = p.Errors[0].Location
	}
	return p.Code, location
}

// mustRules lists the organisation's rules as token and checks positions run 0, 1, … with the
// default rule last.
func (s *testServer) mustRules(token string) []apiRule {
	s.t.Helper()
	var out struct {
		Rules []apiRule `json:"rules"`
	}
	s.mustDo(200, "GET", "/api/v1/routing/rules", token, nil).JSON(s.t, &out)
	for i, r := range out.Rules {
		if r.Position != i || r.IsDefault != (i == len(out.Rules)-1) {
			s.t.Fatalf("rule %d %q: position %d default %v; want dense positions, the default last", i, r.Name, r.Position, r.IsDefault)
		}
	}
	return out.Rules
}

func names(rules []apiRule) []string {
	out := make([]string, len(rules))
	for i, r := range rules {
		out[i] = r.Name
	}
	return out
}

func (s *testServer) mustCreateRule(token string, body map[string]any) apiRule {
	s.t.Helper()
	var r apiRule
	s.mustDo(201, "POST", "/api/v1/routing/rules", token, body).JSON(s.t, &r)
	return r
}

func (s *testServer) mustTeam(token, name string, members ...string) string {
	s.t.Helper()
	var team struct {
		ID string `json:"id"`
	}
	s.mustDo(201, "POST", "/api/v1/teams", token, map[string]any{"name": name, "member_ids": members}).JSON(s.t, &team)
	return team.ID
}

// TestRoutingRulesCRUD: an admin creates, reads, changes, reorders and deletes rules over
// HTTP; new rules go before the default, which can be retargeted but not deleted, disabled,
// given conditions or moved.
func TestRoutingRulesCRUD(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		s := MustRunMain(t, testConfig(t, db))
		o := s.mustSetupOrg("Rules")
		admin := o.Tokens["admin"]
		if got := names(s.mustRules(admin)); !slices.Equal(got, []string{"Default"}) {
			t.Fatalf("rules of a new organisation = %v, want the default alone", got)
		}
		afterSales := s.mustTeam(admin, "After-sales", o.AgentIDs["agent"])
		refund := s.mustCreateRule(admin, map[string]any{"name": "退款 VIP",
			"conditions": map[string]any{"inquiry_types": []string{"退款", " 退款 "}, "contact_levels": []string{"vip"}, "inbox_ids": []string{o.InboxID}},
			"target":     map[string]any{"team_id": afterSales, "policy": "least_loaded", "skills": []map[string]any{{"name": "refunds", "min_level": 3}}},
			"priority":   "urgent", "overflow": map[string]any{"after_seconds": 120, "drop_skills": true}})
		if !refund.Enabled || refund.Priority != "urgent" || refund.Target.TeamID != afterSales || refund.Overflow == nil ||
			refund.Overflow.AfterSeconds != 120 || len(refund.Target.Skills) != 1 {
			t.Errorf("created rule = %+v, want what was sent", refund)
		}
		if got := refund.Conditions["inquiry_types"].([]any); len(got) != 1 {
			t.Errorf("inquiry types = %v, want the duplicate (after trimming) dropped", got)
		}
		presale := s.mustCreateRule(admin, map[string]any{"name": "售前", "target": map[string]any{"policy": "round_robin"}})
		rules := s.mustRules(admin)
		if got := names(rules); !slices.Equal(got, []string{"退款 VIP", "售前", "Default"}) {
			t.Fatalf("rules = %v, want 退款 VIP, 售前, Default", got)
		}
		def := rules[2].ID

		var reordered struct {
			Rules []apiRule `json:"rules"`
		}
		s.mustDo(200, "PUT", "/api/v1/routing/rules/order", admin, map[string]any{"ids": []string{presale.ID, refund.ID}}).JSON(t, &reordered)
		if got := names(reordered.Rules); !slices.Equal(got, []string{"售前", "退款 VIP", "Default"}) {
			t.Errorf("answer of the reorder = %v, want 售前, 退款 VIP, Default", got)
		}
		if got := names(s.mustRules(admin)); !slices.Equal(got, []string{"售前", "退款 VIP", "Default"}) {
			t.Errorf("rules after the reorder = %v, want 售前, 退款 VIP, Default", got)
		}

		var patched apiRule
		s.mustDo(200, "PATCH", "/api/v1/routing/rules/"+refund.ID, admin, map[string]any{"name": "Refunds", "enabled": false, "remove_overflow": true}).JSON(t, &patched)
		if patched.Name != "Refunds" || patched.Enabled || patched.Overflow != nil || patched.Priority != "urgent" || patched.Target.TeamID != afterSales {
			t.Errorf("patched rule = %+v, want renamed, disabled, no overflow, the rest kept", patched)
		}
		s.mustDo(200, "PATCH", "/api/v1/routing/rules/"+def, admin, map[string]any{"priority": "low", "target": map[string]any{"team_id": afterSales, "policy": "manual"}})

		for name, tc := range map[string]struct {
			method, path string
			body         any
			status       int
			code, at     string
		}{
			"delete the default":       {"DELETE", "/api/v1/routing/rules/" + def, nil, 409, "conflict", ""},
			"disable the default":      {"PATCH", "/api/v1/routing/rules/" + def, map[string]any{"enabled": false}, 422, "invalid_input", "enabled"},
			"conditions on default":    {"PATCH", "/api/v1/routing/rules/" + def, map[string]any{"conditions": map[string]any{"regions": []string{"CN"}}}, 422, "invalid_input", "conditions"},
			"move the default":         {"PUT", "/api/v1/routing/rules/order", map[string]any{"ids": []string{def, presale.ID, refund.ID}}, 422, "invalid_input", "ids"},
			"reorder missing a rule":   {"PUT", "/api/v1/routing/rules/order", map[string]any{"ids": []string{presale.ID}}, 422, "invalid_input", "ids"},
			"reorder a duplicate":      {"PUT", "/api/v1/routing/rules/order", map[string]any{"ids": []string{presale.ID, presale.ID}}, 422, "invalid_input", "ids"},
			"overflow and remove":      {"PATCH", "/api/v1/routing/rules/" + presale.ID, map[string]any{"overflow": map[string]any{"after_seconds": 5, "drop_skills": true}, "remove_overflow": true}, 422, "invalid_input", "remove_overflow"},
			"patch a missing rule":     {"PATCH", "/api/v1/routing/rules/" + randomUUID, map[string]any{"name": "x"}, 404, "not_found", ""},
			"patch a malformed id":     {"PATCH", "/api/v1/routing/rules/not-an-id", map[string]any{"name": "x"}, 404, "not_found", ""},
			"delete a missing rule":    {"DELETE", "/api/v1/routing/rules/" + randomUUID, nil, 404, "not_found", ""},
			"patch with unknown field": {"PATCH", "/api/v1/routing/rules/" + presale.ID, map[string]any{"nmae": "x"}, 422, "invalid_input", ""},
		} {
			r := s.do(tc.method, tc.path, admin, tc.body)
			code, at := problemAt(t, r)
			if r.Status != tc.status || code != tc.code || (tc.at != "" && at != tc.at) {
				t.Errorf("%s: got %d %s at %q (%s), want %d %s at %q", name, r.Status, code, at, r.Body, tc.status, tc.code, tc.at)
			}
		}

		s.mustDo(204, "DELETE", "/api/v1/routing/rules/"+presale.ID, admin, nil)
		rules = s.mustRules(admin)
		if got := names(rules); !slices.Equal(got, []string{"Refunds", "Default"}) {
			t.Fatalf("rules after the delete = %v, want Refunds, Default", got)
		}
		if d := rules[1]; d.ID != def || d.Priority != "low" || d.Target.Policy != "manual" || d.Target.TeamID != afterSales || !d.Enabled {
			t.Errorf("default rule = %+v, want retargeted to After-sales, manual, low, still enabled", d)
		}
	})
}

// TestRoutingRuleValidation: every invalid rule is refused with invalid_input naming the field,
// and nothing is created.
func TestRoutingRuleValidation(t *testing.T) {
	s := MustRunSQLite(t)
	o := s.mustSetupOrg("Valid")
	other := s.mustSetupOrg("Elsewhere")
	admin := o.Tokens["admin"]
	foreignTeam := s.mustTeam(other.Tokens["owner"], "Theirs")
	ok := map[string]any{"policy": "round_robin"}
	many := make([]string, 51)
	for i := range many {
		many[i] = "v" + itoa(int64(i))
	}
	skills := func(reqs ...map[string]any) map[string]any {
		return map[string]any{"policy": "round_robin", "skills": reqs}
	}
	for name, tc := range map[string]struct {
		body map[string]any
		at   string // the error's location; huma's schema checks say body.<path>
	}{
		"empty name":              {map[string]any{"name": " ", "target": ok}, "name"},
		"long name":               {map[string]any{"name": strings.Repeat("名", 101), "target": ok}, "body.name"},
		"control character":       {map[string]any{"name": "a\x07b", "target": ok}, "name"},
		"unknown policy":          {map[string]any{"name": "r", "target": map[string]any{"policy": "random"}}, "body.target.policy"},
		"no policy":               {map[string]any{"name": "r", "target": map[string]any{}}, "body.target"},
		"unknown priority":        {map[string]any{"name": "r", "target": ok, "priority": "critical"}, "body.priority"},
		"unknown channel":         {map[string]any{"name": "r", "target": ok, "conditions": map[string]any{"channels": []string{"fax"}}}, "conditions.channels[0]"},
		"too many values":         {map[string]any{"name": "r", "target": ok, "conditions": map[string]any{"regions": many}}, "body.conditions.regions"},
		"empty value":             {map[string]any{"name": "r", "target": ok, "conditions": map[string]any{"inquiry_types": []string{"退款", ""}}}, "conditions.inquiry_types[1]"},
		"bad language":            {map[string]any{"name": "r", "target": ok, "conditions": map[string]any{"languages": []string{"english!"}}}, "conditions.languages[0]"},
		"bad business hours":      {map[string]any{"name": "r", "target": ok, "conditions": map[string]any{"business_hours": "sometimes"}}, "body.conditions.business_hours"},
		"inbox not an id":         {map[string]any{"name": "r", "target": ok, "conditions": map[string]any{"inbox_ids": []string{"x"}}}, "conditions.inbox_ids"},
		"another org's inbox":     {map[string]any{"name": "r", "target": ok, "conditions": map[string]any{"inbox_ids": []string{other.InboxID}}}, "conditions.inbox_ids"},
		"another org's team":      {map[string]any{"name": "r", "target": map[string]any{"policy": "manual", "team_id": foreignTeam}}, "target.team_id"},
		"missing team":            {map[string]any{"name": "r", "target": map[string]any{"policy": "manual", "team_id": randomUUID}}, "target.team_id"},
		"skill level 0":           {map[string]any{"name": "r", "target": skills(map[string]any{"name": "a", "min_level": 0})}, "body.target.skills[0].min_level"},
		"skill level 6":           {map[string]any{"name": "r", "target": skills(map[string]any{"name": "a", "min_level": 6})}, "body.target.skills[0].min_level"},
		"blank skill":             {map[string]any{"name": "r", "target": skills(map[string]any{"name": "  ", "min_level": 2})}, "target.skills[0].name"},
		"duplicate skill":         {map[string]any{"name": "r", "target": skills(map[string]any{"name": "VIP", "min_level": 2}, map[string]any{"name": "vip", "min_level": 3})}, "target.skills[1].name"},
		"sticky days":             {map[string]any{"name": "r", "target": map[string]any{"policy": "manual", "sticky": true, "sticky_days": 366}}, "body.target.sticky_days"},
		"overflow 0 s":            {map[string]any{"name": "r", "target": ok, "overflow": map[string]any{"after_seconds": 0, "drop_skills": true}}, "body.overflow.after_seconds"},
		"overflow past a day":     {map[string]any{"name": "r", "target": ok, "overflow": map[string]any{"after_seconds": 86401, "drop_skills": true}}, "body.overflow.after_seconds"},
		"overflow widens nothing": {map[string]any{"name": "r", "target": ok, "overflow": map[string]any{"after_seconds": 60}}, "overflow"},
		"overflow foreign team":   {map[string]any{"name": "r", "target": ok, "overflow": map[string]any{"after_seconds": 60, "team_id": foreignTeam}}, "overflow.team_id"},
	} {
		r := s.do("POST", "/api/v1/routing/rules", admin, tc.body)
		code, at := problemAt(t, r)
		if r.Status != 422 || code != "invalid_input" || at != tc.at {
			t.Errorf("%s: got %d %s at %q (%s), want 422 invalid_input at %q", name, r.Status, code, at, r.Body, tc.at)
		}
	}
	if got := names(s.mustRules(admin)); !slices.Equal(got, []string{"Default"}) {
		t.Errorf("rules after refused creations = %v, want the default alone", got)
	}
}

// TestRoutingRulesLimit: the 101st rule is refused.
func TestRoutingRulesLimit(t *testing.T) {
	s := MustRunSQLite(t)
	o := s.mustSetupOrg("Limit")
	for i := range 99 {
		s.mustCreateRule(o.Tokens["owner"], map[string]any{"name": "r" + itoa(int64(i)), "target": map[string]any{"policy": "manual"}})
	}
	r := s.do("POST", "/api/v1/routing/rules", o.Tokens["owner"], map[string]any{"name": "one too many", "target": map[string]any{"policy": "manual"}})
	if code, _ := problemAt(t, r); r.Status != 422 || code != "invalid_input" {
		t.Errorf("rule 101: got %d %s, want 422 invalid_input", r.Status, r.Body)
	}
	if n := len(s.mustRules(o.Tokens["owner"])); n != 100 {
		t.Errorf("rules = %d, want 100", n)
	}
}

// TestRoutingRulesPermissions: a plain agent can neither read nor change rules; a supervisor
// reads them but changes nothing; nothing a refused caller sent took effect.
func TestRoutingRulesPermissions(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		s := MustRunMain(t, testConfig(t, db))
		o := s.mustSetupOrg("Perms")
		rule := s.mustCreateRule(o.Tokens["admin"], map[string]any{"name": "Mine", "target": map[string]any{"policy": "manual"}})
		if got := names(s.mustRules(o.Tokens["supervisor"])); !slices.Equal(got, []string{"Mine", "Default"}) {
			t.Errorf("rules as a supervisor = %v, want Mine, Default", got)
		}
		writes := []struct {
			method, path string
			body         any
		}{
			{"POST", "/api/v1/routing/rules", map[string]any{"name": "x", "target": map[string]any{"policy": "manual"}}},
			{"PATCH", "/api/v1/routing/rules/" + rule.ID, map[string]any{"name": "Stolen"}},
			{"DELETE", "/api/v1/routing/rules/" + rule.ID, nil},
			{"PUT", "/api/v1/routing/rules/order", map[string]any{"ids": []string{rule.ID}}},
		}
		for _, who := range []string{"agent", "supervisor"} {
			for _, w := range writes {
				r := s.do(w.method, w.path, o.Tokens[who], w.body)
				if code, _ := problemAt(t, r); r.Status != 403 || code != "forbidden" {
					t.Errorf("%s %s as %s: got %d %s, want 403 forbidden", w.method, w.path, who, r.Status, r.Body)
				}
			}
		}
		r := s.do("GET", "/api/v1/routing/rules", o.Tokens["agent"], nil)
		if code, _ := problemAt(t, r); r.Status != 403 || code != "forbidden" {
			t.Errorf("list as a plain agent: got %d %s, want 403 forbidden", r.Status, r.Body)
		}
		if got := names(s.mustRules(o.Tokens["owner"])); !slices.Equal(got, []string{"Mine", "Default"}) {
			t.Errorf("rules after refused writes = %v, want Mine, Default", got)
		}
	})
}

// TestRoutingRulesIsolation: another organisation's administrator neither sees nor touches a
// rule; to them it does not exist.
func TestRoutingRulesIsolation(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		s := MustRunMain(t, testConfig(t, db))
		a, b := s.mustSetupOrg("Alpha"), s.mustSetupOrg("Beta")
		rule := s.mustCreateRule(a.Tokens["owner"], map[string]any{"name": "Alpha only", "target": map[string]any{"policy": "manual"}})
		if got := names(s.mustRules(b.Tokens["owner"])); !slices.Equal(got, []string{"Default"}) {
			t.Errorf("Beta's rules = %v, want its own default alone", got)
		}
		for _, call := range []struct {
			method string
			body   any
		}{{"PATCH", map[string]any{"name": "Beta was here"}}, {"DELETE", nil}} {
			r := s.do(call.method, "/api/v1/routing/rules/"+rule.ID, b.Tokens["owner"], call.body)
			if r.Status != 404 {
				t.Errorf("%s Alpha's rule as Beta: got %d %s, want 404", call.method, r.Status, r.Body)
			}
		}
		r := s.do("PUT", "/api/v1/routing/rules/order", b.Tokens["owner"], map[string]any{"ids": []string{rule.ID}})
		if r.Status != 422 {
			t.Errorf("reorder Beta's rules with Alpha's id: got %d %s, want 422", r.Status, r.Body)
		}
		if got := s.mustRules(a.Tokens["owner"]); got[0].Name != "Alpha only" || len(got) != 2 {
			t.Errorf("Alpha's rules after Beta's attempts = %v, want Alpha only, Default", names(got))
		}
	})
}

// TestRoutingRulesAudited: creating, changing, reordering and deleting rules leave audit entries.
func TestRoutingRulesAudited(t *testing.T) {
	s := MustRunSQLite(t)
	o := s.mustSetupOrg("Audit")
	owner := o.Tokens["owner"]
	a := s.mustCreateRule(owner, map[string]any{"name": "A", "target": map[string]any{"policy": "manual"}})
	b := s.mustCreateRule(owner, map[string]any{"name": "B", "target": map[string]any{"policy": "manual"}})
	s.mustDo(200, "PATCH", "/api/v1/routing/rules/"+a.ID, owner, map[string]any{"priority": "high"})
	s.mustDo(200, "PUT", "/api/v1/routing/rules/order", owner, map[string]any{"ids": []string{b.ID, a.ID}})
	s.mustDo(204, "DELETE", "/api/v1/routing/rules/"+b.ID, owner, nil)
	var page struct {
		Entries []struct {
			Action   string `json:"action"`
			TargetID string `json:"target_id"`
		} `json:"entries"`
	}
	s.mustDo(200, "GET", "/api/v1/audit?action=routing_rule", owner, nil).JSON(t, &page)
	var got []string
	for _, e := range page.Entries {
		got = append(got, e.Action)
	}
	slices.Sort(got)
	want := []string{"routing_rule.created", "routing_rule.created", "routing_rule.deleted", "routing_rule.updated", "routing_rules.reordered"}
	if !slices.Equal(got, want) {
		t.Errorf("audit actions = %v, want %v", got, want)
	}
}

// TestTeamOfRuleNotDeleted: a team a rule routes to (target or overflow) cannot be deleted
// until the rule stops naming it.
func TestTeamOfRuleNotDeleted(t *testing.T) {
	s := MustRunSQLite(t)
	o := s.mustSetupOrg("Teams")
	admin := o.Tokens["admin"]
	target, fallback := s.mustTeam(admin, "Target"), s.mustTeam(admin, "Fallback")
	rule := s.mustCreateRule(admin, map[string]any{"name": "R", "target": map[string]any{"team_id": target, "policy": "manual"},
		"overflow": map[string]any{"after_seconds": 60, "team_id": fallback}})
	for _, team := range []string{target, fallback} {
		r := s.do("DELETE", "/api/v1/teams/"+team, admin, nil)
		if code, _ := problemAt(t, r); r.Status != 409 || code != "conflict" {
			t.Errorf("delete a team rule R names: got %d %s, want 409 conflict", r.Status, r.Body)
		}
	}
	s.mustDo(200, "PATCH", "/api/v1/routing/rules/"+rule.ID, admin, map[string]any{"target": map[string]any{"policy": "manual"}, "remove_overflow": true})
	s.mustDo(204, "DELETE", "/api/v1/teams/"+target, admin, nil)
	s.mustDo(204, "DELETE", "/api/v1/teams/"+fallback, admin, nil)
}
