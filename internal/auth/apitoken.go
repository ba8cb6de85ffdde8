package auth

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// maxTokenNameLen is the longest API token name, in characters.
const maxTokenNameLen = 100

// tokenDisplayLen is how many characters of a token (prefix included) are kept in
// APIToken.Prefix so people can tell their tokens apart; 8 secret characters reveal 48 of the
// 256 bits, leaving far more than enough.
const tokenDisplayLen = len(APITokenPrefix) + 8

// CreateAPIToken creates an API token acting for creator with a built-in role, whose permissions
// the creator must all hold. The plaintext is returned once and never stored. A token cannot mint
// tokens: that would let a leaked, expiring token make itself permanent. Authorising who may
// manage tokens at all is the caller's job.
func (s *Service) CreateAPIToken(ctx context.Context, creator kefu.Actor, name string, role kefu.Role, expiresAt *time.Time) (plaintext string, tok *kefu.APIToken, err error) {
	return s.CreateAPITokenFor(ctx, creator, TokenRequest{Name: name, Role: role, ExpiresAt: expiresAt})
}

// TokenRequest describes an API token to create. A custom role is given by CustomRoleID with
// Role kefu.RoleCustom and its permission set in RolePerms, which the caller read from the
// creator's organisation.
type TokenRequest struct {
	Name         string
	Role         kefu.Role
	CustomRoleID string
	RolePerms    kefu.PermSet
	ExpiresAt    *time.Time
}

// granted is the permission set the request asks for.
func (r TokenRequest) granted() kefu.PermSet {
	if r.Role == kefu.RoleCustom {
		return r.RolePerms
	}
	return r.Role.Permissions()
}

// CreateAPITokenFor creates an API token for creator with a built-in or a custom role, whose
// permissions the creator must all hold; see CreateAPIToken.
func (s *Service) CreateAPITokenFor(ctx context.Context, creator kefu.Actor, req TokenRequest) (plaintext string, tok *kefu.APIToken, err error) {
	name, role, expiresAt := req.Name, req.Role, req.ExpiresAt
	if err := s.checkTokenRequest(creator, req); err != nil {
		return "", nil, err
	}
	plaintext, hash := NewSecret(APITokenPrefix)
	id, err := uuid.NewV7()
	if err != nil {
		return "", nil, kefu.Internal(err)
	}
	tok = &kefu.APIToken{
		ID:           id.String(),
		OrgID:        creator.OrgID,
		AgentID:      creator.AgentID,
		Name:         strings.TrimSpace(name),
		Role:         role,
		CustomRoleID: req.CustomRoleID,
		Perms:        req.granted(),
		Prefix:       plaintext[:tokenDisplayLen],
		Hash:         hash,
		CreatedAt:    s.now(),
		ExpiresAt:    expiresAt,
	}
	if err := s.store.CreateAPIToken(s.auditTokenCreated(ctx, creator, tok), tok); err != nil {
		return "", nil, kefu.Internal(err)
	}
	return plaintext, tok, nil
}

// checkTokenRequest validates a token request against its creator.
func (s *Service) checkTokenRequest(creator kefu.Actor, req TokenRequest) error {
	name, role, expiresAt := req.Name, req.Role, req.ExpiresAt
	if !creator.IsAgent() || creator.TokenID != "" {
		return kefu.Errorf(kefu.CodeForbidden, "only a signed-in agent can create API tokens")
	}
	name = strings.TrimSpace(name)
	if n := utf8.RuneCountInString(name); n < 1 || n > maxTokenNameLen {
		return kefu.FieldError("name", "name must be 1 to %d characters", maxTokenNameLen)
	}
	if !role.Valid() && (role != kefu.RoleCustom || req.CustomRoleID == "") {
		return kefu.FieldError("role", "role must be one of owner, admin, supervisor, agent, or custom with custom_role_id")
	}
	if !creator.Permissions().Contains(req.granted()) {
		return kefu.Errorf(kefu.CodeForbidden, "a token cannot have permissions you do not hold")
	}
	if expiresAt != nil && !expiresAt.After(s.now()) {
		return kefu.FieldError("expires_at", "expires_at must be in the future")
	}
	return nil
}
