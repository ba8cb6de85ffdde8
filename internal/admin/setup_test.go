package admin_test

import (
	"context"
	"sync"
	"testing"

	"github.com/kefu-dev/kefu/internal/admin"
	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/kefu/kefutest"
	"github.com/kefu-dev/kefu/internal/store/storetest"
)

func TestSetup(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		needs, err := e.svc.NeedsSetup(ctx)
		if err != nil || !needs {
			t.Fatalf("NeedsSetup before: got %v, %v, want true", needs, err)
		}
		req := admin.SetupRequest{OrgName: " Acme ", Name: "Ann", Email: " Ann@Example.COM ", Password: testPassword}
		org, owner, err := e.svc.Setup(ctx, req)
		if err != nil {
			t.Fatalf("Setup: %v", err)
		}
		if org.Name != "Acme" || org.Settings != kefu.DefaultOrgSettings() {
			t.Errorf("org: got %q %+v, want Acme with default settings", org.Name, org.Settings)
		}
		want := kefu.Agent{OrgID: org.ID, Email: "ann@example.com", Role: kefu.RoleOwner, Capacity: kefu.DefaultCapacity, Availability: kefu.Online}
		if owner.OrgID != want.OrgID || owner.Email != want.Email || owner.Role != want.Role ||
			owner.Capacity != want.Capacity || owner.Availability != want.Availability {
			t.Errorf("owner: got %+v, want %+v", owner, want)
		}
		if _, _, _, err := e.auth.Login(ctx, "ann@example.com", testPassword, "127.0.0.1"); err != nil {
			t.Errorf("Login as the new owner: %v", err)
		}
		needs, err = e.svc.NeedsSetup(ctx)
		if err != nil || needs {
			t.Errorf("NeedsSetup after: got %v, %v, want false", needs, err)
		}
		req.Email = "other@example.com"
		_, _, err = e.svc.Setup(ctx, req)
		kefutest.WantCode(t, "second Setup", err, kefu.CodeConflict)
		if n, _ := e.store.CountOrgs(ctx); n != 1 {
			t.Errorf("orgs after second Setup: got %d, want 1", n)
		}
	})
}

func TestSetupConcurrentOnlyOneWins(t *testing.T) {
	e := newEnv(t, storetest.OpenSQLite(t))
	const n = 8
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			_, _, errs[i] = e.svc.Setup(context.Background(), admin.SetupRequest{
				OrgName: "Acme", Name: "Ann", Email: "ann" + string(rune('a'+i)) + "@example.com", Password: testPassword,
			})
		})
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		if err == nil {
			ok++
		} else {
			kefutest.WantCode(t, "losing Setup", err, kefu.CodeConflict)
		}
	}
	if ok != 1 {
		t.Errorf("successful setups: got %d, want 1", ok)
	}
}

func TestSetupValidation(t *testing.T) {
	e := newEnv(t, storetest.OpenSQLite(t))
	valid := admin.SetupRequest{OrgName: "Acme", Name: "Ann", Email: "ann@example.com", Password: testPassword}
	tests := []struct {
		name  string
		edit  func(r *admin.SetupRequest)
		field string
	}{
		{"empty org name", func(r *admin.SetupRequest) { r.OrgName = "  " }, "org_name"},
		{"empty name", func(r *admin.SetupRequest) { r.Name = "" }, "name"},
		{"bad email", func(r *admin.SetupRequest) { r.Email = "ann" }, "email"},
		{"short password", func(r *admin.SetupRequest) { r.Password = "short" }, "password"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := valid
			tt.edit(&r)
			_, _, err := e.svc.Setup(context.Background(), r)
			wantField(t, "Setup", err, tt.field)
		})
	}
	if needs, _ := e.svc.NeedsSetup(context.Background()); !needs {
		t.Errorf("NeedsSetup after rejected setups: got false, want true")
	}
}

func TestCreateOwner(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		org, owner, err := e.svc.CreateOwner(ctx, admin.OwnerRequest{Name: "Ann", Email: "ann@example.com", Password: testPassword})
		if err != nil {
			t.Fatalf("CreateOwner on an empty database: %v", err)
		}
		if org.Name != admin.DefaultOrgName || owner.Role != kefu.RoleOwner {
			t.Errorf("first CreateOwner: got org %q role %q, want %q owner", org.Name, owner.Role, admin.DefaultOrgName)
		}
		org2, bob, err := e.svc.CreateOwner(ctx, admin.OwnerRequest{Name: "Bob", Email: "bob@example.com", Password: testPassword})
		if err != nil {
			t.Fatalf("CreateOwner with one org: %v", err)
		}
		if org2.ID != org.ID || bob.OrgID != org.ID || bob.Role != kefu.RoleOwner {
			t.Errorf("second owner: got org %s agent org %s role %s, want org %s owner", org2.ID, bob.OrgID, bob.Role, org.ID)
		}
		_, _, err = e.svc.CreateOwner(ctx, admin.OwnerRequest{Name: "Bob", Email: "BOB@example.com", Password: testPassword})
		kefutest.WantCode(t, "duplicate email", err, kefu.CodeConflict)

		other := &kefu.Org{Name: "Second", Settings: kefu.DefaultOrgSettings()}
		if err := e.store.CreateOrg(ctx, other); err != nil {
			t.Fatalf("CreateOrg: %v", err)
		}
		_, _, err = e.svc.CreateOwner(ctx, admin.OwnerRequest{Name: "Cy", Email: "cy@example.com", Password: testPassword})
		wantField(t, "several orgs, none named", err, "org_name")
		got, cy, err := e.svc.CreateOwner(ctx, admin.OwnerRequest{OrgName: "second", Name: "Cy", Email: "cy@example.com", Password: testPassword})
		if err != nil {
			t.Fatalf("CreateOwner naming an org: %v", err)
		}
		if got.ID != other.ID || cy.OrgID != other.ID {
			t.Errorf("named org: got %s (agent in %s), want %s", got.ID, cy.OrgID, other.ID)
		}
		// Naming an organisation that does not exist creates it: the new owner must not join
		// someone else's.
		third, dee, err := e.svc.CreateOwner(ctx, admin.OwnerRequest{OrgName: "Third", Name: "Dee", Email: "dee@example.com", Password: testPassword})
		if err != nil {
			t.Fatalf("CreateOwner naming a new org: %v", err)
		}
		if third.Name != "Third" || dee.OrgID != third.ID || third.ID == org.ID || third.ID == other.ID {
			t.Errorf("new named org: got %q %s (agent in %s), want a new organisation Third", third.Name, third.ID, dee.OrgID)
		}
	})
}
