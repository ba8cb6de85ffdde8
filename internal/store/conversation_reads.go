package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// upsertReadMarker moves an agent's read marker of a conversation forward to seq and says
// whether it moved. One statement either way: a receipt at or below the stored marker matches
// the conflict, fails the WHERE and writes nothing.
func upsertReadMarker(t *Tx, orgID, convID, agentID string, seq int64) (bool, error) {
	res, err := t.exec(`INSERT INTO conversation_reads (conversation_id, agent_id, org_id, last_read_seq, updated_at)
		VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (conversation_id, agent_id) DO UPDATE SET last_read_seq = excluded.last_read_seq,
			updated_at = excluded.updated_at
		WHERE conversation_reads.last_read_seq < excluded.last_read_seq`,
		convID, agentID, orgID, seq, micros(t.now))
	if err != nil {
		return false, dbError(err)
	}
	n, err := res.RowsAffected()
	return n > 0, dbError(err)
}

// MarkAgentRead records that the agent has read the conversation up to seq and says whether the
// agent's marker moved. visible, when not nil, runs like an UpdateConversation change in the
// same transaction, on the locked conversation: it moves the marker the visitor sees when the
// rules say so, decided on the conversation as it is at commit, so a transfer that commits
// first is seen. With visible nil the receipt is the marker's one small write and nothing
// else; the caller has checked that the conversation exists and the agent may see it.
func (s *Store) MarkAgentRead(ctx context.Context, orgID, convID, agentID string, seq int64, visible kefu.ConversationChange) (bool, error) {
	var moved bool
	run := func(t *Tx) error {
		if visible != nil {
			if _, err := t.updateConversation(orgID, convID, visible); err != nil {
				return err
			}
		}
		var err error
		moved, err = upsertReadMarker(t, orgID, convID, agentID, seq)
		return err
	}
	if visible == nil {
		return moved, s.write(ctx, run)
	}
	return moved, s.writeConversation(ctx, convTarget{orgID: orgID, convID: convID}, run)
}

// AgentReadSeq returns the agent's read marker of the conversation, 0 when they never read it.
func (s *Store) AgentReadSeq(ctx context.Context, orgID, convID, agentID string) (int64, error) {
	var seq int64
	err := s.reader().queryRow(ctx, `SELECT last_read_seq FROM conversation_reads
		WHERE conversation_id = ? AND agent_id = ? AND org_id = ?`, convID, agentID, orgID).Scan(&seq)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return seq, dbError(err)
}

// readMarkerJoin is what a conversation list adds to read the agent's own marker of each row:
// a column after conversationColumns and a join on the marker's primary key. Its argument
// goes before the WHERE clause's.
func readMarkerJoin(agentID string) (column, join string, args []any) {
	return `, COALESCE(r.last_read_seq, 0)`,
		` LEFT JOIN conversation_reads r ON r.conversation_id = c.id AND r.agent_id = ?`, []any{agentID}
}
