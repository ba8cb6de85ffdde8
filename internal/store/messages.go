package store

import (
	"context"
	"database/sql"
	"slices"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

const messageColumns = `id, org_id, conversation_id, seq, sender_type, sender_id, sender_name, kind, content, client_msg_id, created_at, bot`

func scanMessage(row scanner) (*kefu.Message, error) {
	var (
		m        kefu.Message
		clientID sql.NullString
		created  int64
		card     sql.NullString
	)
	err := row.Scan(&m.ID, &m.OrgID, &m.ConversationID, &m.Seq, &m.SenderType, &m.SenderID, &m.SenderName, &m.Kind, &m.Content,
		&clientID, &created, &card)
	if err != nil {
		return nil, dbError(err)
	}
	if m.Bot, err = decodeBotCard(card); err != nil {
		return nil, err
	}
	m.ClientMsgID, m.CreatedAt, m.Attachments = clientID.String, fromMicros(created), []kefu.Attachment{}
	return &m, nil
}

// AppendMessage appends a message to a conversation of m.OrgID with the next seq, claims the
// listed attachments, updates the conversation and emits message.created, all in one group
// commit. A repeated ClientMsgID returns the stored message with duplicate=true and changes
// nothing. It returns after commit; m gets ID, Seq, CreatedAt and Attachments filled, and an
// agent's message without SenderName gets the agent's current name (not found when the
// organisation has no such agent).
func (s *Store) AppendMessage(ctx context.Context, m *kefu.Message, attachmentIDs []string) (*kefu.Message, bool, error) {
	return s.AppendMessageIf(ctx, m, attachmentIDs, nil)
}

// AppendMessageIf is AppendMessage for a caller that may not write to every conversation of
// the organisation: allowed sees the conversation as the transaction read it, and false makes
// the append not found. Checking here, on the row the append locks anyway, saves the caller a
// read of its own before every message.
func (s *Store) AppendMessageIf(ctx context.Context, m *kefu.Message, attachmentIDs []string, allowed func(*kefu.Conversation) bool) (*kefu.Message, bool, error) {
	in := *m
	var (
		out *kefu.Message
		dup bool
	)
	target := appendTarget(&in)
	o := &op{target: &target, run: func(t *Tx) error {
		var err error
		out, _, dup, err = t.appendMessage(in, attachmentIDs, allowed)
		return err
	}}
	if len(attachmentIDs) == 0 {
		o.plain = &plainAppend{clientMsgID: in.ClientMsgID}
	}
	if err := s.writeOp(ctx, o); err != nil {
		return nil, false, err
	}
	if !dup {
		*m = *out
		m.Attachments = slices.Clone(out.Attachments)
	}
	return out, dup, nil
}

// appendMessage is AppendMessageIf inside the transaction (allowed may be nil). It returns the
// stored message and the conversation after the append.
func (t *Tx) appendMessage(m kefu.Message, attachmentIDs []string, allowed func(*kefu.Conversation) bool) (*kefu.Message, *kefu.Conversation, bool, error) {
	if err := t.lockOrg(m.OrgID); err != nil {
		return nil, nil, false, err
	}
	nameOf := nameToTake(&m)
	conv, name, err := t.lockedConversation(m.OrgID, m.ConversationID, nameOf)
	if err != nil {
		return nil, nil, false, err
	}
	if allowed != nil && !allowed(conv) {
		return nil, nil, false, kefu.ErrNotFound
	}
	if nameOf != nil {
		m.SenderName = name
	}
	if m.ID == "" {
		m.ID = newID()
	}
	if m.Kind == "" {
		m.Kind = kefu.KindText
	}
	m.Seq, m.CreatedAt = conv.LastSeq+1, t.now
	after := cloneConversation(conv)
	applyMessage(after, &m, t.now)
	old, err := t.saveAppend(&m, conv, after)
	if err != nil {
		return nil, nil, false, err
	}
	if old != nil {
		return old, conv, true, nil
	}
	t.cache.put(after)
	if m.Attachments, err = t.claimAttachments(&m, attachmentIDs); err != nil {
		return nil, nil, false, err
	}
	if err := t.queueDelivery(&m, after); err != nil {
		return nil, nil, false, err
	}
	if err := t.queueBotTurn(&m, after); err != nil {
		return nil, nil, false, err
	}
	snap := m
	snap.Attachments = slices.Clone(m.Attachments)
	err = t.emit(kefu.Event{OrgID: after.OrgID, Type: kefu.EventMessageCreated, ConversationID: after.ID,
		ContactID: after.ContactID, InboxID: after.InboxID, Message: &snap, Conversation: cloneConversation(after)})
	if err != nil {
		return nil, nil, false, err
	}
	return &m, after, false, nil
}

// nameToTake returns the agent whose current name m takes: an agent's message sent without a
// name; nil for any other.
func nameToTake(m *kefu.Message) *string {
	if m.SenderType == kefu.SenderAgent && m.SenderName == "" {
		return &m.SenderID
	}
	return nil
}

// appendTarget is what an append declares to its batch (see convTarget).
func appendTarget(m *kefu.Message) convTarget {
	t := convTarget{orgID: m.OrgID, convID: m.ConversationID}
	if id := nameToTake(m); id != nil {
		t.agentID = *id
	}
	return t
}

// applyMessage updates the conversation for a new message: a contact message starts the wait
// for a reply and reopens a resolved or snoozed conversation; a public agent or bot reply ends
// the wait; a note changes neither. saveAppendSQL writes exactly the fields it changes.
func applyMessage(c *kefu.Conversation, m *kefu.Message, now time.Time) {
	c.LastSeq, c.LastActivityAt, c.UpdatedAt = m.Seq, now, now
	switch {
	case m.Kind.Private():
	case m.SenderType == kefu.SenderContact:
		if c.WaitingSince == nil {
			w := now
			c.WaitingSince = &w
		}
		if c.Status == kefu.StatusResolved || c.Status == kefu.StatusSnoozed {
			c.Status, c.SnoozedUntil = reopenedStatus(c), nil
		}
	case m.SenderType == kefu.SenderAgent:
		c.WaitingSince = nil
		takeFromBot(c)
	case m.SenderType == kefu.SenderBot:
		c.WaitingSince = botWait(c, m, now)
	}
}

// botWait is when the customer waits from after a bot's message: a hand-off starts the wait
// for a person (the queue orders by it), any other bot reply answers them.
func botWait(c *kefu.Conversation, m *kefu.Message, now time.Time) *time.Time {
	if m.Bot == nil || m.Bot.Action != kefu.BotCardHandoff {
		return nil
	}
	if c.WaitingSince != nil {
		return c.WaitingSince
	}
	return &now
}

// reopenedStatus is the status a customer's message gives a resolved or snoozed conversation:
// open for the router, or pending again while the bot holds it.
func reopenedStatus(c *kefu.Conversation) kefu.Status {
	if c.BotState == kefu.BotActive {
		return kefu.StatusPending
	}
	return kefu.StatusOpen
}

// takeFromBot ends the bot's hold on a conversation a person answers or takes: it becomes an
// open conversation like any other, and the bot never answers in it again (its turns check
// the state in their own transaction).
func takeFromBot(c *kefu.Conversation) {
	if c.BotState != kefu.BotActive {
		return
	}
	c.BotState = kefu.BotHandedOff
	if c.Status == kefu.StatusPending {
		c.Status = kefu.StatusOpen
	}
}

// saveAppend stores m and the conversation c as m leaves it (before: as m found it), unless m's
// client id is already taken in the conversation (a retry, or an equal id earlier in the same
// batch): then it changes nothing and returns the message that has it. A plain append on
// PostgreSQL's fast path only adds both to the batch's pending rows.
func (t *Tx) saveAppend(m *kefu.Message, before, c *kefu.Conversation) (old *kefu.Message, err error) {
	if t.pending == nil {
		inserted, err := t.insertMessageAndSave(m, before, c)
		if err != nil || inserted {
			return nil, err
		}
		return t.messageByClientID(c.ID, m.ClientMsgID)
	}
	if m.ClientMsgID != "" {
		if old, err := t.pendingDuplicate(m); old != nil || err != nil {
			return old, err
		}
	}
	t.pending.add(m, c)
	return nil, nil
}

// pendingDuplicate returns the message that already has m's client id, as the batch knows it
// (looked up before the op ran, or pending), or nil when the id is free.
func (t *Tx) pendingDuplicate(m *kefu.Message) (*kefu.Message, error) {
	old, known := t.pending.earlier(m)
	if !known {
		// Not declared for the batch's look-up, and not pending: the database knows.
		old, err := t.messageByClientID(m.ConversationID, m.ClientMsgID)
		if kefu.IsNotFound(err) {
			return nil, nil
		}
		return old, err
	}
	if old == nil || !old.Kind.CarriesAttachments() {
		return old, nil
	}
	return t.withAttachments(old)
}

func (t *Tx) messageByClientID(convID, clientID string) (*kefu.Message, error) {
	m, err := scanMessage(t.c.queryRow(t.ctx, `SELECT `+messageColumns+` FROM messages
		WHERE conversation_id = ? AND client_msg_id = ?`, convID, clientID))
	if err != nil {
		return nil, err
	}
	return t.withAttachments(m)
}

// withAttachments fills in m's attachments, for a message read back as a duplicate.
func (t *Tx) withAttachments(m *kefu.Message) (*kefu.Message, error) {
	atts, err := attachmentsByMessage(t.ctx, t.c, []string{m.ID})
	if err != nil {
		return nil, err
	}
	if a := atts[m.ID]; a != nil {
		m.Attachments = a
	}
	return m, nil
}

// insertMessageAndSave inserts m and saves the conversation c as m leaves it (before: as m found
// it), unless m's client id is already taken in the conversation; it reports whether it did.
// Letting the unique index find a repeated client id saves a lookup per append, and ON CONFLICT
// keeps the statement from failing, which on PostgreSQL would abort the whole group-commit
// transaction.
func (t *Tx) insertMessageAndSave(m *kefu.Message, before, c *kefu.Conversation) (bool, error) {
	if t.c.d.name == DialectPostgres {
		// The writer waits for every statement's round trip to the server: here the UPDATE rides
		// with the INSERT, and runs only if the INSERT did.
		return t.execAppend(`WITH m AS (`+insertMessageSQL+` RETURNING 1) `+saveAppendSQL+` AND EXISTS (SELECT 1 FROM m)`,
			append(messageArgs(m), saveAppendArgs(c)...)...)
	}
	inserted, err := t.execAppend(insertMessageSQL, messageArgs(m)...)
	if err != nil || !inserted {
		return inserted, err
	}
	if onlyActivityChanged(before, c) {
		return true, mustAffect(t.exec(saveActivitySQL, c.LastSeq, micros(c.LastActivityAt), micros(c.UpdatedAt),
			c.OrgID, c.ID))
	}
	return true, mustAffect(t.exec(saveAppendSQL, saveAppendArgs(c)...))
}

// onlyActivityChanged reports whether an append changed nothing of its conversation but the
// columns every message moves, as when a waiting visitor writes again or an agent follows up.
// SQLite deletes and reinserts the entry of every index over a column an UPDATE sets, changed
// or not; for saveAppendSQL that is three indexes besides the activity one (status, assignee and
// status, waiting), each entry on a page of its own that the WAL and then the checkpoint write,
// so the common case sets only these.
func onlyActivityChanged(before, after *kefu.Conversation) bool {
	return before.Status == after.Status && sameTime(before.WaitingSince, after.WaitingSince) &&
		sameTime(before.SnoozedUntil, after.SnoozedUntil) && before.BotState == after.BotState
}

// saveActivitySQL is saveAppendSQL for onlyActivityChanged.
const saveActivitySQL = `UPDATE conversations SET last_seq = ?, last_activity_at = ?, updated_at = ?
	WHERE org_id = ? AND id = ?`

// sender_name is denormalised on purpose: readers show who wrote a message without a lookup, and
// it stays what the sender was called when they wrote it.
const insertMessageSQL = `INSERT INTO messages (id, org_id, conversation_id, seq, sender_type, sender_id, sender_name,
	kind, content, client_msg_id, created_at, bot) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
	ON CONFLICT (conversation_id, client_msg_id) DO NOTHING`

func messageArgs(m *kefu.Message) []any {
	return []any{m.ID, m.OrgID, m.ConversationID, m.Seq, string(m.SenderType), m.SenderID, m.SenderName,
		string(m.Kind), m.Content, nullString(m.ClientMsgID), micros(m.CreatedAt), botCardText(m.Bot)}
}

// saveAppendSQL writes the conversation columns applyMessage changes, and only those: rewriting
// the others would cost index maintenance (assignee, team, contact, inbox) and foreign key
// checks for values that did not change.
const saveAppendSQL = `UPDATE conversations SET status = ?, last_seq = ?, last_activity_at = ?, waiting_since = ?,
	snoozed_until = ?, updated_at = ?, bot_state = ? WHERE org_id = ? AND id = ?`

func saveAppendArgs(c *kefu.Conversation) []any {
	return []any{string(c.Status), c.LastSeq, micros(c.LastActivityAt), nullMicros(c.WaitingSince),
		nullMicros(c.SnoozedUntil), micros(c.UpdatedAt), string(c.BotState), c.OrgID, c.ID}
}

// execAppend runs a statement that inserts a message and reports whether it changed a row.
func (t *Tx) execAppend(query string, args ...any) (bool, error) {
	res, err := t.exec(query, args...)
	if isUniqueViolation(err) {
		// Another node appended the same seq, or the caller chose an id in use; a retry gets the
		// original or a clear conflict.
		return false, kefu.Errorf(kefu.CodeConflict, "the message was appended concurrently; retry")
	}
	if err != nil {
		return false, dbError(err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, kefu.Internal(err)
	}
	return n == 1, nil
}

// claimAttachments ties unclaimed attachments of the same organisation and conversation to m.
func (t *Tx) claimAttachments(m *kefu.Message, ids []string) ([]kefu.Attachment, error) {
	if len(ids) == 0 {
		return []kefu.Attachment{}, nil
	}
	if len(ids) > kefu.MaxAttachments {
		return nil, kefu.FieldError("attachment_ids", "at most %d attachments per message", kefu.MaxAttachments)
	}
	if !m.Kind.CarriesAttachments() {
		return nil, kefu.FieldError("attachment_ids", "a %s message cannot have attachments", m.Kind)
	}
	for _, id := range ids {
		res, err := t.exec(`UPDATE attachments SET message_id = ?
			WHERE id = ? AND org_id = ? AND conversation_id = ? AND message_id IS NULL`,
			m.ID, id, m.OrgID, m.ConversationID)
		if err := mustAffect(res, err); err != nil {
			if kefu.IsNotFound(err) {
				return nil, kefu.FieldError("attachment_ids", "attachment %s cannot be attached to this message", id)
			}
			return nil, err
		}
	}
	atts, err := attachmentsByMessage(t.ctx, t.c, []string{m.ID})
	if err != nil {
		return nil, err
	}
	return atts[m.ID], nil
}

// GetMessage returns a message of the organisation with its attachments.
func (s *Store) GetMessage(ctx context.Context, orgID, id string) (*kefu.Message, error) {
	m, err := scanMessage(s.reader().queryRow(ctx, `SELECT `+messageColumns+` FROM messages WHERE org_id = ? AND id = ?`, orgID, id))
	if err != nil {
		return nil, err
	}
	msgs := []kefu.Message{*m}
	if err := fillAttachments(ctx, s.reader(), msgs); err != nil {
		return nil, err
	}
	return &msgs[0], nil
}

// ListMessages returns a window of a conversation's messages in ascending seq (see kefu.MessageQuery).
// An unknown conversation, or one of another organisation, is not found.
func (s *Store) ListMessages(ctx context.Context, orgID, conversationID string, q kefu.MessageQuery) ([]kefu.Message, error) {
	limit := clampLimit(q.Limit, 50, 200)
	where, args := `org_id = ? AND conversation_id = ?`, []any{orgID, conversationID}
	if q.ExcludePrivate {
		where += ` AND kind NOT IN ('note', 'event')` // the kinds of MessageKind.Private
	}
	order := `DESC` // newest first, then reversed
	switch {
	case q.IsForward():
		where, args, order = where+` AND seq > ?`, append(args, q.AfterSeq), `ASC`
	case q.BeforeSeq > 0:
		where, args = where+` AND seq < ?`, append(args, q.BeforeSeq)
	}
	msgs, err := s.queryMessages(ctx, `SELECT `+messageColumns+` FROM messages WHERE `+where+`
		ORDER BY seq `+order+` LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, err
	}
	if len(msgs) == 0 {
		// Only an empty page needs to tell "no messages" from "no such conversation": rows
		// matched org_id and conversation_id, so the conversation is the organisation's.
		var one int
		err := s.reader().queryRow(ctx, `SELECT 1 FROM conversations WHERE org_id = ? AND id = ?`, orgID, conversationID).Scan(&one)
		return msgs, dbError(err)
	}
	if order == `DESC` {
		slices.Reverse(msgs)
	}
	return msgs, fillAttachments(ctx, s.reader(), msgs)
}

func (s *Store) queryMessages(ctx context.Context, query string, args ...any) ([]kefu.Message, error) {
	rows, err := s.reader().query(ctx, query, args...)
	if err != nil {
		return nil, kefu.Internal(err)
	}
	defer rows.Close()
	msgs := []kefu.Message{}
	for rows.Next() {
		m, err := scanMessage(rows)
		if err != nil {
			return nil, err
		}
		msgs = append(msgs, *m)
	}
	return msgs, dbError(rows.Err())
}

// fillAttachments loads the attachments of the messages in one query, asking only for those of
// kinds that can have any: a page of plain chat needs no query at all.
func fillAttachments(ctx context.Context, c conn, msgs []kefu.Message) error {
	var ids []string
	for i := range msgs {
		if msgs[i].Kind.CarriesAttachments() {
			ids = append(ids, msgs[i].ID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	atts, err := attachmentsByMessage(ctx, c, ids)
	if err != nil {
		return err
	}
	for i := range msgs {
		if a := atts[msgs[i].ID]; a != nil {
			msgs[i].Attachments = a
		}
	}
	return nil
}
