package store

import (
	"context"
	"database/sql"

	"github.com/kefu-dev/kefu/internal/kefu"
)

const attachmentColumns = `id, org_id, conversation_id, message_id, uploader_type, uploader_id, file_name,
	content_type, size, sha256, storage_key, width, height, created_at`

func scanAttachment(row scanner) (*kefu.Attachment, error) {
	var (
		a       kefu.Attachment
		msgID   sql.NullString
		created int64
	)
	err := row.Scan(&a.ID, &a.OrgID, &a.ConversationID, &msgID, &a.UploaderType, &a.UploaderID, &a.FileName,
		&a.ContentType, &a.Size, &a.SHA256, &a.StorageKey, &a.Width, &a.Height, &created)
	if err != nil {
		return nil, dbError(err)
	}
	a.MessageID, a.CreatedAt = msgID.String, fromMicros(created)
	return &a, nil
}

// CreateAttachment records an uploaded file of a conversation of the same organisation; a
// message claims it later through AppendMessage.
func (s *Store) CreateAttachment(ctx context.Context, a *kefu.Attachment) error {
	c := *a
	if c.ID == "" {
		c.ID = newID()
	}
	c.CreatedAt, c.MessageID = orNow(c.CreatedAt, s.now()), ""
	err := s.write(ctx, func(t *Tx) error {
		var one int
		err := t.c.queryRow(t.ctx, `SELECT 1 FROM conversations WHERE org_id = ? AND id = ?`, c.OrgID, c.ConversationID).Scan(&one)
		if err != nil {
			return dbError(err)
		}
		_, err = t.exec(`INSERT INTO attachments (`+attachmentColumns+`) VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			c.ID, c.OrgID, c.ConversationID, string(c.UploaderType), c.UploaderID, c.FileName, c.ContentType,
			c.Size, c.SHA256, c.StorageKey, c.Width, c.Height, micros(c.CreatedAt))
		if isUniqueViolation(err) {
			return kefu.Errorf(kefu.CodeConflict, "an attachment with this id already exists")
		}
		return dbError(err)
	})
	if err != nil {
		return err
	}
	*a = c
	return nil
}

// GetAttachment returns an attachment of the organisation.
func (s *Store) GetAttachment(ctx context.Context, orgID, id string) (*kefu.Attachment, error) {
	return scanAttachment(s.reader().queryRow(ctx, `SELECT `+attachmentColumns+` FROM attachments WHERE org_id = ? AND id = ?`, orgID, id))
}

// attachmentsByMessage loads the attachments of the given messages in one query.
func attachmentsByMessage(ctx context.Context, c conn, msgIDs []string) (map[string][]kefu.Attachment, error) {
	out := map[string][]kefu.Attachment{}
	if len(msgIDs) == 0 {
		return out, nil
	}
	rows, err := c.query(ctx, `SELECT `+attachmentColumns+` FROM attachments
		WHERE message_id IN (`+placeholders(len(msgIDs))+`) ORDER BY created_at, id`, anyArgs(msgIDs)...)
	if err != nil {
		return nil, kefu.Internal(err)
	}
	defer rows.Close()
	for rows.Next() {
		a, err := scanAttachment(rows)
		if err != nil {
			return nil, err
		}
		out[a.MessageID] = append(out[a.MessageID], *a)
	}
	return out, dbError(rows.Err())
}
