package store

import (
	"context"
	"math"
	"strconv"
	"strings"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// notWaiting sorts conversations nobody waits on after all waiting ones.
const notWaiting = math.MaxInt64

// sortSpec is the keyset of one order: its ORDER BY and the test for rows after a cursor.
type sortSpec struct {
	order string // ORDER BY clause
	after string // rows after the cursor: args key, key, id
}

func sortFor(s kefu.ConversationSort) (sortSpec, error) {
	switch s {
	case "", kefu.SortLastActivity:
		return sortSpec{
			order: `c.last_activity_at DESC, c.id DESC`,
			after: `(c.last_activity_at < ? OR (c.last_activity_at = ? AND c.id < ?))`,
		}, nil
	case kefu.SortWaitingLongest:
		key := `COALESCE(c.waiting_since, ` + strconv.FormatInt(notWaiting, 10) + `)`
		return sortSpec{
			order: key + ` ASC, c.id ASC`,
			after: `(` + key + ` > ? OR (` + key + ` = ? AND c.id > ?))`,
		}, nil
	}
	return sortSpec{}, kefu.FieldError("sort", "unknown sort %q", s)
}

// conversationWhere turns the filter (without cursor) into a WHERE clause over conversations c.
func (s *Store) conversationWhere(orgID string, f kefu.ConversationFilter) (string, []any) {
	conds, args := []string{`c.org_id = ?`}, []any{orgID}
	add := func(cond string, a ...any) { conds, args = append(conds, cond), append(args, a...) }
	if len(f.Statuses) > 0 {
		st := make([]string, len(f.Statuses))
		for i, x := range f.Statuses {
			st[i] = string(x)
		}
		add(`c.status IN (`+placeholders(len(st))+`)`, anyArgs(st)...)
	}
	if f.AssigneeID != "" {
		add(`c.assignee_id = ?`, f.AssigneeID)
	}
	if f.Unassigned {
		add(`c.assignee_id IS NULL`)
	}
	if f.WaitingBefore != nil {
		add(`c.waiting_since < ?`, micros(*f.WaitingBefore))
	}
	if f.TeamID != "" {
		add(`c.team_id = ?`, f.TeamID)
	}
	if f.InboxID != "" {
		add(`c.inbox_id = ?`, f.InboxID)
	}
	if f.ContactID != "" {
		add(`c.contact_id = ?`, f.ContactID)
	}
	if f.Label != "" {
		add(`EXISTS (SELECT 1 FROM conversation_labels l WHERE l.conversation_id = c.id AND l.label = ?)`, f.Label)
	}
	if f.Scope != nil {
		cond, a := scopeCondition(f.Scope)
		add(cond, a...)
	}
	if f.Search != "" {
		like, pat := s.d.like(), likeContains(f.Search)
		add(`(EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.kind <> 'note'
				AND m.content `+like+` ? ESCAPE '\')
			OR EXISTS (SELECT 1 FROM contacts ct WHERE ct.id = c.contact_id AND (ct.name `+like+` ? ESCAPE '\'
				OR ct.email `+like+` ? ESCAPE '\' OR ct.phone `+like+` ? ESCAPE '\')))`, pat, pat, pat, pat)
	}
	return strings.Join(conds, ` AND `), args
}

// scopeCondition is kefu.ConversationScope.Sees in SQL, so a team-scoped agent's pages are
// filtered before the LIMIT, never after.
func scopeCondition(sc *kefu.ConversationScope) (string, []any) {
	conds, args := []string{`c.assignee_id = ?`}, []any{sc.AgentID}
	inboxes := `c.inbox_id IN (` + placeholders(len(sc.InboxIDs)) + `)`
	switch {
	case sc.Teams && len(sc.TeamIDs) > 0:
		conds, args = append(conds, `c.team_id IN (`+placeholders(len(sc.TeamIDs))+`)`), append(args, anyArgs(sc.TeamIDs)...)
		if len(sc.InboxIDs) > 0 {
			conds, args = append(conds, inboxes), append(args, anyArgs(sc.InboxIDs)...)
		}
	case sc.Queue && len(sc.InboxIDs) > 0:
		conds, args = append(conds, `(c.assignee_id IS NULL AND `+inboxes+`)`), append(args, anyArgs(sc.InboxIDs)...)
	}
	return `(` + strings.Join(conds, ` OR `) + `)`, args
}

// ListConversations returns a page of the organisation's conversations matching f, each with
// its newest message preview and contact summary, and the cursor of the next page ("" on the
// last page).
func (s *Store) ListConversations(ctx context.Context, orgID string, f kefu.ConversationFilter) ([]kefu.Conversation, string, error) {
	spec, err := sortFor(f.Sort)
	if err != nil {
		return nil, "", err
	}
	limit := clampLimit(f.Limit, 25, 100)
	where, args := s.conversationWhere(orgID, f)
	if f.Cursor != "" {
		cur, err := decodeCursor(f.Cursor)
		if err != nil {
			return nil, "", err
		}
		where += ` AND ` + spec.after
		args = append(args, cur.Key, cur.Key, cur.ID)
	}
	cols, join, jargs := ``, ``, []any(nil)
	if f.ReaderID != "" {
		cols, join, jargs = readMarkerJoin(f.ReaderID)
	}
	// The page is chosen first, so the listing joins run for its rows only.
	page, err := s.queryListing(ctx, f.ReaderID != "", `SELECT `+conversationColumns+listingColumns+cols+` FROM (SELECT c.* FROM conversations c
		WHERE `+where+` ORDER BY `+spec.order+` LIMIT ?) c`+listingJoins+join+` ORDER BY `+spec.order, append(append(args, limit+1), jargs...)...)
	if err != nil {
		return nil, "", err
	}
	if len(page) <= limit {
		return page, "", nil
	}
	page = page[:limit]
	return page, encodeCursor(sortKey(f.Sort, &page[limit-1]), page[limit-1].ID), nil
}

// sortKey is the value of the sort key expression for c.
func sortKey(s kefu.ConversationSort, c *kefu.Conversation) int64 {
	if s != kefu.SortWaitingLongest {
		return micros(c.LastActivityAt)
	}
	if c.WaitingSince == nil {
		return notWaiting
	}
	return micros(*c.WaitingSince)
}

// CountConversations counts the conversations matching f, ignoring cursor and limit.
func (s *Store) CountConversations(ctx context.Context, orgID string, f kefu.ConversationFilter) (int, error) {
	where, args := s.conversationWhere(orgID, f)
	var n int
	if err := s.reader().queryRow(ctx, `SELECT COUNT(*) FROM conversations c WHERE `+where, args...).Scan(&n); err != nil {
		return 0, kefu.Internal(err)
	}
	return n, nil
}
