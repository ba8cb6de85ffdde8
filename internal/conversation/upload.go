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
	if scanner, ok, err := s.storageScanner(ctx, actor, c.ID); err != nil {
		return nil, err
	} else if ok {
		fileName, _ = scanner.Mask(fileName)
	}
	a := &kefu.Attachment{
		OrgID: c.OrgID, ConversationID: c.ID, FileName: cleanFileName(fileName),
		ContentType: contentType, Size: obj.Size, SHA256: obj.SHA256, StorageKey: obj.Key,
	}
	a.Width, a.Height = s.imageSize(ctx, obj.Key, contentType)
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

// Download returns an attachment and its content to an agent who may see its conversation;
// anyone else, like an unknown id, gets not_found.
func (s *Service) Download(ctx context.Context, actor kefu.Actor, id string) (*kefu.Attachment, io.ReadSeekCloser, error) {
	if !actor.IsAgent() || !kefu.ValidID(id) {
		return nil, nil, kefu.ErrNotFound
	}
	a, err := s.store.GetAttachment(ctx, actor.OrgID, id)
	if err != nil {
		return nil, nil, err
	}
	if _, err := s.visible(ctx, actor, a.ConversationID); err != nil {
		return nil, nil, err
	}
	return s.open(ctx, a)
}

// DownloadLinked returns an attachment of a conversation with its content, for a visitor's
// signed link that the caller has checked (auth.FileLinks): the link names the organisation
// and conversation, and the attachment must belong to exactly those.
func (s *Service) DownloadLinked(ctx context.Context, orgID, conversationID, id string) (*kefu.Attachment, io.ReadSeekCloser, error) {
	if !kefu.ValidID(id) || orgID == "" {
		return nil, nil, kefu.ErrNotFound
	}
	a, err := s.store.GetAttachment(ctx, orgID, id)
	if err != nil {
		return nil, nil, err
	}
	if a.ConversationID != conversationID {
		return nil, nil, kefu.ErrNotFound
	}
	return s.open(ctx, a)
}

// open opens an attachment's bytes.
func (s *Service) open(ctx context.Context, a *kefu.Attachment) (*kefu.Attachment, io.ReadSeekCloser, error) {
	if s.blobs == nil {
		return nil, nil, kefu.ErrNotFound
	}
	f, err := s.blobs.Open(ctx, a.StorageKey)
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
