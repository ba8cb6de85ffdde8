package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

const conversationColumns = `c.id, c.org_id, c.inbox_id, c.contact_id, c.status, c.assignee_id, c.team_id, c.priority,
	c.last_seq, c.contact_last_read_seq, c.agent_last_read_seq, c.last_activity_at, c.waiting_since,
	c.snoozed_until, c.rating_score, c.rating_comment, c.rated_at, c.created_at, c.updated_at,
	c.inquiry_type, c.language, c.region, c.routing_rule_id, c.follow_up, c.queued_at, c.assigned_at, c.required_skills,
	c.bot_state, c.emotion`

// scanConversation scans the conversationColumns, then into extra any columns selected after them.
func scanConversation(row scanner, extra ...any) (*kefu.Conversation, error) {
	var (
		c                          kefu.Conversation
		assignee, team             sql.NullString
		activity, created, updated int64
		waiting, snoozed, ratedAt  sql.NullInt64
		score                      sql.NullInt64
		comment                    sql.NullString
		queued, assigned           sql.NullInt64
		skills                     string
	)
	dest := []any{&c.ID, &c.OrgID, &c.InboxID, &c.ContactID, &c.Status, &assignee, &team, &c.Priority,
		&c.LastSeq, &c.ContactLastReadSeq, &c.AgentLastReadSeq, &activity, &waiting, &snoozed,
		&score, &comment, &ratedAt, &created, &updated,
		&c.InquiryType, &c.Language, &c.Region, &c.RoutingRuleID, &c.FollowUp, &queued, &assigned, &skills,
		&c.BotState, &c.Emotion}
	err := row.Scan(append(dest, extra...)...)
	if err != nil {
		return nil, dbError(err)
	}
	c.AssigneeID, c.TeamID, c.Labels = assignee.String, team.String, []string{}
	c.LastActivityAt, c.CreatedAt, c.UpdatedAt = fromMicros(activity), fromMicros(created), fromMicros(updated)
	c.WaitingSince, c.SnoozedUntil = fromNullMicros(waiting), fromNullMicros(snoozed)
	c.QueuedAt, c.AssignedAt = fromNullMicros(queued), fromNullMicros(assigned)
	if err := decodeList(skills, &c.RequiredSkills); err != nil {
		return nil, kefu.Internal(fmt.Errorf("decode required skills: %w", err))
	}
	if score.Valid {
		c.Rating = &kefu.Rating{Score: int(score.Int64), Comment: comment.String, RatedAt: *fromNullMicros(ratedAt)}
	}
	return &c, nil
}

// getConversation loads a conversation with its labels; lock takes the row lock on PostgreSQL
// so concurrent writers on other nodes serialise per conversation. The labels come in the same
// statement: every append reads its conversation, and a second query cost SQLite about 7% of an
// append's CPU and PostgreSQL an extra round trip.
func getConversation(ctx context.Context, c conn, orgID, id string, lock bool) (*kefu.Conversation, error) {
	conv, _, err := getConversationAnd(ctx, c, orgID, id, lock, nil)
	return conv, err
}

// getConversationAnd is getConversation that, when agentID is not nil, also reads that agent's
// name in the same statement: an agent's message needs it, and on PostgreSQL a query of its own
// would be another round trip the writer waits for. An agent the organisation does not have is
// not found.
func getConversationAnd(ctx context.Context, c conn, orgID, id string, lock bool, agentID *string) (*kefu.Conversation, string, error) {
	var (
		labels string
		name   sql.NullString
		args   []any
	)
	cols, dest := conversationColumns+`, `+c.d.labelsJSON("c.id"), []any{&labels}
	if agentID != nil {
		cols += `, (SELECT name FROM agents WHERE org_id = c.org_id AND id = ?)`
		args, dest = append(args, *agentID), append(dest, &name)
	}
	q := `SELECT ` + cols + ` FROM conversations c WHERE c.org_id = ? AND c.id = ?`
	if lock {
		q += c.d.forUpdate()
	}
	conv, err := scanConversation(c.queryRow(ctx, q, append(args, orgID, id)...), dest...)
	if err != nil {
		return nil, "", err
	}
	if agentID != nil && !name.Valid {
		return nil, "", kefu.ErrNotFound
	}
	if err := decodeLabels(conv, labels); err != nil {
		return nil, "", err
	}
	return conv, name.String, nil
}

