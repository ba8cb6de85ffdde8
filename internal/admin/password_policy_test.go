package admin_test

import (
	"context"
	"testing"

	"github.com/kefu-dev/kefu/internal/admin"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// TestOrgPasswordMinLength: an owner (security.manage) may raise the organisation's password
// minimum, an admin may not change it, out-of-range values are refused, and the raised minimum
// applies to new agents and password changes of that organisation only.
func TestOrgPasswordMinLength(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		a, b := e.mustOrg(t, "strict"), e.mustOrg(t, "lax")
		settings := kefu.DefaultOrgSettings()
		settings.PasswordMinLength = 24
		if _, err := e.svc.UpdateOrg(ctx, a.actor(kefu.RoleAdmin), admin.OrgPatch{Settings: &settings}); kefu.ErrorCode(err) != kefu.CodeForbidden {
			t.Fatalf("admin changed the password policy: got %v, want forbidden", err)
		}
		for _, bad := range []int{5, 129} {
			s := settings
			s.PasswordMinLength = bad
			_, err := e.svc.UpdateOrg(ctx, a.actor(kefu.RoleOwner), admin.OrgPatch{Settings: &s})
			wantField(t, "password_min_length out of range", err, "settings.password_min_length")
		}
		if _, err := e.svc.UpdateOrg(ctx, a.actor(kefu.RoleOwner), admin.OrgPatch{Settings: &settings}); err != nil {
			t.Fatalf("owner set the minimum: %v", err)
		}
		in := admin.AgentInput{Email: "new@strict.example.com", Name: "New", Password: "twenty-one characters", Role: kefu.RoleAgent}
		_, err := e.svc.CreateAgent(ctx, a.actor(kefu.RoleOwner), in)
		wantField(t, "21 characters in the strict org", err, "password")
		in.Email = "new@lax.example.com"
		if _, err := e.svc.CreateAgent(ctx, b.actor(kefu.RoleOwner), in); err != nil {
			t.Fatalf("21 characters in the other org: %v", err)
		}
		_, err = e.svc.UpdateProfile(ctx, a.actor(kefu.RoleAgent), admin.ProfilePatch{CurrentPassword: testPassword, NewPassword: "twenty-one characters"})
		wantField(t, "password change in the strict org", err, "new_password")
	})
}
