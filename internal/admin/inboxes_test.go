package admin_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/kefu-dev/kefu/internal/admin"
	"github.com/kefu-dev/kefu/internal/auth"
	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/kefu/kefutest"
)

func TestInboxLifecycle(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		a := e.mustOrg(t, "acme")
		own := a.actor(kefu.RoleOwner)
		ib, err := e.svc.CreateInbox(ctx, own, admin.InboxInput{
			Name: " Website ", Greeting: "你好！\nHow can we help?",
			AllowedOrigins: []string{"HTTPS://Shop.Example.com/", "http://localhost:3000", "https://shop.example.com", "*"},
			MemberIDs:      []string{a.agents[kefu.RoleAgent].ID, a.agents[kefu.RoleAgent].ID},
		})
		if err != nil {
			t.Fatalf("CreateInbox: %v", err)
		}
		wantOrigins := []string{"https://shop.example.com", "http://localhost:3000", "*"}
		if ib.Name != "Website" || ib.Channel != kefu.ChannelWeb || !slices.Equal(ib.AllowedOrigins, wantOrigins) {
			t.Errorf("created: got name %q channel %q origins %q, want Website web %q", ib.Name, ib.Channel, ib.AllowedOrigins, wantOrigins)
		}
		if !slices.Equal(ib.MemberIDs, []string{a.agents[kefu.RoleAgent].ID}) {
			t.Errorf("members: got %v, want the agent once", ib.MemberIDs)
		}
		if !strings.HasPrefix(ib.WidgetKey, auth.WidgetKeyPrefix) {
			t.Errorf("widget key: got %q, want prefix %q", ib.WidgetKey, auth.WidgetKeyPrefix)
		}
		if ib.IdentitySecret != "" {
			t.Errorf("CreateInbox returned the identity secret")
		}

		secret, err := e.svc.InboxSecret(ctx, a.actor(kefu.RoleAdmin), ib.ID)
		if err != nil || len(secret) != 64 {
			t.Fatalf("InboxSecret: got %q, %v, want 64 hex characters", secret, err)
		}
		got, err := e.svc.GetInbox(ctx, a.actor(kefu.RoleAgent), ib.ID)
		if err != nil || got.IdentitySecret != "" {
			t.Errorf("GetInbox: got secret %q, %v, want none", got.IdentitySecret, err)
		}
		list, err := e.svc.ListInboxes(ctx, a.actor(kefu.RoleAgent))
		if err != nil || len(list) != 1 || list[0].IdentitySecret != "" {
			t.Errorf("ListInboxes: got %d inboxes, %v, want one without secret", len(list), err)
		}

		public, err := e.svc.InboxByWidgetKey(ctx, ib.WidgetKey)
		if err != nil || public.ID != ib.ID || public.IdentitySecret != secret {
			t.Errorf("InboxByWidgetKey: got %v, %v, want the inbox with its secret for verification", public, err)
		}
		for _, key := range []string{"", "wk_unknown", strings.Repeat("k", 500)} {
			_, err := e.svc.InboxByWidgetKey(ctx, key)
			kefutest.WantCode(t, "InboxByWidgetKey("+key+")", err, kefu.CodeNotFound)
		}

		updated, err := e.svc.UpdateInbox(ctx, own, ib.ID, admin.InboxPatch{
			EnforceIdentity: ptr(true), AllowedOrigins: &[]string{}, RotateIdentitySecret: true,
		})
		if err != nil {
			t.Fatalf("UpdateInbox: %v", err)
		}
		if !updated.EnforceIdentity || len(updated.AllowedOrigins) != 0 || updated.Name != "Website" || updated.IdentitySecret != "" {
			t.Errorf("updated: got %+v, want enforced, any origin, name kept, no secret", updated)
		}
		rotated, err := e.svc.InboxSecret(ctx, own, ib.ID)
		if err != nil || rotated == secret || len(rotated) != 64 {
			t.Errorf("rotated secret: got %q (old %q), %v, want a new one", rotated, secret, err)
		}
		kept, err := e.svc.UpdateInbox(ctx, own, ib.ID, admin.InboxPatch{Greeting: ptr("hi")})
		if err != nil || kept.WidgetKey != ib.WidgetKey {
			t.Errorf("widget key after update: got %q, %v, want %q", kept.WidgetKey, err, ib.WidgetKey)
		}
		if s, _ := e.svc.InboxSecret(ctx, own, ib.ID); s != rotated {
			t.Errorf("secret after an update without rotation: got %q, want %q", s, rotated)
		}

		if err := e.svc.DeleteInbox(ctx, own, ib.ID); err != nil {
			t.Fatalf("DeleteInbox: %v", err)
		}
		_, err = e.svc.GetInbox(ctx, own, ib.ID)
		kefutest.WantCode(t, "GetInbox after delete", err, kefu.CodeNotFound)
		_, err = e.svc.InboxByWidgetKey(ctx, ib.WidgetKey)
		kefutest.WantCode(t, "InboxByWidgetKey after delete", err, kefu.CodeNotFound)
	})
}
