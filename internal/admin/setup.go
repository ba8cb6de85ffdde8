package admin

import (
	"context"
	"strings"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// DefaultOrgName names the organisation `kefu admin create` makes when none is given.
const DefaultOrgName = "My Company"

// SetupRequest is the first-run form: the organisation and its first owner.
type SetupRequest struct {
	OrgName  string
	Name     string
	Email    string
	Password string
}

// OwnerRequest is what `kefu admin create` takes.
type OwnerRequest struct {
	OrgName  string // "" = DefaultOrgName when creating; picks the org when several exist
	Name     string
	Email    string
	Password string
}

// NeedsSetup reports whether no organisation exists yet, i.e. the first-run form should show.
func (s *Service) NeedsSetup(ctx context.Context) (bool, error) {
	n, err := s.store.CountOrgs(ctx)
	if err != nil {
		return false, err
	}
	return n == 0, nil
}

// Setup creates the first organisation and its owner. It is open to anyone, which is safe only
// because it works exactly once: after that it answers conflict.
func (s *Service) Setup(ctx context.Context, req SetupRequest) (*kefu.Org, *kefu.Agent, error) {
	orgName, err := cleanName("org_name", req.OrgName, maxNameLen)
	if err != nil {
		return nil, nil, err
	}
	owner, err := s.newOwner(ctx, req.Name, req.Email, req.Password, "")
	if err != nil {
		return nil, nil, err
	}
	s.setupMu.Lock()
	defer s.setupMu.Unlock()
	needs, err := s.NeedsSetup(ctx)
	if err != nil {
		return nil, nil, err
	}
	if !needs {
		return nil, nil, kefu.Errorf(kefu.CodeConflict, "already set up")
	}
	return s.createOrgWithOwner(ctx, orgName, owner)
}

// CreateOwner is `kefu admin create`: it adds an owner to the organisation named OrgName,
// creating it when no organisation has that name; without OrgName, to the only organisation
// (created as DefaultOrgName when there is none). Whoever can run the CLI on the server owns
// the data anyway, so there is no actor.
func (s *Service) CreateOwner(ctx context.Context, req OwnerRequest) (*kefu.Org, *kefu.Agent, error) {
	orgName := strings.TrimSpace(req.OrgName)
	if orgName == "" {
		orgName = DefaultOrgName
	}
	orgName, err := cleanName("org_name", orgName, maxNameLen)
	if err != nil {
		return nil, nil, err
	}
	owner, err := s.newOwner(ctx, req.Name, req.Email, req.Password, "")
	if err != nil {
		return nil, nil, err
	}
	s.setupMu.Lock()
	defer s.setupMu.Unlock()
	orgs, err := s.store.ListOrgs(ctx)
	if err != nil {
		return nil, nil, err
	}
	if len(orgs) == 0 {
		return s.createOrgWithOwner(ctx, orgName, owner)
	}
	org, err := pickOrg(orgs, strings.TrimSpace(req.OrgName))
	if err != nil {
		return nil, nil, err
	}
	if org == nil {
		return s.createOrgWithOwner(ctx, orgName, owner)
	}
	owner.ID, owner.OrgID = newID(), org.ID
	audited := s.within(ctx, kefu.SystemActor(org.ID), ActionAgentCreated, "agent", owner.ID, nil, auditFields(owner))
	if err := s.store.CreateAgent(audited, owner); err != nil {
		return nil, nil, err
	}
	s.log.InfoContext(ctx, "owner added", "org_id", org.ID, "agent_id", owner.ID)
	return org, owner, nil
}

// pickOrg chooses the organisation a new owner joins: the one named, or the only one when no
// name is given. It returns nil when the named organisation does not exist yet, so that it is
// created: an operator adding a tenant must never see its owner land in somebody else's
// organisation, with the run of all its conversations.
func pickOrg(orgs []kefu.Org, name string) (*kefu.Org, error) {
	if name == "" {
		if len(orgs) == 1 {
			return &orgs[0], nil
		}
		return nil, kefu.FieldError("org_name", "several organisations exist: give the name of one of them")
	}
	var found *kefu.Org
	for i := range orgs {
		if strings.EqualFold(orgs[i].Name, name) {
			if found != nil {
				return nil, kefu.Errorf(kefu.CodeConflict, "several organisations are named %q", name)
			}
			found = &orgs[i]
		}
	}
	return found, nil
}

// newOwner validates and builds an owner account; the organisation is filled in later.
func (s *Service) newOwner(ctx context.Context, name, email, password, orgID string) (*kefu.Agent, error) {
	a, err := s.newAgent(ctx, name, email, password, orgID)
	if err != nil {
		return nil, err
	}
	a.Role, a.Capacity, a.Availability = kefu.RoleOwner, kefu.DefaultCapacity, kefu.Online
	return a, nil
}

// newAgent validates the fields every new agent has and hashes the password under the policy
// of organisation orgID ("" = the server's, while the organisation is not known yet).
func (s *Service) newAgent(ctx context.Context, name, email, password, orgID string) (*kefu.Agent, error) {
	name, err := cleanName("name", name, maxNameLen)
	if err != nil {
		return nil, err
	}
	email, err = cleanEmail("email", email)
	if err != nil {
		return nil, err
	}
	hash, err := s.hashPassword(ctx, "password", password, email, orgID)
	if err != nil {
		return nil, err
	}
	return &kefu.Agent{Name: name, Email: email, PasswordHash: hash}, nil
}

// createOrgWithOwner creates the organisation and its owner in one transaction.
func (s *Service) createOrgWithOwner(ctx context.Context, orgName string, owner *kefu.Agent) (*kefu.Org, *kefu.Agent, error) {
	org := &kefu.Org{ID: newID(), Name: orgName, Settings: kefu.DefaultOrgSettings()}
	owner.ID, owner.OrgID = newID(), org.ID
	system := kefu.SystemActor(org.ID)
	audited := s.audit.Within(ctx, system,
		change(system, ActionOrgCreated, "org", org.ID, nil, auditFields(org)),
		change(system, ActionAgentCreated, "agent", owner.ID, nil, auditFields(owner)))
	if err := s.store.CreateOrgWithOwner(audited, org, owner); err != nil {
		return nil, nil, err
	}
	s.log.InfoContext(ctx, "organisation created", "org_id", org.ID, "agent_id", owner.ID)
	return org, owner, nil
}
