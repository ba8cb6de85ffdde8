package admin_test

import (
	"context"
	"testing"

	"github.com/kefu-dev/kefu/internal/admin"
	"github.com/kefu-dev/kefu/internal/kefu"
)

func TestUpdateOrg(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		a := e.mustOrg(t, "acme")
		settings := kefu.OrgSettings{Locale: "en", Timezone: "Europe/Berlin", AutoAssign: false}
		got, err := e.svc.UpdateOrg(ctx, a.actor(kefu.RoleAdmin), admin.OrgPatch{Name: ptr(" Acme Ltd "), Settings: &settings})
		if err != nil {
			t.Fatalf("UpdateOrg: %v", err)
		}
		stored, err := e.svc.GetOrg(ctx, a.actor(kefu.RoleAgent))
		if err != nil {
			t.Fatalf("GetOrg: %v", err)
		}
		for _, o := range []*kefu.Org{got, stored} {
			if o.Name != "Acme Ltd" || o.Settings != settings {
				t.Errorf("org: got %q %+v, want %q %+v", o.Name, o.Settings, "Acme Ltd", settings)
			}
		}
		renamed, err := e.svc.UpdateOrg(ctx, a.actor(kefu.RoleOwner), admin.OrgPatch{Name: ptr("Acme")})
		if err != nil || renamed.Settings != settings {
			t.Errorf("rename only: got settings %+v, %v, want them kept", renamed.Settings, err)
		}
	})
}
