package kefu

import "testing"

func TestPermissionNamesRoundTrip(t *testing.T) {
	for _, p := range AllPermissions() {
		got, ok := ParsePermission(p.String())
		if !ok || got != p {
			t.Fatalf("ParsePermission(%q) = %v, %v; want %v", p.String(), got, ok, p)
		}
	}
	if _, ok := ParsePermission("conversations.delete_everything"); ok {
		t.Fatal("an unknown name parsed")
	}
	if Permission(200).String() != "unknown" {
		t.Fatal("an out-of-range permission has a name")
	}
}

func TestBuiltinRolesNest(t *testing.T) {
	order := []Role{RoleAgent, RoleSupervisor, RoleAdmin, RoleOwner}
	for i := 1; i < len(order); i++ {
		lo, hi := order[i-1].Permissions(), order[i].Permissions()
		if !hi.Contains(lo) || hi == lo {
			t.Fatalf("%s does not strictly include %s", order[i], order[i-1])
		}
	}
	if Role("root").Permissions() != 0 {
		t.Fatal("an unknown role has permissions")
	}
	if RoleOwner.Permissions().Len() != int(permCount) {
		t.Fatal("the owner lacks part of the catalogue")
	}
}

func TestActorHas(t *testing.T) {
	agent := Actor{Kind: ActorAgent, OrgID: "o", AgentID: "a", Role: RoleAgent}
	if agent.Has(PermPIIReveal) || !agent.Has(PermConversationsReply) {
		t.Fatal("agent's built-in set is wrong")
	}
	narrowed := agent
	narrowed.Perms = Perms(PermContactsView)
	if narrowed.Has(PermConversationsReply) || !narrowed.Has(PermContactsView) {
		t.Fatal("an explicit set does not replace the role's")
	}
	visitor := Actor{Kind: ActorVisitor, OrgID: "o", ContactID: "c", Perms: Perms(PermPIIReveal)}
	if visitor.Has(PermPIIReveal) {
		t.Fatal("a visitor holds an agent permission")
	}
}
