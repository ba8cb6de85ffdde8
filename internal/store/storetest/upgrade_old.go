package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// The writes of an older kefu, for upgrade tests: today's conversation reads and writes name
// columns an older schema does not have (version 19's routing fields), so the rows a test
// upgrades are written as the older version wrote them.

// oldConversation inserts a conversation of the world's inbox and contact as version 18 did.
func (w *world) oldConversation(t *testing.T, exec Exec) *kefu.Conversation {
	t.Helper()
	now := time.Now().UTC().Truncate(time.Microsecond)
	c := &kefu.Conversation{ID: uuid.NewString(), OrgID: w.org.ID, InboxID: w.inbox.ID, ContactID: w.contact.ID,
		Status: kefu.StatusOpen, Priority: kefu.PriorityNone, Labels: []string{}, LastActivityAt: now, CreatedAt: now, UpdatedAt: now}
	must(t, exec(w.s, context.Background(), `INSERT INTO conversations (id, org_id, inbox_id, contact_id, status,
		priority, last_activity_at, created_at, updated_at) VALUES (?, ?, ?, ?, 'open', 'none', ?, ?, ?)`,
		c.ID, c.OrgID, c.InboxID, c.ContactID, now.UnixMicro(), now.UnixMicro(), now.UnixMicro()))
	return c
}

// oldAppend appends m to the world's conversation as an older version did: the next seq, and
// the conversation's last_seq moved with it.
func (w *world) oldAppend(t *testing.T, exec Exec, m *kefu.Message) *kefu.Message {
	t.Helper()
	ctx := context.Background()
	out := *m
	out.ID, out.Seq = uuid.NewString(), w.conv.LastSeq+1
	out.CreatedAt = time.Now().UTC().Truncate(time.Microsecond)
	var clientID any
	if out.ClientMsgID != "" {
		clientID = out.ClientMsgID
	}
	must(t, exec(w.s, ctx, `INSERT INTO messages (id, org_id, conversation_id, seq, sender_type, sender_id, kind,
		content, client_msg_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		out.ID, out.OrgID, out.ConversationID, out.Seq, string(out.SenderType), out.SenderID, string(out.Kind),
		out.Content, clientID, out.CreatedAt.UnixMicro()))
	must(t, exec(w.s, ctx, `UPDATE conversations SET last_seq = ? WHERE id = ?`, out.Seq, w.conv.ID))
	w.conv.LastSeq = out.Seq
	return &out
}
