package conversation

import (
	"context"
	"errors"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/kefu-dev/kefu/internal/blob"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// Upload stores a file for a later message in the conversation. The type is sniffed from the
// bytes — the client's name and claimed type are never trusted — and must be one kefu accepts.
func (s *Service) Upload(ctx context.Context, actor kefu.Actor, id, fileName string, r io.Reader) (*kefu.Attachment, error) {
	c, err := s.visible(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	if err := mayWrite(actor); err != nil {
		return nil, err
	}
	if s.blobs == nil {
		return nil, kefu.Errorf(kefu.CodeUnavailable, "uploads are not configured")
	}
	obj, err := s.blobs.Put(ctx, r, s.maxUpload)
	if errors.Is(err, blob.ErrTooLarge) {
		return nil, kefu.Errorf(kefu.CodeTooLarge, "the file is over the %d MiB limit", s.maxUpload>>20)
	}
	if err != nil {
		return nil, kefu.Internal(err)
	}
	contentType, ok := blob.Sniff(obj.Head)
	if !ok || obj.Size == 0 {
		_ = s.blobs.Delete(ctx, obj.Key)
		return nil, kefu.Errorf(kefu.CodeUnsupportedType, "files of this type are not accepted")
	}
	a := &kefu.Attachment{
		OrgID: c.OrgID, ConversationID: c.ID, FileName: cleanFileName(fileName),
		ContentType: contentType, Size: obj.Size, SHA256: obj.SHA256, StorageKey: obj.Key,
	}
	a.UploaderType, a.UploaderID = kefu.SenderAgent, actor.AgentID
	if actor.IsVisitor() {
		a.UploaderType, a.UploaderID = kefu.SenderContact, actor.ContactID
	}
	if err := s.store.CreateAttachment(ctx, a); err != nil {
		_ = s.blobs.Delete(ctx, obj.Key)
		return nil, err
	}
	return a, nil
}

// Download returns an attachment and its content, looked up by its unguessable storage key.
func (s *Service) Download(ctx context.Context, key string) (*kefu.Attachment, io.ReadSeekCloser, error) {
	if s.blobs == nil || !blob.ValidKey(key) {
		return nil, nil, kefu.ErrNotFound
	}
	a, err := s.store.GetAttachmentByStorageKey(ctx, key)
	if err != nil {
		return nil, nil, err
	}
	f, err := s.blobs.Open(ctx, key)
	if errors.Is(err, blob.ErrNotFound) {
		return nil, nil, kefu.ErrNotFound
	}
	if err != nil {
		return nil, nil, kefu.Internal(err)
	}
	return a, f, nil
}

// cleanFileName keeps a display name safe for headers and logs: base name only, no control
// characters, bounded length.
func cleanFileName(name string) string {
	name = filepath.Base(strings.ReplaceAll(name, "\\", "/"))
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == '"' {
			return -1
		}
		return r
	}, name)
	for len(name) > 200 {
		_, size := utf8.DecodeLastRuneInString(name)
		name = name[:len(name)-size]
	}
	if name == "" || name == "." || name == "/" {
		return "file"
	}
	return name
}
