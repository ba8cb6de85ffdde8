package main

import (
	"slices"
	"strings"
	"testing"
)

// apiAgent is an agent as GET /api/v1/agents answers it, with its routing attributes.
type apiAgent struct {
	ID     string `json:"id"`
	Skills []struct {
		Name  string `json:"name"`
		Level int    `json:"level"`
	} `json:"skills"`
	Languages []string `json:"languages"`
}

func (s *testServer) mustAgentByID(token, id string) apiAgent {
	s.t.Helper()
	var out struct {
		Agents []apiAgent `json:"agents"`
	}
	s.mustDo(200, "GET", "/api/v1/agents", token, nil).JSON(s.t, &out)
	for _, a := range out.Agents {
		if a.ID == id {
			return a
		}
	}
	s.t.Fatalf("agent %s not listed", id)
	return apiAgent{}
}

// TestAgentSkillsAPI: an administrator sets an agent's skills and languages; the list shows
// them to every colleague; bad lists are refused naming the field; a plain agent cannot set
// them, not even their own.
func TestAgentSkillsAPI(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		s := MustRunMain(t, testConfig(t, db))
		o := s.mustSetupOrg("Skills")
		id, path := o.AgentIDs["agent"], "/api/v1/agents/"+o.AgentIDs["agent"]
		if a := s.mustAgentByID(o.Tokens["agent"], id); a.Skills == nil || a.Languages == nil || len(a.Skills)+len(a.Languages) != 0 {
			t.Errorf("a new agent's skills %v languages %v, want empty lists", a.Skills, a.Languages)
		}
		s.mustDo(200, "PATCH", path, o.Tokens["admin"], map[string]any{
			"skills":    []map[string]any{{"name": " 退款 ", "level": 5}, {"name": "billing", "level": 2}},
			"languages": []string{"zh-CN", "en", "EN"}})
		a := s.mustAgentByID(o.Tokens["agent"], id)
		if len(a.Skills) != 2 || a.Skills[0].Name != "退款" || a.Skills[0].Level != 5 || a.Skills[1].Name != "billing" {
			t.Errorf("skills = %+v, want 退款 5 (trimmed), billing 2", a.Skills)
		}
		if !slices.Equal(a.Languages, []string{"zh-CN", "en"}) {
			t.Errorf("languages = %v, want zh-CN, en (the duplicate dropped)", a.Languages)
		}
		skills := func(n int) []map[string]any {
			out := make([]map[string]any, n)
			for i := range out {
				out[i] = map[string]any{"name": "s" + itoa(int64(i)), "level": 1}
			}
			return out
		}
		for name, tc := range map[string]struct {
			body map[string]any
			at   string
		}{
			"21 skills":         {map[string]any{"skills": skills(21)}, "body.skills"},
			"level 0":           {map[string]any{"skills": []map[string]any{{"name": "a", "level": 0}}}, "body.skills[0].level"},
			"level 6":           {map[string]any{"skills": []map[string]any{{"name": "a", "level": 6}}}, "body.skills[0].level"},
			"name of 41":        {map[string]any{"skills": []map[string]any{{"name": strings.Repeat("x", 41), "level": 1}}}, "body.skills[0].name"},
			"blank name":        {map[string]any{"skills": []map[string]any{{"name": "   ", "level": 1}}}, "skills[0].name"},
			"same name, case":   {map[string]any{"skills": []map[string]any{{"name": "VIP", "level": 1}, {"name": "vip", "level": 2}}}, "skills[1].name"},
			"11 languages":      {map[string]any{"languages": []string{"aa", "ab", "ae", "af", "ak", "am", "an", "ar", "as", "av", "ay"}}, "body.languages"},
			"not a language":    {map[string]any{"languages": []string{"en", "English please"}}, "languages[1]"},
			"one-letter prefix": {map[string]any{"languages": []string{"e-GB"}}, "languages[0]"},
		} {
			r := s.do("PATCH", path, o.Tokens["admin"], tc.body)
			code, at := problemAt(t, r)
			if r.Status != 422 || code != "invalid_input" || at != tc.at {
				t.Errorf("%s: got %d %s at %q (%s), want 422 invalid_input at %q", name, r.Status, code, at, r.Body, tc.at)
			}
		}
		r := s.do("PATCH", path, o.Tokens["agent"], map[string]any{"skills": []map[string]any{{"name": "everything", "level": 5}}})
		if r.Status != 403 {
			t.Errorf("a plain agent setting their own skills: got %d %s, want 403", r.Status, r.Body)
		}
		if a := s.mustAgentByID(o.Tokens["owner"], id); len(a.Skills) != 2 || len(a.Languages) != 2 {
			t.Errorf("after refused patches: skills %+v languages %v, want the two set before", a.Skills, a.Languages)
		}
		s.mustDo(200, "PATCH", path, o.Tokens["admin"], map[string]any{"skills": []any{}})
		if a := s.mustAgentByID(o.Tokens["owner"], id); len(a.Skills) != 0 || len(a.Languages) != 2 {
			t.Errorf("after clearing skills: skills %+v languages %v, want none and the languages kept", a.Skills, a.Languages)
		}
	})
}