// decodeLabels sets the conversation's labels from the JSON array labelsJSON selects.
func decodeLabels(conv *kefu.Conversation, labels string) error {
	if err := json.Unmarshal([]byte(labels), &conv.Labels); err != nil {
		return kefu.Internal(fmt.Errorf("decode labels of conversation %s: %w", conv.ID, err))
	}
	return nil
}

// fillLabels loads the labels of the conversations in one query, sorted by name.
func fillLabels(ctx context.Context, c conn, convs []*kefu.Conversation) error {
	if len(convs) == 0 {
		return nil
	}
	byID := make(map[string]*kefu.Conversation, len(convs))
	ids := make([]string, 0, len(convs))
	for _, cv := range convs {
		byID[cv.ID] = cv
		ids = append(ids, cv.ID)
	}
	rows, err := c.query(ctx, `SELECT conversation_id, label FROM conversation_labels
		WHERE conversation_id IN (`+placeholders(len(ids))+`) ORDER BY label`, anyArgs(ids)...)
	if err != nil {
		return kefu.Internal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, label string
		if err := rows.Scan(&id, &label); err != nil {
			return kefu.Internal(err)
		}
		byID[id].Labels = append(byID[id].Labels, label)
	}
	return dbError(rows.Err())
}

// cloneConversation copies c deeply enough that event snapshots never change after emission.
func cloneConversation(c *kefu.Conversation) *kefu.Conversation {
	n := *c
	n.Labels = slices.Clone(c.Labels)
	if n.Labels == nil {
		n.Labels = []string{}
	}
	n.WaitingSince, n.SnoozedUntil = normTimePtr(c.WaitingSince), normTimePtr(c.SnoozedUntil)
	n.QueuedAt, n.AssignedAt = normTimePtr(c.QueuedAt), normTimePtr(c.AssignedAt)
	n.RequiredSkills = slices.Clone(c.RequiredSkills)
	if c.Rating != nil {
		r := *c.Rating
		r.RatedAt = normTime(r.RatedAt)
		n.Rating = &r
	}
	return &n
}

// CreateConversation creates a conversation in an inbox for a contact, both of the same
// organisation, and emits conversation.created.
func (s *Store) CreateConversation(ctx context.Context, c *kefu.Conversation) (*kefu.Conversation, error) {
	n := newConversationRow(c, s.now())
	var saved *kefu.Conversation
	err := s.write(ctx, func(t *Tx) error {
		var err error
		saved, err = insertConversation(t, n)
		return err
	})
	if err != nil {
		return nil, err
	}
	return saved, nil
}

// newConversationRow is a copy of c with the defaults a new conversation gets filled in.
func newConversationRow(c *kefu.Conversation, now time.Time) *kefu.Conversation {
	n := cloneConversation(c)
	if n.ID == "" {
		n.ID = newID()
	}
	if n.Status == "" {
		n.Status = kefu.StatusOpen
	}
	if n.Priority == "" {
		n.Priority = kefu.PriorityNone
	}
	n.Labels = uniqueIDs(n.Labels)
	if n.AssigneeID != "" && n.AssignedAt == nil {
		n.AssignedAt = &now
	}
	n.LastActivityAt, n.CreatedAt, n.UpdatedAt = orNow(n.LastActivityAt, now), orNow(n.CreatedAt, now), orNow(n.UpdatedAt, now)
	return n
}

