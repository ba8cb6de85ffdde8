package admin

import (
	"github.com/kefu-dev/kefu/internal/kefu"
)

// No principal may create one more powerful or longer-lived than itself. Otherwise a leaked
// token that expires tomorrow creates an admin agent with a password its holder knows, who then
// mints a token that never expires: the expiry, and any narrowing of the token, would be void.

// checkOutlives fails when the actor is an API token that expires and the change (what: "create
// agents", ...) would give someone access that outlives the token.
func checkOutlives(actor kefu.Actor, what string) error {
	if actor.TokenID != "" && !actor.TokenExpiresAt.IsZero() {
		return kefu.Errorf(kefu.CodeForbidden, "an API token that expires may not %s; use a signed-in agent or a token without expiry", what)
	}
	return nil
}

// checkAgentPatchOutlives applies checkOutlives to the parts of p that may widen access to a: a
// built-in role with rights a lacks today, any custom role (its set is the store's to know), or
// enabling a disabled agent.
func checkAgentPatchOutlives(actor kefu.Actor, a *kefu.Agent, p AgentPatch) error {
	if p.Role != nil || p.CustomRoleID != nil {
		role, customRoleID := patchedRole(p)
		if customRoleID != "" || !a.Perms.Contains(role.Permissions()) {
			if err := checkOutlives(actor, "raise roles"); err != nil {
				return err
			}
		}
	}
	if p.Disabled != nil && !*p.Disabled && a.Disabled {
		return checkOutlives(actor, "enable agents")
	}
	return nil
}