// TestInboxRoutingAPI: an inbox's business hours and queue limit are set at creation and by
// update, read back whole, and refused with the offending field when invalid.
func TestInboxRoutingAPI(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		s := MustRunMain(t, testConfig(t, db))
		o := s.mustSetupOrg("Hours")
		owner := o.Tokens["owner"]
		routing := map[string]any{"max_queue": 5, "business_hours": map[string]any{"enabled": true, "timezone": "Asia/Shanghai",
			"weekly":  []map[string]any{{"day": 1, "start": "09:00", "end": "18:00"}, {"day": 5, "start": "22:00", "end": "02:00"}},
			"special": []map[string]any{{"date": "2026-10-01", "name": "国庆节", "closed": true}}}}
		var created struct {
			ID      string         `json:"id"`
			Routing map[string]any `json:"routing"`
		}
		s.mustDo(201, "POST", "/api/v1/inboxes", owner, map[string]any{"name": "Shop", "routing": routing}).JSON(t, &created)
		var got struct {
			Routing struct {
				MaxQueue      int `json:"max_queue"`
				BusinessHours struct {
					Enabled  bool             `json:"enabled"`
					Timezone string           `json:"timezone"`
					Weekly   []map[string]any `json:"weekly"`
					Special  []map[string]any `json:"special"`
				} `json:"business_hours"`
			} `json:"routing"`
		}
		s.mustDo(200, "GET", "/api/v1/inboxes/"+created.ID, owner, nil).JSON(t, &got)
		bh := got.Routing.BusinessHours
		if got.Routing.MaxQueue != 5 || !bh.Enabled || bh.Timezone != "Asia/Shanghai" || len(bh.Weekly) != 2 || bh.Weekly[1]["end"] != "02:00" ||
			len(bh.Special) != 1 || bh.Special[0]["name"] != "国庆节" {
			t.Errorf("inbox routing read back = %+v, want what was sent", got.Routing)
		}
		s.mustDo(200, "PATCH", "/api/v1/inboxes/"+o.InboxID, owner, map[string]any{"routing": map[string]any{"max_queue": 0,
			"business_hours": map[string]any{"enabled": false, "timezone": "", "weekly": []any{}, "special": []any{}}}})
		// Routing is replaced whole: every field is sent, one of them wrong.
		bad := func(set map[string]any) map[string]any {
			bh := map[string]any{"enabled": true, "timezone": "Asia/Shanghai", "weekly": []any{}, "special": []any{}}
			for k, v := range set {
				bh[k] = v
			}
			return map[string]any{"routing": map[string]any{"max_queue": 0, "business_hours": bh}}
		}
		for name, tc := range map[string]struct {
			body map[string]any
			at   string
		}{
			"unknown zone":   {bad(map[string]any{"timezone": "Mars/Olympus"}), "routing.business_hours.timezone"},
			"bad start":      {bad(map[string]any{"weekly": []map[string]any{{"day": 1, "start": "9am", "end": "18:00"}}}), "body.routing.business_hours.weekly[0].start"},
			"day 7":          {bad(map[string]any{"weekly": []map[string]any{{"day": 7, "start": "09:00", "end": "18:00"}}}), "body.routing.business_hours.weekly[0].day"},
			"bad date":       {bad(map[string]any{"special": []map[string]any{{"date": "2026-02-30", "closed": true}}}), "routing.business_hours.special[0].date"},
			"negative queue": {map[string]any{"routing": map[string]any{"max_queue": -1, "business_hours": bad(nil)["routing"].(map[string]any)["business_hours"]}}, "body.routing.max_queue"},
		} {
			r := s.do("PATCH", "/api/v1/inboxes/"+o.InboxID, owner, tc.body)
			code, at := problemAt(t, r)
			if r.Status != 422 || code != "invalid_input" || at != tc.at {
				t.Errorf("%s: got %d %s at %q (%s), want 422 invalid_input at %q", name, r.Status, code, at, r.Body, tc.at)
			}
		}
	})
}

// TestOrgRoutingSettings: the accept timeout (0–3600 s) and release-on-away are organisation
// settings only settings.manage changes.
func TestOrgRoutingSettings(t *testing.T) {
	s := MustRunSQLite(t)
	o := s.mustSetupOrg("Timeout")
	var org struct {
		Settings map[string]any `json:"settings"`
	}
	s.mustDo(200, "GET", "/api/v1/org", o.Tokens["owner"], nil).JSON(t, &org)
	org.Settings["accept_timeout_seconds"], org.Settings["release_on_away"] = 90, true
	s.mustDo(200, "PATCH", "/api/v1/org", o.Tokens["admin"], map[string]any{"settings": org.Settings})
	var got struct {
		Settings struct {
			AcceptTimeout int  `json:"accept_timeout_seconds"`
			ReleaseOnAway bool `json:"release_on_away"`
		} `json:"settings"`
	}
	s.mustDo(200, "GET", "/api/v1/org", o.Tokens["agent"], nil).JSON(t, &got)
	if got.Settings.AcceptTimeout != 90 || !got.Settings.ReleaseOnAway {
		t.Errorf("settings = %+v, want accept timeout 90 and release on away", got.Settings)
	}
	org.Settings["accept_timeout_seconds"] = 3601
	r := s.do("PATCH", "/api/v1/org", o.Tokens["admin"], map[string]any{"settings": org.Settings})
	if code, at := problemAt(t, r); r.Status != 422 || code != "invalid_input" || at != "body.settings.accept_timeout_seconds" {
		t.Errorf("accept timeout 3601: got %d %s, want 422 at body.settings.accept_timeout_seconds", r.Status, r.Body)
	}
	org.Settings["accept_timeout_seconds"] = 0
	if r := s.do("PATCH", "/api/v1/org", o.Tokens["supervisor"], map[string]any{"settings": org.Settings}); r.Status != 403 {
		t.Errorf("a supervisor changing settings: got %d %s, want 403", r.Status, r.Body)
	}
}