func insertConversation(t *Tx, n *kefu.Conversation) (*kefu.Conversation, error) {
	if err := checkConversationRefs(t, n); err != nil {
		return nil, err
	}
	_, err := t.exec(`INSERT INTO conversations (id, org_id, inbox_id, contact_id, status, assignee_id, team_id, priority,
		last_seq, contact_last_read_seq, agent_last_read_seq, last_activity_at, waiting_since, snoozed_until,
		created_at, updated_at, inquiry_type, language, region, routing_rule_id, follow_up, priority_rank,
		queued_at, assigned_at, required_skills, bot_state, emotion)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		n.ID, n.OrgID, n.InboxID, n.ContactID, string(n.Status), nullString(n.AssigneeID), nullString(n.TeamID),
		string(n.Priority), n.LastSeq, n.ContactLastReadSeq, n.AgentLastReadSeq, micros(n.LastActivityAt),
		nullMicros(n.WaitingSince), nullMicros(n.SnoozedUntil), micros(n.CreatedAt), micros(n.UpdatedAt),
		n.InquiryType, n.Language, n.Region, n.RoutingRuleID, n.FollowUp, n.Priority.Rank(),
		nullMicros(n.QueuedAt), nullMicros(n.AssignedAt), jsonText(orEmpty(n.RequiredSkills)), string(n.BotState), n.Emotion)
	if isUniqueViolation(err) {
		return nil, kefu.Errorf(kefu.CodeConflict, "a conversation with this id already exists")
	}
	if err != nil {
		return nil, dbError(err)
	}
	if err := insertLabels(t, n.OrgID, n.ID, n.Labels); err != nil {
		return nil, err
	}
	snap := cloneConversation(n)
	return snap, t.emit(kefu.Event{OrgID: n.OrgID, Type: kefu.EventConversationCreated, ConversationID: n.ID,
		ContactID: n.ContactID, InboxID: n.InboxID, Conversation: cloneConversation(n)})
}

// checkConversationRefs fails with invalid_input unless the inbox, contact, assignee and team
// belong to the conversation's organisation: foreign keys alone cannot see organisations.
func checkConversationRefs(t *Tx, c *kefu.Conversation) error {
	if err := t.mustExistInOrg("inboxes", "inbox_id", "no such inbox", c.OrgID, c.InboxID); err != nil {
		return err
	}
	if err := t.mustExistInOrg("contacts", "contact_id", "no such contact", c.OrgID, c.ContactID); err != nil {
		return err
	}
	return checkAssignment(t, c, nil)
}

// checkAssignment validates the assignee and team when they are new.
func checkAssignment(t *Tx, c, before *kefu.Conversation) error {
	if c.AssigneeID != "" && (before == nil || before.AssigneeID != c.AssigneeID) {
		if err := t.mustExistInOrg("agents", "assignee_id", "no such agent", c.OrgID, c.AssigneeID); err != nil {
			return err
		}
	}
	if c.TeamID != "" && (before == nil || before.TeamID != c.TeamID) {
		return t.mustExistInOrg("teams", "team_id", "no such team", c.OrgID, c.TeamID)
	}
	return nil
}

// mustExistInOrg fails with invalid_input on field unless table has a row with id in the
// organisation. table is a constant of this package, never input.
func (t *Tx) mustExistInOrg(table, field, msg, orgID, id string) error {
	var one int
	err := t.c.queryRow(t.ctx, `SELECT 1 FROM `+table+` WHERE org_id = ? AND id = ?`, orgID, id).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return kefu.FieldError(field, "%s", msg)
	}
	return dbError(err)
}

func insertLabels(t *Tx, orgID, convID string, labels []string) error {
	for _, l := range labels {
		_, err := t.exec(`INSERT INTO conversation_labels (org_id, conversation_id, label) VALUES (?, ?, ?)`, orgID, convID, l)
		if err != nil {
			return dbError(err)
		}
	}
	return nil
}

// GetConversation returns a conversation of the organisation with its labels.
func (s *Store) GetConversation(ctx context.Context, orgID, id string) (*kefu.Conversation, error) {
	return getConversation(ctx, s.reader(), orgID, id, false)
}

// UpdateConversation applies mutate to the conversation inside the write transaction and saves
// every mutable field. conversation.updated is emitted only when something changed; an activity
// message returned by mutate is appended like AppendMessage. It returns the saved conversation.
func (s *Store) UpdateConversation(ctx context.Context, orgID, id string, mutate kefu.ConversationChange) (*kefu.Conversation, error) {
	var saved *kefu.Conversation
	err := s.writeConversation(ctx, convTarget{orgID: orgID, convID: id}, func(t *Tx) error {
		var err error
		saved, err = t.updateConversation(orgID, id, mutate)
		return err
	})
	if err != nil {
		return nil, err
	}
	return saved, nil
}

func (t *Tx) updateConversation(orgID, id string, mutate kefu.ConversationChange) (*kefu.Conversation, error) {
	if err := t.lockOrg(orgID); err != nil {
		return nil, err
	}
	before, _, err := t.lockedConversation(orgID, id, nil)
	if err != nil {
		return nil, err
	}
	c := cloneConversation(before)
	t.org, t.conv = orgID, id
	msg, err := mutate(t, c)
	if err != nil {
		return nil, err
	}
	// Identity and history fields are not the mutation's to change.
	c.ID, c.OrgID, c.InboxID, c.ContactID = before.ID, before.OrgID, before.InboxID, before.ContactID
	c.LastSeq, c.CreatedAt = before.LastSeq, before.CreatedAt
	c.Labels = uniqueIDs(c.Labels)
	if c.AssigneeID != "" || c.Status == kefu.StatusOpen {
		takeFromBot(c) // a person took or opened it: assigned or open conversations are never the bot's
	}
	markQueue(before, c, t.now)
	if err := validateConversation(t, c, before); err != nil {
		return nil, err
	}
	if conversationChanged(before, c) {
		c.UpdatedAt = t.now
		if err := saveConversation(t, c, !slices.Equal(before.Labels, c.Labels)); err != nil {
			return nil, err
		}
		// Read it again when needed rather than mirror how a save normalises fields and labels.
		t.cache.forget(orgID, id)
		err := t.emit(kefu.Event{OrgID: c.OrgID, Type: kefu.EventConversationUpdated, ConversationID: c.ID,
			ContactID: c.ContactID, InboxID: c.InboxID, Conversation: cloneConversation(c), Before: refBefore(before, c)})
		if err != nil {
			return nil, err
		}
	}
	if msg == nil {
		return c, nil
	}
	m := *msg
	m.OrgID, m.ConversationID = orgID, id
	_, conv, _, err := t.appendMessage(m, nil, nil)
	return conv, err
}

// refBefore is before's scope fields when the change moved them (the realtime hub tells the
// agents whose views the conversation left), else nil.
func refBefore(before, after *kefu.Conversation) *kefu.ConversationRef {
	if before.Ref() == after.Ref() {
		return nil
	}
	r := before.Ref()
	return &r
}

func validateConversation(t *Tx, c, before *kefu.Conversation) error {
	if !c.Status.Valid() {
		return kefu.FieldError("status", "unknown status %q", c.Status)
	}
	if !c.Priority.Valid() {
		return kefu.FieldError("priority", "unknown priority %q", c.Priority)
	}
	return checkAssignment(t, c, before)
}

// conversationChanged compares the mutable fields.
func conversationChanged(a, b *kefu.Conversation) bool {
	return a.Status != b.Status || a.AssigneeID != b.AssigneeID || a.TeamID != b.TeamID ||
		a.Priority != b.Priority || !slices.Equal(a.Labels, b.Labels) ||
		a.ContactLastReadSeq != b.ContactLastReadSeq || a.AgentLastReadSeq != b.AgentLastReadSeq ||
		!a.LastActivityAt.Equal(b.LastActivityAt) || !sameTime(a.WaitingSince, b.WaitingSince) ||
		!sameTime(a.SnoozedUntil, b.SnoozedUntil) || !sameRating(a.Rating, b.Rating) ||
		routingChanged(a, b) || a.BotState != b.BotState || a.Emotion != b.Emotion
}

func sameTime(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Equal(*b)
}

func sameRating(a, b *kefu.Rating) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Score == b.Score && a.Comment == b.Comment && a.RatedAt.Equal(b.RatedAt)
}

// ratingColumns are the values of the rating columns, NULL when there is no rating.
func ratingColumns(r *kefu.Rating) (score, comment, ratedAt any) {
	if r == nil {
		return nil, nil, nil
	}
	at := normTime(r.RatedAt)
	return r.Score, r.Comment, micros(at)
}

// saveConversation writes every mutable field; labels only when they changed.
func saveConversation(t *Tx, c *kefu.Conversation, labels bool) error {
	c.LastActivityAt = normTime(c.LastActivityAt)
	c.WaitingSince, c.SnoozedUntil = normTimePtr(c.WaitingSince), normTimePtr(c.SnoozedUntil)
	c.QueuedAt, c.AssignedAt = normTimePtr(c.QueuedAt), normTimePtr(c.AssignedAt)
	score, comment, ratedAt := ratingColumns(c.Rating)
	err := mustAffect(t.exec(`UPDATE conversations SET status = ?, assignee_id = ?, team_id = ?, priority = ?,
		last_seq = ?, contact_last_read_seq = ?, agent_last_read_seq = ?, last_activity_at = ?, waiting_since = ?,
		snoozed_until = ?, rating_score = ?, rating_comment = ?, rated_at = ?, updated_at = ?, inquiry_type = ?,
		language = ?, region = ?, routing_rule_id = ?, follow_up = ?, priority_rank = ?, queued_at = ?,
		assigned_at = ?, required_skills = ?, bot_state = ?, emotion = ? WHERE org_id = ? AND id = ?`,
		string(c.Status), nullString(c.AssigneeID), nullString(c.TeamID), string(c.Priority), c.LastSeq,
		c.ContactLastReadSeq, c.AgentLastReadSeq, micros(c.LastActivityAt), nullMicros(c.WaitingSince),
		nullMicros(c.SnoozedUntil), score, comment, ratedAt, micros(c.UpdatedAt), c.InquiryType, c.Language,
		c.Region, c.RoutingRuleID, c.FollowUp, c.Priority.Rank(), nullMicros(c.QueuedAt), nullMicros(c.AssignedAt),
		jsonText(orEmpty(c.RequiredSkills)), string(c.BotState), c.Emotion, c.OrgID, c.ID))
	if err != nil || !labels {
		return err
	}
	if _, err := t.exec(`DELETE FROM conversation_labels WHERE conversation_id = ?`, c.ID); err != nil {
		return dbError(err)
	}
	return insertLabels(t, c.OrgID, c.ID, c.Labels)
}

// ListContactConversations returns a contact's conversations, most recently active first, for
// the visitor API; inboxID "" means every inbox. At most 100 are returned.
func (s *Store) ListContactConversations(ctx context.Context, orgID, contactID, inboxID string) ([]kefu.Conversation, error) {
	where, args := `c.org_id = ? AND c.contact_id = ?`, []any{orgID, contactID}
	if inboxID != "" {
		where += ` AND c.inbox_id = ?`
		args = append(args, inboxID)
	}
	// "+ 0" keeps the ORDER BY from matching the (org_id, last_activity_at) index: without it
	// SQLite walks every conversation of the organisation in activity order looking for this
	// contact's few (one visitor hello per 1,000 conversations cost milliseconds), instead of
	// finding them through the contact index and sorting a handful of rows.
	return s.queryConversations(ctx, `SELECT `+conversationColumns+` FROM conversations c WHERE `+where+`
		ORDER BY c.last_activity_at + 0 DESC, c.id DESC LIMIT 100`, args...)
}

// queryConversations runs a conversation query and fills labels in one more query.
func (s *Store) queryConversations(ctx context.Context, query string, args ...any) ([]kefu.Conversation, error) {
	return s.queryConversationsWith(ctx, func(r scanner) (*kefu.Conversation, error) { return scanConversation(r) }, query, args...)
}

// queryConversationsWith runs a conversation query whose rows scan reads, and fills labels in
// one more query.
func (s *Store) queryConversationsWith(ctx context.Context, scan func(scanner) (*kefu.Conversation, error), query string, args ...any) ([]kefu.Conversation, error) {
	rows, err := s.reader().query(ctx, query, args...)
	if err != nil {
		return nil, kefu.Internal(err)
	}
	defer rows.Close()
	var page []*kefu.Conversation
	for rows.Next() {
		c, err := scan(rows)
		if err != nil {
			return nil, err
		}
		page = append(page, c)
	}
	if err := rows.Err(); err != nil {
		return nil, kefu.Internal(err)
	}
	if err := fillLabels(ctx, s.reader(), page); err != nil {
		return nil, err
	}
	out := make([]kefu.Conversation, len(page))
	for i, c := range page {
		out[i] = *c
	}
	return out, nil
}
