package kb

import (
	"context"
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// Audit actions of synonym groups.
const (
	ActionSynonymsCreated = "kb.synonyms_created"
	ActionSynonymsUpdated = "kb.synonyms_updated"
	ActionSynonymsDeleted = "kb.synonyms_deleted"
)

// Synonyms lists the organisation's synonym groups; every member reads them, as search uses
// them for every member.
func (s *Service) Synonyms(ctx context.Context, actor kefu.Actor) ([]kefu.SynonymGroup, error) {
	if err := requireMember(actor); err != nil {
		return nil, err
	}
	return s.store.ListKBSynonyms(ctx, actor.OrgID)
}

// CreateSynonyms adds a synonym group (kb.manage); the next search on every process uses it.
func (s *Service) CreateSynonyms(ctx context.Context, actor kefu.Actor, terms []string) (*kefu.SynonymGroup, error) {
	if err := requireEditor(actor); err != nil {
		return nil, err
	}
	clean, err := cleanTerms(terms)
	if err != nil {
		return nil, err
	}
	g := &kefu.SynonymGroup{OrgID: actor.OrgID, ID: uuid.Must(uuid.NewV7()).String(), Terms: clean}
	audited := s.withinSynonyms(ctx, actor, ActionSynonymsCreated, g.ID, nil, clean)
	if err := s.store.PutKBSynonym(audited, g); err != nil {
		return nil, err
	}
	return g, nil
}

// UpdateSynonyms replaces a synonym group's terms (kb.manage).
func (s *Service) UpdateSynonyms(ctx context.Context, actor kefu.Actor, id string, terms []string) (*kefu.SynonymGroup, error) {
	if err := requireEditor(actor); err != nil {
		return nil, err
	}
	was, err := s.synonymGroup(ctx, actor.OrgID, id)
	if err != nil {
		return nil, err
	}
	clean, err := cleanTerms(terms)
	if err != nil {
		return nil, err
	}
	g := &kefu.SynonymGroup{OrgID: actor.OrgID, ID: was.ID, Terms: clean}
	audited := s.withinSynonyms(ctx, actor, ActionSynonymsUpdated, g.ID, was.Terms, clean)
	if err := s.store.UpdateKBSynonym(audited, g); err != nil {
		return nil, err
	}
	return g, nil
}

// DeleteSynonyms removes a synonym group (kb.manage).
func (s *Service) DeleteSynonyms(ctx context.Context, actor kefu.Actor, id string) error {
	if err := requireEditor(actor); err != nil {
		return err
	}
	was, err := s.synonymGroup(ctx, actor.OrgID, id)
	if err != nil {
		return err
	}
	audited := s.withinSynonyms(ctx, actor, ActionSynonymsDeleted, was.ID, was.Terms, nil)
	return s.store.DeleteKBSynonym(audited, actor.OrgID, was.ID)
}

// synonymGroup finds a group of the organisation by id. The list is small (at most
// kefu.MaxSynonymGroups), so a read of it spares the store a lookup by id.
func (s *Service) synonymGroup(ctx context.Context, orgID, id string) (*kefu.SynonymGroup, error) {
	if !kefu.ValidArticleID(id) {
		return nil, kefu.ErrNotFound
	}
	list, err := s.store.ListKBSynonyms(ctx, orgID)
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(list, func(g kefu.SynonymGroup) bool { return g.ID == id })
	if i < 0 {
		return nil, kefu.ErrNotFound
	}
	return &list[i], nil
}

// cleanTerms trims the terms, drops repeats (compared case-insensitively, as search folds
// case) and checks the group's size.
func cleanTerms(terms []string) ([]string, error) {
	out, seen := []string{}, map[string]bool{}
	for _, t := range terms {
		c, ok := cleanText(t, kefu.MaxSynonymTerm)
		if !ok || c == "" || strings.ContainsAny(c, "\r\n\t") {
			return nil, kefu.FieldError("terms", "each term must be one line of 1 to %d characters", kefu.MaxSynonymTerm)
		}
		if key := strings.ToLower(c); !seen[key] {
			seen[key] = true
			out = append(out, c)
		}
	}
	if len(out) < kefu.MinSynonymTerms || len(out) > kefu.MaxSynonymTerms {
		return nil, kefu.FieldError("terms", "a group has %d to %d different terms", kefu.MinSynonymTerms, kefu.MaxSynonymTerms)
	}
	return out, nil
}

// withinSynonyms returns ctx carrying the audit record of a change to synonym group id.
func (s *Service) withinSynonyms(ctx context.Context, actor kefu.Actor, action, id string, before, after []string) context.Context {
	if s.audit == nil {
		return ctx
	}
	b, a := kefu.AuditDiff(termsField(before), termsField(after))
	e := kefu.AuditEntry{OrgID: actor.OrgID, Action: action, TargetType: "kb_synonyms", TargetID: id, Before: b, After: a}
	return s.audit.Within(ctx, actor, e)
}

// termsField is a group's terms as an audit field, nil for no group.
func termsField(terms []string) map[string]any {
	if terms == nil {
		return nil
	}
	return map[string]any{"terms": terms}
}
