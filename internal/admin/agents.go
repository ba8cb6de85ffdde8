package admin

import (
	"context"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// AgentInput creates an agent.
type AgentInput struct {
	Email    string
	Name     string
	Password string
	Role     kefu.Role
	// CustomRoleID names the custom role when Role is kefu.RoleCustom; "" otherwise.
	CustomRoleID string
	Capacity     *int // nil = kefu.DefaultCapacity
}

// AgentPatch changes an agent; nil fields stay as they are.
type AgentPatch struct {
	Name *string
	Role *kefu.Role
	// CustomRoleID goes with Role kefu.RoleCustom; given alone, it implies that role.
	CustomRoleID *string
	Capacity     *int
	Disabled     *bool
	// Skills and Languages replace the agent's lists (what routing targets may require).
	Skills    *[]kefu.Skill
	Languages *[]string
}

// ListAgents returns the agents of the actor's organisation. Every agent may see colleagues,
// for transfers and mentions.
func (s *Service) ListAgents(ctx context.Context, actor kefu.Actor) ([]kefu.Agent, error) {
	if err := requireMember(actor); err != nil {
		return nil, err
	}
	return s.store.ListAgents(ctx, actor.OrgID)
}

// GetAgent returns an agent of the actor's organisation.
func (s *Service) GetAgent(ctx context.Context, actor kefu.Actor, id string) (*kefu.Agent, error) {
	if err := requireMember(actor); err != nil {
		return nil, err
	}
	return s.agent(ctx, actor, id)
}

// agent loads an agent of the actor's organisation; anything else is not found.
func (s *Service) agent(ctx context.Context, actor kefu.Actor, id string) (*kefu.Agent, error) {
	if !kefu.ValidID(id) {
		return nil, kefu.ErrNotFound
	}
	return s.store.GetAgent(ctx, actor.OrgID, id)
}

// CreateAgent adds an agent (agents.manage). Nobody grants a permission they do not hold, so
// only an owner makes owners, and an expiring API token creates no agents (see grant.go). New
// agents start offline: they take conversations once they sign in.
func (s *Service) CreateAgent(ctx context.Context, actor kefu.Actor, in AgentInput) (*kefu.Agent, error) {
	if err := requirePerm(actor, kefu.PermAgentsManage); err != nil {
		return nil, err
	}
	if err := checkOutlives(actor, "create agents"); err != nil {
		return nil, err
	}
	if err := s.checkGrant(ctx, actor, in.Role, in.CustomRoleID); err != nil {
		return nil, err
	}
	capacity := kefu.DefaultCapacity
	if in.Capacity != nil {
		capacity = *in.Capacity
	}
	if err := checkCapacity("capacity", capacity); err != nil {
		return nil, err
	}
	a, err := s.newAgent(ctx, in.Name, in.Email, in.Password, actor.OrgID)
	if err != nil {
		return nil, err
	}
	// Online by default: availability only matters while the agent is connected, so a new
	// agent takes conversations as soon as they sign in, as in the products they know.
	a.ID, a.OrgID, a.Role, a.CustomRoleID, a.Capacity, a.Availability = newID(), actor.OrgID, in.Role, in.CustomRoleID, capacity, kefu.Online
	audited := s.within(ctx, actor, ActionAgentCreated, "agent", a.ID, nil, auditFields(a))
	if err := s.store.CreateAgent(audited, a); err != nil {
		return nil, err
	}
	s.log.InfoContext(ctx, "agent created", "org_id", a.OrgID, "agent_id", a.ID, "role", a.Role, "by", actor.AgentID)
	return a, nil
}

// UpdateAgent changes another agent's name, role, capacity or disabled flag (agents.manage).
// Nobody touches an agent holding a permission they lack or grants one, and the last
// active owner can be neither demoted nor disabled, so an organisation always has someone who
// can administer it. Disabling signs the agent out everywhere.
func (s *Service) UpdateAgent(ctx context.Context, actor kefu.Actor, id string, p AgentPatch) (*kefu.Agent, error) {
	if err := requireMember(actor); err != nil {
		return nil, err
	}
	a, err := s.agent(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	if err := requirePerm(actor, kefu.PermAgentsManage); err != nil {
		return nil, err
	}
	if err := requireGrant(actor, a.Perms, "change this agent"); err != nil {
		return nil, err
	}
	before := *a
	if err := checkAgentPatchOutlives(actor, a, p); err != nil {
		return nil, err
	}
	if err := s.applyAgentPatch(ctx, actor, a, p); err != nil {
		return nil, err
	}
	if err := s.saveAgent(s.within(ctx, actor, agentAction(&before, a), "agent", a.ID, auditFields(&before), auditFields(a)), a); err != nil {
		return nil, err
	}
	if err := s.endRevokedCredentials(ctx, a); err != nil {
		return nil, err
	}
	if p.Role != nil || p.CustomRoleID != nil {
		s.permissionsChanged(ctx, kefu.PermissionsChange{OrgID: a.OrgID, AgentIDs: []string{a.ID}})
	}
	if p.Skills != nil || p.Languages != nil || p.Capacity != nil || p.Disabled != nil {
		s.routingChanged(a.OrgID) // who is eligible, or how much room they have, changed
	}
	s.log.InfoContext(ctx, "agent updated", "org_id", a.OrgID, "agent_id", a.ID, "by", actor.AgentID)
	return a, nil
}

// applyAgentPatch validates p and applies it to a.
func (s *Service) applyAgentPatch(ctx context.Context, actor kefu.Actor, a *kefu.Agent, p AgentPatch) error {
	var err error
	if p.Name != nil {
		if a.Name, err = cleanName("name", *p.Name, maxNameLen); err != nil {
			return err
		}
	}
	if p.Role != nil || p.CustomRoleID != nil {
		role, customRoleID := patchedRole(p)
		if err := s.checkGrant(ctx, actor, role, customRoleID); err != nil {
			return err
		}
		a.Role, a.CustomRoleID = role, customRoleID
	}
	if p.Capacity != nil {
		if err := checkCapacity("capacity", *p.Capacity); err != nil {
			return err
		}
		a.Capacity = *p.Capacity
	}
	if p.Disabled != nil {
		a.Disabled = *p.Disabled
	}
	return applyAgentRouting(a, p)
}

// applyAgentRouting validates and applies the patch's skills and languages.
func applyAgentRouting(a *kefu.Agent, p AgentPatch) error {
	var err error
	if p.Skills != nil {
		if a.Skills, err = cleanSkills("skills", *p.Skills); err != nil {
			return err
		}
	}
	if p.Languages != nil {
		a.Languages, err = cleanLanguages("languages", *p.Languages, kefu.MaxLanguagesPerAgent)
	}
	return err
}

// saveAgent stores a, refusing the change when it would leave the organisation without an
// active owner. The check and the write hold ownerMu so two concurrent demotions on this node
// cannot each see the other as the remaining owner.
func (s *Service) saveAgent(ctx context.Context, a *kefu.Agent) error {
	s.ownerMu.Lock()
	defer s.ownerMu.Unlock()
	if a.Role != kefu.RoleOwner || a.Disabled {
		if err := s.keepAnOwner(ctx, a.OrgID, a.ID); err != nil {
			return err
		}
	}
	return s.store.UpdateAgent(ctx, a)
}

// keepAnOwner fails when no active owner other than except would remain in the organisation.
// It reads the stored rows, so it is a no-op when except is not an active owner today.
func (s *Service) keepAnOwner(ctx context.Context, orgID, except string) error {
	agents, err := s.store.ListAgents(ctx, orgID)
	if err != nil {
		return err
	}
	exceptIsOwner := false
	for _, o := range agents {
		if o.Role != kefu.RoleOwner || o.Disabled {
			continue
		}
		if o.ID != except {
			return nil
		}
		exceptIsOwner = true
	}
	if !exceptIsOwner {
		return nil
	}
	return kefu.Errorf(kefu.CodeConflict, "the last active owner cannot be demoted or disabled")
}

// patchedRole is the role a patch asks for: a custom role id alone implies kefu.RoleCustom.
func patchedRole(p AgentPatch) (kefu.Role, string) {
	role, customRoleID := kefu.RoleCustom, ""
	if p.Role != nil {
		role = *p.Role
	}
	if p.CustomRoleID != nil {
		customRoleID = *p.CustomRoleID
	}
	return role, customRoleID
}

// checkGrant validates a role to give an agent, a built-in one or a custom role of the
// organisation, and fails unless the actor holds every permission it carries.
func (s *Service) checkGrant(ctx context.Context, actor kefu.Actor, role kefu.Role, customRoleID string) error {
	if role != kefu.RoleCustom {
		if err := checkRole("role", role); err != nil {
			return err
		}
		if customRoleID != "" {
			return kefu.FieldError("custom_role_id", "custom_role_id goes only with role custom")
		}
		return requireGrant(actor, role.Permissions(), "grant this role")
	}
	r, err := s.customRole(ctx, actor, customRoleID)
	if kefu.IsNotFound(err) {
		return kefu.FieldError("custom_role_id", "no such custom role in this organisation")
	}
	if err != nil {
		return err
	}
	return requireGrant(actor, r.Perms, "grant this role")
}
