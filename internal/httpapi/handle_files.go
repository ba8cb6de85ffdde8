package httpapi

import (
	"context"
	"mime"
	"net/http"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humachi"
)

type downloadInput struct {
	Key string `path:"key" maxLength:"64" doc:"The attachment's storage key, from its url"`
}

// downloadFile serves an attachment. It is always a download, with the sniffed type and
// nosniff, so a file can never run as a page of kefu's origin.
func (s *server) downloadFile(ctx context.Context, in *downloadInput) (*huma.StreamResponse, error) {
	a, content, err := s.Conversations.Download(ctx, in.Key)
	if err != nil {
		return nil, err
	}
	return &huma.StreamResponse{Body: func(hctx huma.Context) {
		defer content.Close()
		r, w := humachi.Unwrap(hctx)
		h := w.Header()
		h.Set("Content-Type", a.ContentType)
		h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": a.FileName}))
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Cache-Control", "private, max-age=86400, immutable")
		h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
		// Images are shown in the widget and workspace, embedded from another origin.
		h.Set("Cross-Origin-Resource-Policy", "cross-origin")
		http.ServeContent(w, r, "", a.CreatedAt, content)
	}}, nil
}
