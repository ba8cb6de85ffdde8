package admin_test

import (
	"context"
	"strings"
	"testing"

	"github.com/kefu-dev/kefu/internal/admin"
	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/kefu/kefutest"
)

// TestCannedReplyScopes: anyone keeps personal replies; only admins and owners create or change
// shared ones; a personal reply is not found for everyone but its owner, whatever their role.
func TestCannedReplyScopes(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		a := e.mustOrg(t, "acme")
		b := e.mustOrg(t, "bravo")
		shared, err := e.svc.CreateCannedReply(ctx, a.actor(kefu.RoleAdmin), admin.CannedInput{Shortcut: "hello", Content: "您好！", Scope: admin.ScopeShared})
		must(t, err)
		personal, err := e.svc.CreateCannedReply(ctx, a.actor(kefu.RoleAgent), admin.CannedInput{Shortcut: "refund", Content: "3 days"})
		must(t, err)
		if !shared.Shared() || personal.OwnerID != a.agents[kefu.RoleAgent].ID {
			t.Fatalf("fixture: got shared owner %q, personal owner %q", shared.OwnerID, personal.OwnerID)
		}
		visitor := kefu.Actor{Kind: kefu.ActorVisitor, OrgID: a.org.ID, ContactID: a.agents[kefu.RoleAgent].ID}

		createShared := []struct {
			role kefu.Role
			want kefu.Code
		}{
			// Supervisors hold canned.manage in the built-in sets, so they curate shared replies.
			{kefu.RoleOwner, ""}, {kefu.RoleAdmin, ""}, {kefu.RoleSupervisor, ""}, {kefu.RoleAgent, kefu.CodeForbidden},
		}
		for _, tt := range createShared {
			_, err := e.svc.CreateCannedReply(ctx, a.actor(tt.role), admin.CannedInput{Shortcut: "s-" + string(tt.role), Content: "x", Scope: admin.ScopeShared})
			kefutest.WantCode(t, "create shared as "+string(tt.role), err, tt.want)
		}

		change := []struct {
			name  string
			actor kefu.Actor
			id    string
			want  kefu.Code
		}{
			{"owner of the personal reply", a.actor(kefu.RoleAgent), personal.ID, ""},
			{"owner of the org on an agent's personal reply", a.actor(kefu.RoleOwner), personal.ID, kefu.CodeNotFound},
			{"supervisor on an agent's personal reply", a.actor(kefu.RoleSupervisor), personal.ID, kefu.CodeNotFound},
			{"agent on a shared reply", a.actor(kefu.RoleAgent), shared.ID, kefu.CodeForbidden},
			{"supervisor on a shared reply", a.actor(kefu.RoleSupervisor), shared.ID, ""},
			{"admin on a shared reply", a.actor(kefu.RoleAdmin), shared.ID, ""},
			{"owner of another organisation on a shared reply", b.actor(kefu.RoleOwner), shared.ID, kefu.CodeNotFound},
			{"visitor", visitor, shared.ID, kefu.CodeNotFound},
			{"malformed id", a.actor(kefu.RoleOwner), "hello", kefu.CodeNotFound},
		}
		for _, tt := range change {
			_, err := e.svc.UpdateCannedReply(ctx, tt.actor, tt.id, admin.CannedPatch{Content: ptr("changed by " + tt.name)})
			kefutest.WantCode(t, "update: "+tt.name, err, tt.want)
			if tt.want != "" { // a refused delete must leave the reply for the next case
				kefutest.WantCode(t, "delete: "+tt.name, e.svc.DeleteCannedReply(ctx, tt.actor, tt.id), tt.want)
			}
		}
		must(t, e.svc.DeleteCannedReply(ctx, a.actor(kefu.RoleAgent), personal.ID))
		_, err = e.svc.UpdateCannedReply(ctx, a.actor(kefu.RoleAgent), personal.ID, admin.CannedPatch{Content: ptr("x")})
		kefutest.WantCode(t, "update after delete", err, kefu.CodeNotFound)
	})
}

