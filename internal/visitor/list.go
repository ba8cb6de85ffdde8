package visitor

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// maxListed bounds one answer of List: a workspace table, not an export.
const maxListed = 500

// List returns the organisation's live visitors the agent may see (kefu.Actor.SeesVisitors:
// contacts.view and the inbox's conversations), newest arrivals first, each with their open
// conversation when they have one.
func (s *Service) List(ctx context.Context, actor kefu.Actor) ([]kefu.LiveVisitor, error) {
	if !actor.IsAgent() {
		return nil, kefu.ErrNotFound
	}
	if !actor.Has(kefu.PermContactsView) {
		return nil, kefu.Errorf(kefu.CodeForbidden, "this needs the %s permission", kefu.PermContactsView)
	}
	keys, views := s.visible(actor)
	if views == nil {
		views = []kefu.LiveVisitor{} // an empty list, not null
	}
	for i, k := range keys {
		if v, ok := s.load(ctx, k); ok {
			views[i] = v
		}
	}
	views = slices.DeleteFunc(views, func(v kefu.LiveVisitor) bool { return v.PageURL == "" })
	if err := s.withConversations(ctx, actor.OrgID, views); err != nil {
		return nil, err
	}
	slices.SortFunc(views, func(a, b kefu.LiveVisitor) int {
		if c := b.StartedAt.Compare(a.StartedAt); c != 0 {
			return c
		}
		return strings.Compare(a.ContactID, b.ContactID)
	})
	return views[:min(len(views), maxListed)], nil
}

// visible snapshots the live entries of the agent's organisation in inboxes they may see.
func (s *Service) visible(actor kefu.Actor) ([]kefu.VisitKey, []kefu.LiveVisitor) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var keys []kefu.VisitKey
	var views []kefu.LiveVisitor
	for k, e := range s.live {
		if k.OrgID == actor.OrgID && actor.SeesVisitors(k.InboxID) {
			keys, views = append(keys, k), append(views, e.view)
		}
	}
	return keys, views
}

// load reads the persisted visit of a visitor who connected without a page view on this node
// (after a restart); ok false when it was loaded already or there is none.
func (s *Service) load(ctx context.Context, k kefu.VisitKey) (kefu.LiveVisitor, bool) {
	s.mu.Lock()
	e := s.live[k]
	loaded := e == nil || e.loaded
	s.mu.Unlock()
	if loaded {
		return kefu.LiveVisitor{}, false
	}
	v, err := s.store.GetVisit(ctx, k)
	if err != nil {
		if !errors.Is(err, kefu.ErrNotFound) {
			s.log.WarnContext(ctx, "visitor: reading a visit failed", "org_id", k.OrgID, "err", err)
		}
		return kefu.LiveVisitor{}, false
	}
	return s.applyVisit(*v, false), true
}

// withConversations fills in each visitor's open conversation of their inbox.
func (s *Service) withConversations(ctx context.Context, orgID string, views []kefu.LiveVisitor) error {
	ids := make([]string, len(views))
	for i, v := range views {
		ids[i] = v.ContactID
	}
	open, err := s.store.OpenConversationsOf(ctx, orgID, ids)
	if err != nil {
		return err
	}
	for i := range views {
		views[i].OpenConvID = open[views[i].ContactID][views[i].InboxID]
	}
	return nil
}
