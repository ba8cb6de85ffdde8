package admin

import (
	"context"
	"errors"
	"time"

	"github.com/kefu-dev/kefu/internal/auth"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// CreateAPIToken creates an API token acting for the actor (tokens.manage) with a built-in
// role. The plaintext is returned once and never stored. The token's permissions must all be
// the actor's, and a token cannot mint tokens (auth enforces both).
func (s *Service) CreateAPIToken(ctx context.Context, actor kefu.Actor, name string, role kefu.Role, expiresAt *time.Time) (string, *kefu.APIToken, error) {
	return s.createAPIToken(ctx, actor, auth.TokenRequest{Name: name, Role: role, ExpiresAt: expiresAt})
}

// CreateCustomRoleAPIToken is CreateAPIToken with a custom role of the organisation.
func (s *Service) CreateCustomRoleAPIToken(ctx context.Context, actor kefu.Actor, name, customRoleID string, expiresAt *time.Time) (string, *kefu.APIToken, error) {
	if err := requirePerm(actor, kefu.PermTokensManage); err != nil {
		return "", nil, err
	}
	r, err := s.customRole(ctx, actor, customRoleID)
	if kefu.IsNotFound(err) {
		return "", nil, kefu.FieldError("custom_role_id", "no such custom role in this organisation")
	}
	if err != nil {
		return "", nil, err
	}
	return s.createAPIToken(ctx, actor, auth.TokenRequest{Name: name, Role: kefu.RoleCustom, CustomRoleID: r.ID,
		RolePerms: r.Perms, ExpiresAt: expiresAt})
}

func (s *Service) createAPIToken(ctx context.Context, actor kefu.Actor, req auth.TokenRequest) (string, *kefu.APIToken, error) {
	if err := requirePerm(actor, kefu.PermTokensManage); err != nil {
		return "", nil, err
	}
	if s.auth == nil {
		return "", nil, kefu.Internal(errors.New("admin: Options.Auth is not set"))
	}
	plaintext, tok, err := s.auth.CreateAPITokenFor(ctx, actor, req)
	if err != nil {
		return "", nil, err
	}
	s.log.InfoContext(ctx, "api token created", "org_id", tok.OrgID, "token_id", tok.ID, "role", tok.Role, "by", actor.AgentID)
	return plaintext, tok, nil
}

// ListAPITokens returns the organisation's API tokens, revoked ones included (tokens.manage).
// Only hashes are stored, so no secret can leak from here.
func (s *Service) ListAPITokens(ctx context.Context, actor kefu.Actor) ([]kefu.APIToken, error) {
	if err := requirePerm(actor, kefu.PermTokensManage); err != nil {
		return nil, err
	}
	return s.store.ListAPITokens(ctx, actor.OrgID)
}

// RevokeAPIToken revokes a token of the organisation (tokens.manage). Like agents, a token
// with a role above the actor's is out of reach: an admin cannot cut off an owner's integration.
func (s *Service) RevokeAPIToken(ctx context.Context, actor kefu.Actor, id string) error {
	if err := requireMember(actor); err != nil {
		return err
	}
	tok, err := s.apiToken(ctx, actor, id)
	if err != nil {
		return err
	}
	if err := requirePerm(actor, kefu.PermTokensManage); err != nil {
		return err
	}
	if err := requireGrant(actor, tok.Perms, "revoke this token"); err != nil {
		return err
	}
	audited := s.within(ctx, actor, ActionTokenRevoked, "token", tok.ID, map[string]any{"name": tok.Name}, nil)
	if err := s.store.RevokeAPIToken(audited, actor.OrgID, tok.ID, s.now()); err != nil {
		return err
	}
	s.revoker.Token(actor.OrgID, tok.ID)
	s.log.InfoContext(ctx, "api token revoked", "org_id", actor.OrgID, "token_id", tok.ID, "by", actor.AgentID)
	return nil
}

// apiToken finds a token of the actor's organisation; the store has no single-token read by id.
func (s *Service) apiToken(ctx context.Context, actor kefu.Actor, id string) (*kefu.APIToken, error) {
	if !kefu.ValidID(id) {
		return nil, kefu.ErrNotFound
	}
	toks, err := s.store.ListAPITokens(ctx, actor.OrgID)
	if err != nil {
		return nil, err
	}
	for i := range toks {
		if toks[i].ID == id {
			return &toks[i], nil
		}
	}
	return nil, kefu.ErrNotFound
}
