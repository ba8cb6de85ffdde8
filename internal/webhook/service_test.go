package webhook_test

import (
	"context"
	"net/netip"
	"testing"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/kefu/kefutest"
	"github.com/kefu-dev/kefu/internal/netguard"
	"github.com/kefu-dev/kefu/internal/store/storetest"
	"github.com/kefu-dev/kefu/internal/webhook"
)

// newService is a webhook service on a real SQLite store, whose guard resolves the test's
// names only.
func newService(t *testing.T) (*webhook.Service, kefu.Actor) {
	st := storetest.OpenSQLite(t)
	org, owner := &kefu.Org{Name: "Hooks", Settings: kefu.DefaultOrgSettings()}, &kefu.Agent{Email: "o@example.com", Name: "O", Role: kefu.RoleOwner}
	if err := st.CreateOrgWithOwner(context.Background(), org, owner); err != nil {
		t.Fatal(err)
	}
	names := map[string]netip.Addr{"hooks.example.com": netip.MustParseAddr("93.184.216.34"), "intranet.example.com": netip.MustParseAddr("10.0.0.8")}
	guard := netguard.New(netguard.Options{Lookup: func(_ context.Context, host string) ([]netip.Addr, error) {
		if ip, ok := names[host]; ok {
			return []netip.Addr{ip}, nil
		}
		return nil, dnsMiss(host)
	}})
	return webhook.New(webhook.Options{Store: st, Guard: guard}), kefutest.AgentActor(owner)
}

// dnsMiss is the error of a name the test's resolver does not know.
type dnsMiss string

func (e dnsMiss) Error() string { return "no such host " + string(e) }

func TestCreateValidates(t *testing.T) {
	svc, owner := newService(t)
	ctx := context.Background()
	for _, tc := range []struct {
		name  string
		in    webhook.Input
		field string
	}{
		{"metadata address", webhook.Input{URL: "http://169.254.169.254/latest", Events: []string{"message.created"}}, "url"},
		{"a name for a private address", webhook.Input{URL: "https://intranet.example.com/h", Events: []string{"message.created"}}, "url"},
		{"unresolvable", webhook.Input{URL: "https://nowhere.example.com/h", Events: []string{"message.created"}}, "url"},
		{"not http", webhook.Input{URL: "ftp://hooks.example.com/h", Events: []string{"message.created"}}, "url"},
		{"no events", webhook.Input{URL: "https://hooks.example.com/h"}, "events"},
		{"unknown event", webhook.Input{URL: "https://hooks.example.com/h", Events: []string{"message.deleted"}}, "events"},
		{"event twice", webhook.Input{URL: "https://hooks.example.com/h", Events: []string{"message.created", "message.created"}}, "events"},
	} {
		_, _, err := svc.Create(ctx, owner, tc.in)
		kefutest.WantField(t, tc.name, err, tc.field)
	}
	w, secret, err := svc.Create(ctx, owner, webhook.Input{URL: "https://hooks.example.com/h", Events: []string{"message.created", "conversation.resolved"}})
	if err != nil || !w.Enabled || secret == "" {
		t.Fatalf("a valid webhook: got %+v, secret %q, %v", w, secret, err)
	}
	_, err = svc.Update(ctx, owner, w.ID, webhook.Patch{URL: ptr("http://[::ffff:127.0.0.1]/")})
	kefutest.WantField(t, "updating to a loopback URL", err, "url")
}

func TestOnlyWebhookManagersMayManage(t *testing.T) {
	svc, owner := newService(t)
	ctx := context.Background()
	w, _, err := svc.Create(ctx, owner, webhook.Input{URL: "https://hooks.example.com/h", Events: []string{"message.created"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, role := range []kefu.Role{kefu.RoleAgent, kefu.RoleSupervisor} {
		actor := owner
		actor.Role = role
		_, err := svc.List(ctx, actor)
		kefutest.WantCode(t, string(role)+" lists", err, kefu.CodeForbidden)
		_, err = svc.Ping(ctx, actor, w.ID)
		kefutest.WantCode(t, string(role)+" pings", err, kefu.CodeForbidden)
		kefutest.WantCode(t, string(role)+" deletes", svc.Delete(ctx, actor, w.ID), kefu.CodeForbidden)
	}
	stranger := owner
	stranger.OrgID = "another-org"
	_, err = svc.Get(ctx, stranger, w.ID)
	kefutest.WantCode(t, "another organisation's owner", err, kefu.CodeNotFound)
}

func ptr[T any](v T) *T { return &v }