// TestCannedReplyList: each agent lists the shared replies and their own, never a colleague's
// personal ones or another organisation's.
func TestCannedReplyList(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		a := e.mustOrg(t, "acme")
		b := e.mustOrg(t, "bravo")
		_, err := e.svc.CreateCannedReply(ctx, a.actor(kefu.RoleAdmin), admin.CannedInput{Shortcut: "hello", Content: "Hello!", Scope: admin.ScopeShared})
		must(t, err)
		_, err = e.svc.CreateCannedReply(ctx, a.actor(kefu.RoleAgent), admin.CannedInput{Shortcut: "refund", Content: "Refunds take 3 days"})
		must(t, err)
		_, err = e.svc.CreateCannedReply(ctx, b.actor(kefu.RoleAdmin), admin.CannedInput{Shortcut: "bravo", Content: "Bravo's", Scope: admin.ScopeShared})
		must(t, err)

		tests := []struct {
			name   string
			actor  kefu.Actor
			search string
			want   []string
		}{
			{"the agent", a.actor(kefu.RoleAgent), "", []string{"hello", "refund"}},
			{"a colleague", a.actor(kefu.RoleSupervisor), "", []string{"hello"}},
			{"the owner", a.actor(kefu.RoleOwner), "", []string{"hello"}},
			{"search over content", a.actor(kefu.RoleAgent), " REFUNDS ", []string{"refund"}},
			{"another organisation", b.actor(kefu.RoleAgent), "", []string{"bravo"}},
		}
		for _, tt := range tests {
			got, err := e.svc.ListCannedReplies(ctx, tt.actor, tt.search)
			must(t, err)
			if shortcuts := shortcutsOf(got); strings.Join(shortcuts, ",") != strings.Join(tt.want, ",") {
				t.Errorf("%s: got %v, want %v", tt.name, shortcuts, tt.want)
			}
		}
		_, err = e.svc.ListCannedReplies(ctx, a.actor(kefu.RoleAgent), strings.Repeat("q", 101))
		wantField(t, "search too long", err, "q")
		_, err = e.svc.ListCannedReplies(ctx, kefu.Actor{Kind: kefu.ActorVisitor, OrgID: a.org.ID, ContactID: "c"}, "")
		kefutest.WantCode(t, "visitor", err, kefu.CodeNotFound)
	})
}

// TestCannedReplyValidates: shortcuts are normalised ("/Hello" is "hello") and limited to
// a-z, 0-9, - and _; content is non-empty text; the scope is personal or shared.
func TestCannedReplyValidates(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		a := e.mustOrg(t, "acme")
		tests := []struct {
			name      string
			in        admin.CannedInput
			wantField string
			wantShort string
		}{
			{"slash and capitals normalised", admin.CannedInput{Shortcut: " /Hello ", Content: " hi "}, "", "hello"},
			{"longest shortcut", admin.CannedInput{Shortcut: strings.Repeat("a", 32), Content: "x"}, "", strings.Repeat("a", 32)},
			{"shortcut too long", admin.CannedInput{Shortcut: strings.Repeat("a", 33), Content: "x"}, "shortcut", ""},
			{"shortcut with a space", admin.CannedInput{Shortcut: "has space", Content: "x"}, "shortcut", ""},
			{"shortcut not ASCII", admin.CannedInput{Shortcut: "你好", Content: "x"}, "shortcut", ""},
			{"only a slash", admin.CannedInput{Shortcut: "/", Content: "x"}, "shortcut", ""},
			{"blank content", admin.CannedInput{Shortcut: "blank", Content: "  "}, "content", ""},
			{"content with NUL", admin.CannedInput{Shortcut: "nul", Content: "a\x00"}, "content", ""},
			{"content over the limit", admin.CannedInput{Shortcut: "big", Content: strings.Repeat("a", kefu.MaxContentBytes+1)}, "content", ""},
			{"unknown scope", admin.CannedInput{Shortcut: "scope", Content: "x", Scope: "team"}, "scope", ""},
		}
		for _, tt := range tests {
			got, err := e.svc.CreateCannedReply(ctx, a.actor(kefu.RoleAgent), tt.in)
			if tt.wantField != "" {
				wantField(t, tt.name, err, tt.wantField)
				continue
			}
			if err != nil || got.Shortcut != tt.wantShort {
				t.Errorf("%s: got %v, %v, want shortcut %q", tt.name, got, err, tt.wantShort)
			}
		}
	})
}

func shortcutsOf(replies []kefu.CannedReply) []string {
	out := []string{}
	for _, r := range replies {
		out = append(out, r.Shortcut)
	}
	return out
}
