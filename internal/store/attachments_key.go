package store

import (
	"context"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// GetAttachmentByStorageKey finds an attachment by its random storage key, across
// organisations: the key is the capability in the download URL.
func (s *Store) GetAttachmentByStorageKey(ctx context.Context, key string) (*kefu.Attachment, error) {
	return scanAttachment(s.reader().queryRow(ctx, `SELECT `+attachmentColumns+` FROM attachments WHERE storage_key = ?`, key))
}
