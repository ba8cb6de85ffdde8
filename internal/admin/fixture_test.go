package admin_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/admin"
	"github.com/kefu-dev/kefu/internal/auth"
	"github.com/kefu-dev/kefu/internal/auth/authtest"
	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/store"
	"github.com/kefu-dev/kefu/internal/store/storetest"
)

// testPassword is the password of every fixture agent.
const testPassword = "correct horse battery"

// roles lists the roles from most to least privileged.
var roles = []kefu.Role{kefu.RoleOwner, kefu.RoleAdmin, kefu.RoleSupervisor, kefu.RoleAgent}

// env is one test's service over a real, migrated store.
type env struct {
	store *store.Store
	auth  *auth.Service
	svc   *admin.Service
}

// eachStore runs fn against SQLite always and PostgreSQL when KEFU_TEST_POSTGRES_URL is set.
func eachStore(t *testing.T, fn func(t *testing.T, e *env)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, newEnv(t, storetest.OpenSQLite(t))) })
	t.Run("postgres", func(t *testing.T) { fn(t, newEnv(t, storetest.OpenPostgres(t))) })
}

// newEnv builds the services with cheap password hashing.
func newEnv(t *testing.T, st *store.Store) *env {
	t.Helper()
	a, err := auth.NewService(auth.Options{
		Store: st, SecretKey: []byte("0123456789abcdef0123456789abcdef"), PasswordParams: authtest.PasswordParams(),
	})
	if err != nil {
		t.Fatalf("auth.NewService: %v", err)
	}
	svc := admin.New(admin.Options{
		Store: st, Auth: a, PasswordParams: authtest.PasswordParams(), PublicURL: "https://support.example.com",
	})
	return &env{store: st, auth: a, svc: svc}
}

// org is a fixture organisation with one agent of each role.
type org struct {
	org    *kefu.Org
	agents map[kefu.Role]*kefu.Agent
}

// actor returns the actor of the org's agent with role r.
func (o *org) actor(r kefu.Role) kefu.Actor {
	a := o.agents[r]
	return kefu.Actor{Kind: kefu.ActorAgent, OrgID: o.org.ID, AgentID: a.ID, Role: r}
}

// mustOrg creates an organisation named name with an owner, admin, supervisor and agent whose
// emails are <role>@<name>.example.com.
func (e *env) mustOrg(t *testing.T, name string) *org {
	t.Helper()
	ctx := context.Background()
	hash, err := auth.HashPassword(testPassword, authtest.PasswordParams())
	if err != nil {
		t.Fatalf("HashPassword: %v", err)
	}
	o := &org{org: &kefu.Org{Name: name, Settings: kefu.DefaultOrgSettings()}, agents: map[kefu.Role]*kefu.Agent{}}
	for _, r := range roles {
		a := &kefu.Agent{
			Email: fmt.Sprintf("%s@%s.example.com", r, name), Name: string(r), Role: r,
			Capacity: kefu.DefaultCapacity, Availability: kefu.Online, PasswordHash: hash,
		}
		if r == kefu.RoleOwner {
			err = e.store.CreateOrgWithOwner(ctx, o.org, a)
		} else {
			a.OrgID = o.org.ID
			err = e.store.CreateAgent(ctx, a)
		}
		if err != nil {
			t.Fatalf("create %s of %s: %v", r, name, err)
		}
		o.agents[r] = a
	}
	return o
}

// mustAgent adds an agent with role r to o.
func (e *env) mustAgent(t *testing.T, o *org, r kefu.Role) *kefu.Agent {
	t.Helper()
	a, err := e.svc.CreateAgent(context.Background(), o.actor(kefu.RoleOwner), admin.AgentInput{
		Email: fmt.Sprintf("%s-%d@%s.example.com", r, time.Now().UnixNano(), o.org.Name),
		Name:  "extra " + string(r), Password: testPassword, Role: r,
	})
	if err != nil {
		t.Fatalf("CreateAgent(%s): %v", r, err)
	}
	return a
}

// wantField fails unless err is invalid_input naming field.
func wantField(t *testing.T, what string, err error, field string) {
	t.Helper()
	var e *kefu.Error
	if !errors.As(err, &e) || e.Code != kefu.CodeInvalid || e.Field != field {
		t.Errorf("%s: got %v (field %q), want invalid_input on field %q", what, err, fieldOf(err), field)
	}
}

func fieldOf(err error) string {
	var e *kefu.Error
	if errors.As(err, &e) {
		return e.Field
	}
	return ""
}

func ptr[T any](v T) *T { return &v }
