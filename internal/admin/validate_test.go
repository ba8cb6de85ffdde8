package admin_test

import (
	"context"
	"strings"
	"testing"

	"github.com/kefu-dev/kefu/internal/admin"
	"github.com/kefu-dev/kefu/internal/kefu"
)

func TestValidation(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		a := e.mustOrg(t, "acme")
		b := e.mustOrg(t, "bravo")
		own := a.actor(kefu.RoleOwner)
		agentID := a.agents[kefu.RoleAgent].ID
		team, err := e.svc.CreateTeam(ctx, own, admin.TeamInput{Name: "Sales"})
		if err != nil {
			t.Fatalf("CreateTeam: %v", err)
		}
		inbox, err := e.svc.CreateInbox(ctx, own, admin.InboxInput{Name: "Site"})
		if err != nil {
			t.Fatalf("CreateInbox: %v", err)
		}
		label, err := e.svc.CreateLabel(ctx, own, admin.LabelInput{Name: "vip"})
		if err != nil {
			t.Fatalf("CreateLabel: %v", err)
		}
		before := snapshot(t, e, own)

		newAgent := func(edit func(in *admin.AgentInput)) func() error {
			return func() error {
				in := admin.AgentInput{Email: "new@example.com", Name: "New", Password: testPassword, Role: kefu.RoleAgent}
				edit(&in)
				_, err := e.svc.CreateAgent(ctx, own, in)
				return err
			}
		}
		settings := func(edit func(s *kefu.OrgSettings)) func() error {
			return func() error {
				s := kefu.DefaultOrgSettings()
				edit(&s)
				_, err := e.svc.UpdateOrg(ctx, own, admin.OrgPatch{Settings: &s})
				return err
			}
		}
		origins := func(o ...string) func() error {
			return func() error {
				_, err := e.svc.UpdateInbox(ctx, own, inbox.ID, admin.InboxPatch{AllowedOrigins: &o})
				return err
			}
		}
		profile := func(p admin.ProfilePatch) func() error {
			return func() error { _, err := e.svc.UpdateProfile(ctx, own, p); return err }
		}
		tests := []struct {
			name  string
			run   func() error
			field string
		}{
			{"agent email missing", newAgent(func(in *admin.AgentInput) { in.Email = " " }), "email"},
			{"agent email no at", newAgent(func(in *admin.AgentInput) { in.Email = "new.example.com" }), "email"},
			{"agent email display name", newAgent(func(in *admin.AgentInput) { in.Email = "New <new@example.com>" }), "email"},
			{"agent email no domain dot", newAgent(func(in *admin.AgentInput) { in.Email = "new@localhost" }), "email"},
			{"agent name empty", newAgent(func(in *admin.AgentInput) { in.Name = "   " }), "name"},
			{"agent name too long", newAgent(func(in *admin.AgentInput) { in.Name = strings.Repeat("名", 101) }), "name"},
			{"agent name control char", newAgent(func(in *admin.AgentInput) { in.Name = "a\x00b" }), "name"},
			{"agent name invalid utf8", newAgent(func(in *admin.AgentInput) { in.Name = "a\xffb" }), "name"},
			{"agent password short", newAgent(func(in *admin.AgentInput) { in.Password = "1234567" }), "password"},
			{"agent role unknown", newAgent(func(in *admin.AgentInput) { in.Role = "root" }), "role"},
			{"agent capacity negative", newAgent(func(in *admin.AgentInput) { in.Capacity = ptr(-1) }), "capacity"},
			{"agent capacity too big", newAgent(func(in *admin.AgentInput) { in.Capacity = ptr(1001) }), "capacity"},
			{"update agent role unknown", func() error {
				_, err := e.svc.UpdateAgent(ctx, own, agentID, admin.AgentPatch{Role: ptr(kefu.Role("Admin"))})
				return err
			}, "role"},
			{"update agent capacity", func() error {
				_, err := e.svc.UpdateAgent(ctx, own, agentID, admin.AgentPatch{Capacity: ptr(5000)})
				return err
			}, "capacity"},
			{"org name empty", func() error { _, err := e.svc.UpdateOrg(ctx, own, admin.OrgPatch{Name: ptr("")}); return err }, "name"},
			{"org locale unknown", settings(func(s *kefu.OrgSettings) { s.Locale = "fr" }), "settings.locale"},
			{"org timezone unknown", settings(func(s *kefu.OrgSettings) { s.Timezone = "Mars/Olympus" }), "settings.timezone"},
			{"org timezone empty", settings(func(s *kefu.OrgSettings) { s.Timezone = "" }), "settings.timezone"},
			{"org timezone Local", settings(func(s *kefu.OrgSettings) { s.Timezone = "Local" }), "settings.timezone"},
			{"org timezone path", settings(func(s *kefu.OrgSettings) { s.Timezone = "../../etc/passwd" }), "settings.timezone"},
			{"team name too long", func() error {
				_, err := e.svc.CreateTeam(ctx, own, admin.TeamInput{Name: strings.Repeat("x", 101)})
				return err
			}, "name"},
			{"team description too long", func() error {
				_, err := e.svc.UpdateTeam(ctx, own, team.ID, admin.TeamPatch{Description: ptr(strings.Repeat("x", 501))})
				return err
			}, "description"},
			{"team member of other org", func() error {
				_, err := e.svc.UpdateTeam(ctx, own, team.ID, admin.TeamPatch{MemberIDs: &[]string{b.agents[kefu.RoleAgent].ID}})
				return err
			}, "member_ids"},
			{"team member malformed id", func() error {
				_, err := e.svc.CreateTeam(ctx, own, admin.TeamInput{Name: "X", MemberIDs: []string{"1 OR 1=1"}})
				return err
			}, "member_ids"},
			{"label name too long", func() error {
				_, err := e.svc.CreateLabel(ctx, own, admin.LabelInput{Name: strings.Repeat("x", 51)})
				return err
			}, "name"},
			{"label colour word", func() error {
				_, err := e.svc.CreateLabel(ctx, own, admin.LabelInput{Name: "red", Color: "red"})
				return err
			}, "color"},
			{"label colour short", func() error {
				_, err := e.svc.UpdateLabel(ctx, own, label.ID, admin.LabelPatch{Color: ptr("#fff")})
				return err
			}, "color"},
			{"label colour not hex", func() error {
				_, err := e.svc.UpdateLabel(ctx, own, label.ID, admin.LabelPatch{Color: ptr("#GGGGGG")})
				return err
			}, "color"},
			{"inbox name empty", func() error { _, err := e.svc.CreateInbox(ctx, own, admin.InboxInput{}); return err }, "name"},
			{"inbox greeting too long", func() error {
				_, err := e.svc.CreateInbox(ctx, own, admin.InboxInput{Name: "X", Greeting: strings.Repeat("你", 1001)})
				return err
			}, "greeting"},
			{"inbox member of other org", func() error {
				_, err := e.svc.CreateInbox(ctx, own, admin.InboxInput{Name: "X", MemberIDs: []string{b.agents[kefu.RoleOwner].ID}})
				return err
			}, "member_ids"},
			{"origin with path", origins("https://example.com/shop"), "allowed_origins"},
			{"origin ftp", origins("ftp://example.com"), "allowed_origins"},
			{"origin javascript", origins("javascript:alert(1)"), "allowed_origins"},
			{"origin bare host", origins("example.com"), "allowed_origins"},
			{"origin query", origins("https://example.com?x=1"), "allowed_origins"},
			{"origin userinfo", origins("https://u:p@example.com"), "allowed_origins"},
			{"origin bad port", origins("https://example.com:99999"), "allowed_origins"},
			{"origin empty", origins(""), "allowed_origins"},
			{"profile avatar javascript", profile(admin.ProfilePatch{AvatarURL: ptr("javascript:alert(1)")}), "avatar_url"},
			{"profile avatar relative", profile(admin.ProfilePatch{AvatarURL: ptr("/me.png")}), "avatar_url"},
			{"profile availability", profile(admin.ProfilePatch{Availability: ptr(kefu.Availability("busy"))}), "availability"},
			{"profile name", profile(admin.ProfilePatch{Name: ptr("")}), "name"},
			{"profile new password short", profile(admin.ProfilePatch{CurrentPassword: testPassword, NewPassword: "short"}), "new_password"},
			{"token name empty", func() error { _, _, err := e.svc.CreateAPIToken(ctx, own, " ", kefu.RoleAgent, nil); return err }, "name"},
			{"token role unknown", func() error { _, _, err := e.svc.CreateAPIToken(ctx, own, "ci", "god", nil); return err }, "role"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) { wantField(t, tt.name, tt.run(), tt.field) })
		}
		if after := snapshot(t, e, own); after != before {
			t.Errorf("state after rejected input:\n got %s\nwant %s", after, before)
		}
	})
}

