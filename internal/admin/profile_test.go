package admin_test

import (
	"context"
	"testing"

	"github.com/kefu-dev/kefu/internal/admin"
	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/kefu/kefutest"
)

func TestUpdateProfile(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		a := e.mustOrg(t, "acme")
		me := a.actor(kefu.RoleAgent)
		got, err := e.svc.UpdateProfile(ctx, me, admin.ProfilePatch{
			Name: ptr("  Zhang San "), AvatarURL: ptr("https://cdn.example.com/z.png"), Availability: ptr(kefu.Away),
		})
		if err != nil {
			t.Fatalf("UpdateProfile: %v", err)
		}
		if got.Name != "Zhang San" || got.AvatarURL != "https://cdn.example.com/z.png" || got.Availability != kefu.Away {
			t.Errorf("profile: got %q %q %q, want trimmed name, avatar, away", got.Name, got.AvatarURL, got.Availability)
		}
		stored, err := e.svc.Me(ctx, me)
		if err != nil || stored.Name != "Zhang San" || stored.Role != kefu.RoleAgent {
			t.Errorf("Me: got %+v, %v, want the saved profile with role unchanged", stored, err)
		}

		_, err = e.svc.UpdateProfile(ctx, me, admin.ProfilePatch{CurrentPassword: "wrong password", NewPassword: "a new password"})
		kefutest.WantCode(t, "wrong current password", err, kefu.CodeForbidden)
		_, err = e.svc.UpdateProfile(ctx, me, admin.ProfilePatch{NewPassword: "a new password"})
		kefutest.WantCode(t, "no current password", err, kefu.CodeForbidden)
		if _, _, _, err := e.auth.Login(ctx, "agent@acme.example.com", testPassword, "10.0.0.1"); err != nil {
			t.Fatalf("old password after refused changes: %v", err)
		}

		if _, err := e.svc.UpdateProfile(ctx, me, admin.ProfilePatch{CurrentPassword: testPassword, NewPassword: "a new password"}); err != nil {
			t.Fatalf("change password: %v", err)
		}
		if _, _, _, err := e.auth.Login(ctx, "agent@acme.example.com", "a new password", "10.0.0.2"); err != nil {
			t.Errorf("login with the new password: %v", err)
		}
		_, _, _, err = e.auth.Login(ctx, "agent@acme.example.com", testPassword, "10.0.0.3")
		kefutest.WantCode(t, "login with the old password", err, kefu.CodeUnauthenticated)

		cleared, err := e.svc.UpdateProfile(ctx, me, admin.ProfilePatch{AvatarURL: ptr("")})
		if err != nil || cleared.AvatarURL != "" {
			t.Errorf("clear avatar: got %q, %v, want empty", cleared.AvatarURL, err)
		}
	})
}
