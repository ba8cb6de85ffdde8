package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// StartConversation creates c and appends first (when not nil; its ConversationID is filled
// in) in one transaction, so a start is all or nothing. A first message with a client message id
// the contact already used to start a conversation of the same inbox makes it a retry: nothing is
// written and the earlier conversation and message come back with duplicate true. The check and
// the insert run under the organisation's lock (the writer on SQLite, the organisation's row on
// PostgreSQL), so concurrent retries cannot both create.
func (s *Store) StartConversation(ctx context.Context, c *kefu.Conversation, first *kefu.Message) (*kefu.Conversation, *kefu.Message, bool, error) {
	return s.StartConversationAfter(ctx, c, nil, first)
}

// StartConversationAfter is StartConversation with lead messages appended before first in the
// same transaction (a proactive message the visitor answers, and the agents' note of where the
// conversation came from). A retry writes none of them again: the duplicate check comes first.
func (s *Store) StartConversationAfter(ctx context.Context, c *kefu.Conversation, lead []*kefu.Message, first *kefu.Message) (*kefu.Conversation, *kefu.Message, bool, error) {
	n := newConversationRow(c, s.now())
	var (
		conv *kefu.Conversation
		msg  *kefu.Message
		dup  bool
	)
	err := s.write(ctx, func(t *Tx) error {
		var err error
		conv, msg, dup, err = t.startConversation(n, lead, first, nil)
		return err
	})
	if err != nil {
		return nil, nil, false, err
	}
	return conv, msg, dup, nil
}

// StartAgentConversation is StartConversation for a conversation an agent starts with a
// visitor (first is the agent's message): it fails with conflict when the contact already has
// a conversation of the inbox that is not resolved, checked under the same lock as the insert,
// unless first's client id started one already (a retry, answered as StartConversation does).
func (s *Store) StartAgentConversation(ctx context.Context, c *kefu.Conversation, first *kefu.Message) (*kefu.Conversation, *kefu.Message, bool, error) {
	n := newConversationRow(c, s.now())
	var (
		conv *kefu.Conversation
		msg  *kefu.Message
		dup  bool
	)
	err := s.write(ctx, func(t *Tx) error {
		var err error
		conv, msg, dup, err = t.startConversation(n, nil, first, t.noOpenConversation)
		return err
	})
	if err != nil {
		return nil, nil, false, err
	}
	return conv, msg, dup, nil
}

// noOpenConversation fails with conflict when n's contact has a conversation of n's inbox that
// is not resolved.
func (t *Tx) noOpenConversation(n *kefu.Conversation) error {
	var id string
	err := t.c.queryRow(t.ctx, `SELECT id FROM conversations WHERE org_id = ? AND contact_id = ? AND inbox_id = ?
		AND status <> 'resolved' LIMIT 1`, n.OrgID, n.ContactID, n.InboxID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return dbError(err)
	}
	return kefu.Errorf(kefu.CodeConflict, "the visitor already has an open conversation in this inbox")
}

// startConversation inserts n with lead and first after the retry check and guard (nil: none).
func (t *Tx) startConversation(n *kefu.Conversation, lead []*kefu.Message, first *kefu.Message, guard func(*kefu.Conversation) error) (*kefu.Conversation, *kefu.Message, bool, error) {
	if err := t.lockOrg(n.OrgID); err != nil {
		return nil, nil, false, err
	}
	if first != nil && first.ClientMsgID != "" {
		conv, msg, err := t.startedWith(n, first)
		if err != nil || conv != nil {
			return conv, msg, conv != nil, err
		}
	}
	if guard != nil {
		if err := guard(n); err != nil {
			return nil, nil, false, err
		}
	}
	conv, err := insertConversation(t, n)
	if err != nil {
		return nil, nil, false, err
	}
	for _, l := range lead {
		if _, conv, err = t.appendTo(conv, l); err != nil {
			return nil, nil, false, err
		}
	}
	if first == nil {
		return conv, nil, false, nil
	}
	msg, after, err := t.appendTo(conv, first)
	if err != nil {
		return nil, nil, false, err
	}
	return after, msg, false, nil
}

// appendTo appends a copy of m to the conversation just created.
func (t *Tx) appendTo(conv *kefu.Conversation, m *kefu.Message) (*kefu.Message, *kefu.Conversation, error) {
	c := *m
	c.OrgID, c.ConversationID = conv.OrgID, conv.ID
	msg, after, _, err := t.appendMessage(c, nil, nil)
	return msg, after, err
}

// startedWith finds the conversation of n's contact and inbox with a message from first's
// sender with first's client id; nil when there is none.
func (t *Tx) startedWith(n *kefu.Conversation, first *kefu.Message) (*kefu.Conversation, *kefu.Message, error) {
	var convID string
	clientMsgID := first.ClientMsgID
	err := t.c.queryRow(t.ctx, `SELECT m.conversation_id FROM conversations c
		JOIN messages m ON m.conversation_id = c.id
		WHERE c.org_id = ? AND c.contact_id = ? AND c.inbox_id = ? AND m.client_msg_id = ? AND m.sender_type = ?
		AND m.sender_id = ? LIMIT 1`, n.OrgID, n.ContactID, n.InboxID, clientMsgID, string(first.SenderType), first.SenderID).Scan(&convID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, dbError(err)
	}
	conv, err := getConversation(t.ctx, t.c, n.OrgID, convID, false)
	if err != nil {
		return nil, nil, err
	}
	msg, err := t.messageByClientID(convID, clientMsgID)
	return conv, msg, err
}