// snapshot renders what the validation cases could have changed, to prove they changed nothing.
func snapshot(t *testing.T, e *env, actor kefu.Actor) string {
	t.Helper()
	ctx := context.Background()
	var sb strings.Builder
	org, err := e.svc.GetOrg(ctx, actor)
	must(t, err)
	sb.WriteString(org.Name + " " + org.Settings.Locale + " " + org.Settings.Timezone + "|")
	agents, err := e.svc.ListAgents(ctx, actor)
	must(t, err)
	for _, a := range agents {
		sb.WriteString(a.Email + " " + a.Name + " " + string(a.Role) + " " + string(a.Availability) + " " + a.AvatarURL + " " + a.PasswordHash + "|")
	}
	teams, err := e.svc.ListTeams(ctx, actor)
	must(t, err)
	for _, tm := range teams {
		sb.WriteString(tm.Name + " " + tm.Description + " " + strings.Join(tm.MemberIDs, ",") + "|")
	}
	labels, err := e.svc.ListLabels(ctx, actor)
	must(t, err)
	for _, l := range labels {
		sb.WriteString(l.Name + " " + l.Color + "|")
	}
	inboxes, err := e.svc.ListInboxes(ctx, actor)
	must(t, err)
	for _, ib := range inboxes {
		sb.WriteString(ib.Name + " " + ib.Greeting + " " + strings.Join(ib.AllowedOrigins, ",") + "|")
	}
	toks, err := e.svc.ListAPITokens(ctx, actor)
	must(t, err)
	sb.WriteString(strings.Repeat("t", len(toks)))
	return sb.String()
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
