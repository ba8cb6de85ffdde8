package admin_test

import (
	"context"
	"slices"
	"testing"

	"github.com/kefu-dev/kefu/internal/admin"
	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/kefu/kefutest"
)

func TestTeams(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		a := e.mustOrg(t, "acme")
		own := a.actor(kefu.RoleAdmin)
		agentID, supID := a.agents[kefu.RoleAgent].ID, a.agents[kefu.RoleSupervisor].ID
		tm, err := e.svc.CreateTeam(ctx, own, admin.TeamInput{Name: "售后", Description: " after-sales ", MemberIDs: []string{agentID}})
		if err != nil {
			t.Fatalf("CreateTeam: %v", err)
		}
		if tm.Name != "售后" || tm.Description != "after-sales" || !slices.Equal(tm.MemberIDs, []string{agentID}) {
			t.Errorf("created: got %+v", tm)
		}
		if _, err := e.svc.UpdateTeam(ctx, own, tm.ID, admin.TeamPatch{MemberIDs: &[]string{supID, agentID}}); err != nil {
			t.Fatalf("UpdateTeam: %v", err)
		}
		got, err := e.svc.GetTeam(ctx, a.actor(kefu.RoleAgent), tm.ID)
		if err != nil {
			t.Fatalf("GetTeam: %v", err)
		}
		slices.Sort(got.MemberIDs)
		want := []string{agentID, supID}
		slices.Sort(want)
		if !slices.Equal(got.MemberIDs, want) || got.Description != "after-sales" {
			t.Errorf("after update: got members %v description %q, want %v and description kept", got.MemberIDs, got.Description, want)
		}
		if err := e.svc.DeleteTeam(ctx, own, tm.ID); err != nil {
			t.Fatalf("DeleteTeam: %v", err)
		}
		_, err = e.svc.GetTeam(ctx, own, tm.ID)
		kefutest.WantCode(t, "GetTeam after delete", err, kefu.CodeNotFound)
	})
}

func TestLabels(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		a := e.mustOrg(t, "acme")
		b := e.mustOrg(t, "bravo")
		adm := a.actor(kefu.RoleAdmin)
		l, err := e.svc.CreateLabel(ctx, adm, admin.LabelInput{Name: "vip", Color: "#ff8800"})
		if err != nil {
			t.Fatalf("CreateLabel: %v", err)
		}
		if l.Color != "#FF8800" {
			t.Errorf("colour: got %q, want #FF8800", l.Color)
		}
		_, err = e.svc.CreateLabel(ctx, adm, admin.LabelInput{Name: " vip "})
		kefutest.WantCode(t, "duplicate label", err, kefu.CodeConflict)
		if _, err := e.svc.CreateLabel(ctx, b.actor(kefu.RoleAdmin), admin.LabelInput{Name: "vip"}); err != nil {
			t.Errorf("same name in another org: %v", err)
		}
		plain, err := e.svc.CreateLabel(ctx, adm, admin.LabelInput{Name: "refund"})
		if err != nil || plain.Color != admin.DefaultLabelColor {
			t.Errorf("default colour: got %v, %v, want %s", plain, err, admin.DefaultLabelColor)
		}
		_, err = e.svc.UpdateLabel(ctx, adm, plain.ID, admin.LabelPatch{Name: ptr("vip")})
		kefutest.WantCode(t, "rename onto an existing label", err, kefu.CodeConflict)
		renamed, err := e.svc.UpdateLabel(ctx, adm, plain.ID, admin.LabelPatch{Name: ptr("退款")})
		if err != nil || renamed.Name != "退款" || renamed.Color != admin.DefaultLabelColor {
			t.Errorf("rename: got %+v, %v", renamed, err)
		}
		if err := e.svc.DeleteLabel(ctx, adm, l.ID); err != nil {
			t.Fatalf("DeleteLabel: %v", err)
		}
		list, err := e.svc.ListLabels(ctx, a.actor(kefu.RoleAgent))
		if err != nil || len(list) != 1 || list[0].Name != "退款" {
			t.Errorf("labels after delete: got %v, %v, want only 退款", list, err)
		}
	})
}

// TestListsStayInOrg checks every list shows only the actor's own organisation.
func TestListsStayInOrg(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		a := e.mustOrg(t, "acme")
		b := e.mustOrg(t, "bravo")
		for _, o := range []*org{a, b} {
			own := o.actor(kefu.RoleOwner)
			_, err1 := e.svc.CreateTeam(ctx, own, admin.TeamInput{Name: "T"})
			_, err2 := e.svc.CreateLabel(ctx, own, admin.LabelInput{Name: "L"})
			_, err3 := e.svc.CreateInbox(ctx, own, admin.InboxInput{Name: "I"})
			_, _, err4 := e.svc.CreateAPIToken(ctx, own, "K", kefu.RoleAgent, nil)
			for _, err := range []error{err1, err2, err3, err4} {
				must(t, err)
			}
		}
		actor := b.actor(kefu.RoleOwner)
		agents, err := e.svc.ListAgents(ctx, actor)
		must(t, err)
		teams, err := e.svc.ListTeams(ctx, actor)
		must(t, err)
		labels, err := e.svc.ListLabels(ctx, actor)
		must(t, err)
		inboxes, err := e.svc.ListInboxes(ctx, actor)
		must(t, err)
		toks, err := e.svc.ListAPITokens(ctx, actor)
		must(t, err)
		var orgIDs []string
		for _, x := range agents {
			orgIDs = append(orgIDs, x.OrgID)
		}
		for _, x := range teams {
			orgIDs = append(orgIDs, x.OrgID)
		}
		for _, x := range labels {
			orgIDs = append(orgIDs, x.OrgID)
		}
		for _, x := range inboxes {
			orgIDs = append(orgIDs, x.OrgID)
		}
		for _, x := range toks {
			orgIDs = append(orgIDs, x.OrgID)
		}
		if len(orgIDs) != len(roles)+4 {
			t.Errorf("rows listed for org B: got %d, want %d", len(orgIDs), len(roles)+4)
		}
		for _, id := range orgIDs {
			if id != b.org.ID {
				t.Errorf("org B sees a row of org %s", id)
			}
		}
		org, err := e.svc.GetOrg(ctx, actor)
		if err != nil || org.ID != b.org.ID {
			t.Errorf("GetOrg: got %v, %v, want org B", org, err)
		}
	})
}
