package store

import (
	"context"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// ListUnopenedAssignments returns open conversations of the organisation whose newest activity
// is their automatic assignment to the current assignee, made before `before`, that the
// assignee has not read since (their read marker is below the assignment's line): the
// assignments an accept timeout gives back. At most limit, oldest assignment first.
func (s *Store) ListUnopenedAssignments(ctx context.Context, orgID string, before time.Time, limit int) ([]kefu.Conversation, error) {
	return s.queryConversations(ctx, `SELECT `+conversationColumns+` FROM conversations c
		JOIN messages m ON m.conversation_id = c.id AND m.seq = (SELECT MAX(e.seq) FROM messages e
			WHERE e.conversation_id = c.id AND e.kind = 'event')
		WHERE c.org_id = ? AND c.status = 'open' AND c.assignee_id IS NOT NULL
			AND m.content LIKE '{"action":"auto_assigned","assignee_id":"' || c.assignee_id || '"%'
			AND m.created_at < ?
			AND NOT EXISTS (SELECT 1 FROM conversation_reads r
				WHERE r.conversation_id = c.id AND r.agent_id = c.assignee_id AND r.last_read_seq >= m.seq)
		ORDER BY m.created_at, c.id LIMIT ?`, orgID, micros(before), limit)
}

// ListUnansweredAssigned returns the agent's open conversations that no agent has answered
// yet (no reply, image or file from an agent): what release-on-away gives back to the queue
// when the agent leaves. At most limit.
func (s *Store) ListUnansweredAssigned(ctx context.Context, orgID, agentID string, limit int) ([]kefu.Conversation, error) {
	return s.queryConversations(ctx, `SELECT `+conversationColumns+` FROM conversations c
		WHERE c.org_id = ? AND c.assignee_id = ? AND c.status = 'open'
			AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id
				AND m.sender_type = 'agent' AND m.kind IN ('text', 'image', 'file'))
		ORDER BY c.created_at, c.id LIMIT ?`, orgID, agentID, limit)
}
