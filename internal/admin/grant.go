package admin

import (
	"github.com/kefu-dev/kefu/internal/kefu"
)

// No principal may create one more powerful or longer-lived than itself. Otherwise a leaked
// token that expires tomorrow creates an admin agent with a password its holder knows, who then
// mints a token that never expires: the expiry, and any narrowing of the token, would be void.

// checkGrant fails unless the actor holds every permission of role and ranks at least as high:
// nobody hands out what they do not have themselves.
func checkGrant(actor kefu.Actor, role kefu.Role) error {
	if !actor.Role.AtLeast(role) || !actor.Permissions().Contains(role.Permissions()) {
		return kefu.Errorf(kefu.CodeForbidden, "you may not grant a role with more rights than your own")
	}
	return nil
}

// checkOutlives fails when the actor is an API token that expires and the change (what: "create
// agents", ...) would give someone access that outlives the token.
func checkOutlives(actor kefu.Actor, what string) error {
	if actor.TokenID != "" && !actor.TokenExpiresAt.IsZero() {
		return kefu.Errorf(kefu.CodeForbidden, "an API token that expires may not %s; use a signed-in agent or a token without expiry", what)
	}
	return nil
}

// checkAgentPatchOutlives applies checkOutlives to the parts of p that widen access to a: a
// role with rights a lacks today, or enabling a disabled agent.
func checkAgentPatchOutlives(actor kefu.Actor, a *kefu.Agent, p AgentPatch) error {
	if p.Role != nil && (!a.Role.AtLeast(*p.Role) || !a.Role.Permissions().Contains(p.Role.Permissions())) {
		if err := checkOutlives(actor, "raise roles"); err != nil {
			return err
		}
	}
	if p.Disabled != nil && !*p.Disabled && a.Disabled {
		return checkOutlives(actor, "enable agents")
	}
	return nil
}
