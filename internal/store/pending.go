package store

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// pendingAppends are the message rows that a PostgreSQL batch's plain appends deferred, and the
// state each of their conversations is left in, written in one statement (flush) instead of a
// round trip per append: the writer waits for every round trip, ~175 µs each, though PostgreSQL
// executes an append in ~60 µs. A conversation that gets several messages in a batch is also
// updated once instead of once per message.
//
// Deferring is sound only while nothing reads or writes those rows directly, so the writer
// flushes before every op that is not a plain append (see op.plain), and an op that may defer
// gets no other way to touch rows. Without the unique index to find a repeated client id at
// insert time, the batch looks the declared client ids up first (lookUpClientIDs), and the
// pending rows answer for ids used earlier in the same batch. A flush that fails (a caller-chosen
// message id already used) sends the batch down the savepoint path, which writes immediately.
//
// Only the writer goroutine uses it, within one transaction; a nil *pendingAppends defers
// nothing, which is what SQLite (no round trips to save) and the savepoint path get.
type pendingAppends struct {
	rows  []*kefu.Message
	convs map[orgKey]*kefu.Conversation // each conversation as its last pending append left it
	order []orgKey                      // convs' keys in the order they were first added
	// byClientID holds, for every (conversation, client id) looked up or pending, the message
	// that has it; nil: looked up and free.
	byClientID map[clientKey]*kefu.Message
	stale      bool // byClientID must be looked up again before the next plain append
}

// clientKey is a client message id within its conversation, unique as the index is.
type clientKey struct{ convID, clientMsgID string }

func newPendingAppends() *pendingAppends {
	return &pendingAppends{convs: map[orgKey]*kefu.Conversation{}, byClientID: map[clientKey]*kefu.Message{}, stale: true}
}

// prepare brings the pending rows in step with ops[0], the op about to run. An op that is not a
// plain append reads and writes rows directly, so it must find every earlier append in the
// database; and as it may itself add a message with a client id, the ids are looked up again
// (for all the ops left, in one statement) before the next plain append.
func (p *pendingAppends) prepare(ctx context.Context, c conn, ops []*op) error {
	if p == nil {
		return nil
	}
	if ops[0].plain == nil {
		p.stale = true
		return p.flush(ctx, c)
	}
	if !p.stale {
		return nil
	}
	clear(p.byClientID)
	p.stale = false
	return p.lookUpClientIDs(ctx, c, ops)
}

// earlier returns the message that already has m's client id, stored or pending, and whether
// the batch knows: when known is false the caller must look in the database itself.
func (p *pendingAppends) earlier(m *kefu.Message) (old *kefu.Message, known bool) {
	old, known = p.byClientID[clientKey{m.ConversationID, m.ClientMsgID}]
	if old != nil {
		old = cloneMessage(old)
	}
	return old, known
}

// add defers m and records conv as the state m leaves its conversation in. Both are copied; a
// plain append has no attachments.
func (p *pendingAppends) add(m *kefu.Message, conv *kefu.Conversation) {
	m = cloneMessage(m)
	m.Attachments = []kefu.Attachment{}
	p.rows = append(p.rows, m)
	if m.ClientMsgID != "" {
		p.byClientID[clientKey{m.ConversationID, m.ClientMsgID}] = m
	}
	key := orgKey{conv.OrgID, conv.ID}
	if _, ok := p.convs[key]; !ok {
		p.order = append(p.order, key)
	}
	p.convs[key] = cloneConversation(conv)
}

// flush writes the pending rows and conversation states in one statement and forgets them; what
// the batch looked up stays true. A nil or empty p writes nothing. Before commit the rows go with
// the events instead (saveEventsAndSeqs), in the same statement.
func (p *pendingAppends) flush(ctx context.Context, c conn) error {
	if p.empty() {
		return nil
	}
	if _, err := c.exec(ctx, `WITH `+pendingRowsCTEs+` SELECT 1`, p.columnArgs()...); err != nil {
		return fmt.Errorf("flush %d pending messages: %w", len(p.rows), err)
	}
	p.written()
	return nil
}

func (p *pendingAppends) empty() bool { return p == nil || len(p.rows) == 0 }

// written forgets the rows the database now has.
func (p *pendingAppends) written() {
	if p != nil {
		p.rows, p.order = p.rows[:0], p.order[:0]
		clear(p.convs)
	}
}

// pendingRowsCTEs insert the pending messages and update their conversations (the columns an
// append changes, see saveAppendSQL), taking columnArgs: the rows travel as one array per column,
// so the text, and the plan pgx caches for it, is the same whatever the batch's size. PostgreSQL
// runs a data-modifying WITH item whether or not the statement reads it.
const pendingRowsCTEs = `pm AS (INSERT INTO messages (id, org_id, conversation_id, seq, sender_type, sender_id,
		sender_name, kind, content, client_msg_id, created_at, bot)
		SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[],
			?::text[], ?::text[], ?::bigint[], ?::text[])),
	pc AS (UPDATE conversations c SET status = u.status, last_seq = u.last_seq, last_activity_at = u.last_activity_at,
			waiting_since = u.waiting_since, snoozed_until = u.snoozed_until, updated_at = u.updated_at,
			bot_state = u.bot_state
		FROM unnest(?::text[], ?::text[], ?::text[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::text[])
			AS u(org_id, id, status, last_seq, last_activity_at, waiting_since, snoozed_until, updated_at, bot_state)
		WHERE c.org_id = u.org_id AND c.id = u.id)`

