package httpapi

import (
	"context"
	"fmt"
	"io"
	"mime"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humachi"

	"github.com/kefu-dev/kefu/internal/auth"
	"github.com/kefu-dev/kefu/internal/kefu"
)

type downloadInput struct {
	ID string `path:"id" maxLength:"36" doc:"The attachment's id"`
}

// downloadFile serves an attachment to an agent of its organisation: the session cookie
// authenticates the workspace's <img> tags, a bearer token anything else. It may be cached
// privately but is revalidated, so a signed-out browser cannot keep serving it.
func (s *server) downloadFile(ctx context.Context, in *downloadInput) (*huma.StreamResponse, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	a, content, err := s.Conversations.Download(ctx, actor, in.ID)
	if err != nil {
		return nil, err
	}
	return serveAttachment(a, content, "private, no-cache", "same-origin"), nil
}

type widgetDownloadInput struct {
	ID             string `path:"id" maxLength:"36" doc:"The attachment's id"`
	OrgID          string `query:"org" maxLength:"36" required:"true"`
	ConversationID string `query:"conv" maxLength:"36" required:"true"`
	Expires        int64  `query:"exp" required:"true" doc:"Unix seconds after which the link no longer works"`
	Signature      string `query:"sig" maxLength:"64" required:"true"`
}

// widgetDownload serves an attachment to whoever holds a visitor's signed link, which the
// visitor projections carry (auth.FileLinks): the widget shows images with <img src>, which
// cannot send the visitor token. An expired or altered link is not found.
func (s *server) widgetDownload(ctx context.Context, in *widgetDownloadInput) (*huma.StreamResponse, error) {
	left, err := s.FileLinks.Check(auth.FileLink{
		OrgID: in.OrgID, AttachmentID: in.ID, ConversationID: in.ConversationID, Expires: in.Expires, Signature: in.Signature,
	})
	if err != nil {
		return nil, err
	}
	a, content, err := s.Conversations.DownloadLinked(ctx, in.OrgID, in.ConversationID, in.ID)
	if err != nil {
		return nil, err
	}
	cache := fmt.Sprintf("private, max-age=%d", int(left/time.Second))
	return serveAttachment(a, content, cache, "cross-origin"), nil
}

// serveAttachment streams an attachment as a download with the sniffed type, nosniff and a
// policy that forbids scripts, plugins and same-origin access, so an uploaded HTML or SVG file
// can never run as a page of kefu's origin, even opened directly.
func serveAttachment(a *kefu.Attachment, content io.ReadSeekCloser, cache, resourcePolicy string) *huma.StreamResponse {
	return &huma.StreamResponse{Body: func(hctx huma.Context) {
		defer content.Close()
		r, w := humachi.Unwrap(hctx)
		h := w.Header()
		h.Set("Content-Type", a.ContentType)
		h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": a.FileName}))
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Cache-Control", cache)
		h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
		h.Set("Cross-Origin-Resource-Policy", resourcePolicy)
		http.ServeContent(w, r, "", a.CreatedAt, content)
	}}
}
