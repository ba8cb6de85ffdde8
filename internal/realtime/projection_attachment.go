package realtime

import "github.com/kefu-dev/kefu/internal/kefu"

// NewVisitorAttachment projects an attachment for a visitor, with its download URL.
func NewVisitorAttachment(a *kefu.Attachment) *VisitorAttachment {
	url := a.URL
	if a.StorageKey != "" {
		url = a.DownloadPath()
	}
	return &VisitorAttachment{ID: a.ID, FileName: a.FileName, ContentType: a.ContentType, Size: a.Size, URL: url}
}