// columnArgs are pendingRowsCTEs' arguments; a nil p has no rows.
func (p *pendingAppends) columnArgs() []any {
	var (
		msgs  messageColumnArrays
		convs appendColumnArrays
	)
	if p != nil {
		for _, m := range p.rows {
			msgs.add(m)
		}
		for _, key := range p.order {
			convs.add(p.convs[key])
		}
	}
	return []any{msgs.ids, msgs.orgs, msgs.convs, msgs.seqs, msgs.senderTypes, msgs.senderIDs, msgs.senderNames,
		msgs.kinds, msgs.contents, msgs.clientIDs, msgs.created, msgs.cards,
		convs.orgs, convs.ids, convs.statuses, convs.lastSeqs, convs.activity, convs.waiting, convs.snoozed, convs.updated,
		convs.botStates}
}

// lookUpClientIDs reads, in one statement, the stored messages that hold the client ids the
// batch's plain appends declared. The conversations must be locked already, so no other writer
// can take one of those ids before commit.
func (p *pendingAppends) lookUpClientIDs(ctx context.Context, c conn, ops []*op) error {
	var convIDs, clientIDs []string
	for _, o := range ops {
		if o.plain == nil || o.plain.clientMsgID == "" {
			continue
		}
		key := clientKey{o.target.convID, o.plain.clientMsgID}
		if _, seen := p.byClientID[key]; !seen {
			p.byClientID[key] = nil
			convIDs, clientIDs = append(convIDs, key.convID), append(clientIDs, key.clientMsgID)
		}
	}
	if len(convIDs) == 0 {
		return nil
	}
	// A LATERAL subquery with LIMIT is never turned into a join, so each id is one probe of the
	// unique index even under a generic plan that pgx's cached statement made while the table
	// was nearly empty (as a semi-join, such a plan hashed the ids and scanned every message).
	rows, err := c.query(ctx, `SELECT m.* FROM unnest(?::text[], ?::text[]) AS k(conversation_id, client_msg_id)
		CROSS JOIN LATERAL (SELECT `+messageColumns+` FROM messages
			WHERE conversation_id = k.conversation_id AND client_msg_id = k.client_msg_id LIMIT 1) m`, convIDs, clientIDs)
	if err != nil {
		return fmt.Errorf("look up client ids: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		m, err := scanMessage(rows)
		if err != nil {
			return err
		}
		p.byClientID[clientKey{m.ConversationID, m.ClientMsgID}] = m
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("look up client ids: %w", err)
	}
	return nil
}

// cloneMessage copies m so that what the batch keeps never changes under a caller.
func cloneMessage(m *kefu.Message) *kefu.Message {
	n := *m
	n.Attachments = slices.Clone(m.Attachments)
	if n.Attachments == nil {
		n.Attachments = []kefu.Attachment{}
	}
	return &n
}

// messageColumnArrays are message rows as one slice per column, for unnest.
type messageColumnArrays struct {
	ids, orgs, convs, senderTypes, senderIDs, senderNames, kinds, contents []string
	clientIDs                                                              []*string // nil: NULL, so ids stay unique only where given
	cards                                                                  []*string // a bot message's card; nil: NULL
	seqs, created                                                          []int64
}

func (a *messageColumnArrays) add(m *kefu.Message) {
	var clientID *string
	if m.ClientMsgID != "" {
		clientID = &m.ClientMsgID
	}
	a.ids, a.orgs, a.convs = append(a.ids, m.ID), append(a.orgs, m.OrgID), append(a.convs, m.ConversationID)
	a.seqs, a.senderTypes = append(a.seqs, m.Seq), append(a.senderTypes, string(m.SenderType))
	a.senderIDs, a.senderNames = append(a.senderIDs, m.SenderID), append(a.senderNames, m.SenderName)
	a.kinds, a.contents = append(a.kinds, string(m.Kind)), append(a.contents, m.Content)
	a.clientIDs, a.created = append(a.clientIDs, clientID), append(a.created, micros(m.CreatedAt))
	a.cards = append(a.cards, botCardArray(m.Bot))
}

// appendColumnArrays are the conversation columns an append changes (see saveAppendSQL), one
// slice per column, for unnest.
type appendColumnArrays struct {
	orgs, ids, statuses, botStates []string
	lastSeqs, activity, updated    []int64
	waiting, snoozed               []*int64 // nil: NULL
}

func (a *appendColumnArrays) add(c *kefu.Conversation) {
	a.orgs, a.ids, a.statuses = append(a.orgs, c.OrgID), append(a.ids, c.ID), append(a.statuses, string(c.Status))
	a.lastSeqs, a.activity = append(a.lastSeqs, c.LastSeq), append(a.activity, micros(c.LastActivityAt))
	a.waiting, a.snoozed = append(a.waiting, optionalMicros(c.WaitingSince)), append(a.snoozed, optionalMicros(c.SnoozedUntil))
	a.updated, a.botStates = append(a.updated, micros(c.UpdatedAt)), append(a.botStates, string(c.BotState))
}

// optionalMicros is nullMicros for an array element.
func optionalMicros(t *time.Time) *int64 {
	if t == nil {
		return nil
	}
	v := t.UnixMicro()
	return &v
}
