package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// maxEmailLookup bounds the Message-IDs one lookup names: a mail's In-Reply-To and the tail of
// its References are enough to find its thread.
const maxEmailLookup = 32

// RecordEmailMessage remembers a mail of an email inbox's conversation. Recording the same
// Message-ID again changes nothing: the first record keeps it, so a mail fetched twice after a
// crash is recorded once.
func (s *Store) RecordEmailMessage(ctx context.Context, m *kefu.EmailMessage) error {
	return s.write(ctx, func(t *Tx) error {
		_, err := t.exec(`INSERT INTO email_messages (inbox_id, message_id, conversation_id, message, subject, html, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (inbox_id, message_id) DO NOTHING`,
			m.InboxID, m.MessageID, m.ConversationID, m.KefuMessageID, m.Subject, m.HTML, micros(m.CreatedAt))
		return dbError(err)
	})
}

// EmailOriginal returns the sanitised HTML of the inbound mail that kefu message messageID
// carries in a conversation of organisation orgID; not found when there is none.
func (s *Store) EmailOriginal(ctx context.Context, orgID, conversationID, messageID string) (string, error) {
	if !kefu.ValidID(conversationID) || !kefu.ValidID(messageID) {
		return "", kefu.ErrNotFound
	}
	var html string
	err := s.reader().queryRow(ctx, `SELECT e.html FROM email_messages e JOIN conversations c ON c.id = e.conversation_id
		WHERE e.message = ? AND e.conversation_id = ? AND c.org_id = ? AND e.html <> ''`,
		messageID, conversationID, orgID).Scan(&html)
	if errors.Is(err, sql.ErrNoRows) {
		return "", kefu.ErrNotFound
	}
	return html, dbError(err)
}

// EmailConversation returns the conversation of the newest of messageIDs kefu knows in the
// inbox, or "" when it knows none.
func (s *Store) EmailConversation(ctx context.Context, inboxID string, messageIDs []string) (string, error) {
	if len(messageIDs) == 0 {
		return "", nil
	}
	if len(messageIDs) > maxEmailLookup {
		messageIDs = messageIDs[len(messageIDs)-maxEmailLookup:]
	}
	var conv string
	err := s.reader().queryRow(ctx, `SELECT conversation_id FROM email_messages
		WHERE inbox_id = ? AND message_id IN (`+placeholders(len(messageIDs))+`)
		ORDER BY created_at DESC LIMIT 1`, anyArgs(messageIDs, inboxID)...).Scan(&conv)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return conv, dbError(err)
}

// EmailThread returns a conversation's first subject and its last limit Message-IDs, oldest
// first, for the headers of a reply.
func (s *Store) EmailThread(ctx context.Context, conversationID string, limit int) (string, []string, error) {
	rows, err := s.reader().query(ctx, `SELECT message_id, subject FROM email_messages
		WHERE conversation_id = ? ORDER BY created_at DESC LIMIT ?`, conversationID, limit)
	if err != nil {
		return "", nil, dbError(err)
	}
	defer rows.Close()
	var ids []string
	var subject string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id, &subject); err != nil { // the last row read is the oldest
			return "", nil, dbError(err)
		}
		ids = append([]string{id}, ids...)
	}
	return subject, ids, dbError(rows.Err())
}

// EmailCursor returns where an email inbox's IMAP worker stands: the mailbox, its
// UIDVALIDITY and the highest UID received; zeros when it has not started.
func (s *Store) EmailCursor(ctx context.Context, inboxID string) (mailbox string, validity, lastUID uint32, err error) {
	var v, u int64
	err = s.reader().queryRow(ctx, `SELECT mailbox, uid_validity, last_uid FROM email_cursors WHERE inbox_id = ?`,
		inboxID).Scan(&mailbox, &v, &u)
	if errors.Is(err, sql.ErrNoRows) {
		return "", 0, 0, nil
	}
	if err != nil {
		return "", 0, 0, dbError(err)
	}
	return mailbox, uint32(v), uint32(u), nil
}

// SaveEmailCursor records where an email inbox's IMAP worker stands.
func (s *Store) SaveEmailCursor(ctx context.Context, inboxID, mailbox string, validity, lastUID uint32) error {
	if !kefu.ValidID(inboxID) {
		return kefu.ErrNotFound
	}
	return s.write(ctx, func(t *Tx) error {
		_, err := t.exec(`INSERT INTO email_cursors (inbox_id, mailbox, uid_validity, last_uid, updated_at)
			VALUES (?, ?, ?, ?, ?) ON CONFLICT (inbox_id) DO UPDATE SET
				mailbox = excluded.mailbox, uid_validity = excluded.uid_validity,
				last_uid = excluded.last_uid, updated_at = excluded.updated_at`,
			inboxID, mailbox, int64(validity), int64(lastUID), micros(time.Now()))
		return dbError(err)
	})
}
