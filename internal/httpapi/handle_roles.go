package httpapi

import (
	"context"
	"time"

	"github.com/kefu-dev/kefu/internal/admin"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// permissionBody is one catalogue entry; the workspace translates its description by name.
type permissionBody struct {
	Name  string `json:"name" doc:"Stable API name, e.g. conversations.reply"`
	Group string `json:"group" doc:"The part of the name before the dot"`
}

// builtinRoleBody is a built-in role and its permission set.
type builtinRoleBody struct {
	Role        kefu.Role `json:"role"`
	Permissions []string  `json:"permissions"`
}

type permissionsOutput struct {
	Body struct {
		Permissions []permissionBody  `json:"permissions"`
		Builtin     []builtinRoleBody `json:"builtin_roles"`
	}
}

func (s *server) listPermissions(ctx context.Context, _ *struct{}) (*permissionsOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	perms, err := s.Admin.Permissions(ctx, actor)
	if err != nil {
		return nil, err
	}
	out := &permissionsOutput{}
	for _, p := range perms {
		out.Body.Permissions = append(out.Body.Permissions, permissionBody{Name: p.Name, Group: p.Group})
	}
	for _, r := range []kefu.Role{kefu.RoleOwner, kefu.RoleAdmin, kefu.RoleSupervisor, kefu.RoleAgent} {
		out.Body.Builtin = append(out.Body.Builtin, builtinRoleBody{Role: r, Permissions: r.Permissions().Names()})
	}
	return out, nil
}

// roleBody is a custom role as the API shows it, its permissions by name.
type roleBody struct {
	ID          string    `json:"id"`
	Name        string    `json:"name"`
	Description string    `json:"description"`
	Permissions []string  `json:"permissions"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

func roleJSON(r *kefu.CustomRole) roleBody {
	return roleBody{ID: r.ID, Name: r.Name, Description: r.Description, Permissions: r.Perms.Names(),
		CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
}

type rolesOutput struct {
	Body struct {
		Roles []roleBody `json:"roles"`
	}
}

func (s *server) listRoles(ctx context.Context, _ *struct{}) (*rolesOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	roles, err := s.Admin.ListCustomRoles(ctx, actor)
	if err != nil {
		return nil, err
	}
	out := &rolesOutput{}
	out.Body.Roles = make([]roleBody, len(roles))
	for i := range roles {
		out.Body.Roles[i] = roleJSON(&roles[i])
	}
	return out, nil
}

type roleOutput struct {
	Status int
	Body   roleBody
}

type createRoleInput struct {
	Body struct {
		Name        string   `json:"name" maxLength:"100"`
		Description string   `json:"description,omitempty" maxLength:"500"`
		Permissions []string `json:"permissions" maxItems:"64"`
	}
}

func (s *server) createRole(ctx context.Context, in *createRoleInput) (*roleOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	b := in.Body
	r, err := s.Admin.CreateCustomRole(ctx, actor, admin.RoleInput{Name: b.Name, Description: b.Description, Permissions: b.Permissions})
	if err != nil {
		return nil, err
	}
	return &roleOutput{Status: 201, Body: roleJSON(r)}, nil
}

type updateRoleInput struct {
	ID   string `path:"id" maxLength:"36"`
	Body struct {
		Name        *string   `json:"name,omitempty" maxLength:"100"`
		Description *string   `json:"description,omitempty" maxLength:"500"`
		Permissions *[]string `json:"permissions,omitempty" maxItems:"64"`
	}
}

func (s *server) updateRole(ctx context.Context, in *updateRoleInput) (*roleOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	b := in.Body
	r, err := s.Admin.UpdateCustomRole(ctx, actor, in.ID, admin.RolePatch{Name: b.Name, Description: b.Description, Permissions: b.Permissions})
	if err != nil {
		return nil, err
	}
	return &roleOutput{Status: 200, Body: roleJSON(r)}, nil
}

func (s *server) deleteRole(ctx context.Context, in *idInput) (*struct{}, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	return nil, s.Admin.DeleteCustomRole(ctx, actor, in.ID)
}
