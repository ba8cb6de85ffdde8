package admin

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// Canned reply scopes.
const (
	ScopePersonal = "personal"
	ScopeShared   = "shared"
)

const maxShortcutLen = 32

// CannedInput is a new canned reply.
type CannedInput struct {
	Shortcut, Content string
	Scope             string // personal (default) or shared
}

// CannedPatch changes a canned reply; nil fields stay as they are.
type CannedPatch struct {
	Shortcut, Content *string
}

// ListCannedReplies returns the organisation's shared replies and the actor's own, optionally
// filtered by a search over shortcut and content.
func (s *Service) ListCannedReplies(ctx context.Context, actor kefu.Actor, search string) ([]kefu.CannedReply, error) {
	if err := requireMember(actor); err != nil {
		return nil, err
	}
	if len(search) > 100 || !utf8.ValidString(search) || strings.ContainsRune(search, 0) {
		return nil, kefu.FieldError("q", "q must be text of at most 100 bytes")
	}
	return s.store.ListCannedReplies(ctx, actor.OrgID, actor.AgentID, strings.TrimSpace(search))
}

// CreateCannedReply saves a reply: anyone may keep personal ones, holders of canned.manage curate shared ones.
func (s *Service) CreateCannedReply(ctx context.Context, actor kefu.Actor, in CannedInput) (*kefu.CannedReply, error) {
	if err := requireMember(actor); err != nil {
		return nil, err
	}
	c := &kefu.CannedReply{OrgID: actor.OrgID, OwnerID: actor.AgentID}
	switch in.Scope {
	case "", ScopePersonal:
	case ScopeShared:
		if err := requirePerm(actor, kefu.PermCannedManage); err != nil {
			return nil, err
		}
		c.OwnerID = ""
	default:
		return nil, kefu.FieldError("scope", "scope must be personal or shared")
	}
	if err := applyCanned(c, CannedPatch{Shortcut: &in.Shortcut, Content: &in.Content}); err != nil {
		return nil, err
	}
	if err := s.store.CreateCannedReply(ctx, c); err != nil {
		return nil, err
	}
	return c, nil
}

// UpdateCannedReply edits a reply the actor may change.
func (s *Service) UpdateCannedReply(ctx context.Context, actor kefu.Actor, id string, p CannedPatch) (*kefu.CannedReply, error) {
	c, err := s.cannedForChange(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	if err := applyCanned(c, p); err != nil {
		return nil, err
	}
	if err := s.store.UpdateCannedReply(ctx, c); err != nil {
		return nil, err
	}
	return c, nil
}

// DeleteCannedReply removes a reply the actor may change.
func (s *Service) DeleteCannedReply(ctx context.Context, actor kefu.Actor, id string) error {
	c, err := s.cannedForChange(ctx, actor, id)
	if err != nil {
		return err
	}
	return s.store.DeleteCannedReply(ctx, c.OrgID, c.ID)
}

// cannedForChange loads a reply the actor can see — shared, or their own personal one; anyone
// else's personal reply is not found — and checks they may change it.
func (s *Service) cannedForChange(ctx context.Context, actor kefu.Actor, id string) (*kefu.CannedReply, error) {
	if err := requireMember(actor); err != nil {
		return nil, err
	}
	if !kefu.ValidID(id) {
		return nil, kefu.ErrNotFound
	}
	c, err := s.store.GetCannedReply(ctx, actor.OrgID, id)
	if err != nil {
		return nil, err
	}
	if !c.Shared() && c.OwnerID != actor.AgentID {
		return nil, kefu.ErrNotFound
	}
	if c.Shared() && !actor.Has(kefu.PermCannedManage) {
		return nil, kefu.Errorf(kefu.CodeForbidden, "changing shared canned replies needs the %s permission", kefu.PermCannedManage)
	}
	return c, nil
}

func applyCanned(c *kefu.CannedReply, p CannedPatch) error {
	if p.Shortcut != nil {
		sc := strings.ToLower(strings.TrimPrefix(strings.TrimSpace(*p.Shortcut), "/"))
		if !validShortcut(sc) {
			return kefu.FieldError("shortcut", "shortcut must be 1 to %d of a-z, 0-9, - and _", maxShortcutLen)
		}
		c.Shortcut = sc
	}
	if p.Content != nil {
		content := strings.TrimSpace(*p.Content)
		if content == "" || len(content) > kefu.MaxContentBytes || !utf8.ValidString(content) || strings.ContainsRune(content, 0) {
			return kefu.FieldError("content", "content must be 1 to %d bytes of text", kefu.MaxContentBytes)
		}
		c.Content = content
	}
	return nil
}

func validShortcut(s string) bool {
	if s == "" || len(s) > maxShortcutLen {
		return false
	}
	for _, r := range s {
		if !('a' <= r && r <= 'z' || '0' <= r && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}
