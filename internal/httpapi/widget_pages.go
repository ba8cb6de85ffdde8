package httpapi

import (
	"io/fs"
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/problem"
)

// The widget's pages are the only kefu pages another site may frame, and only the sites the
// inbox allows. Everything else keeps the API's deny-all headers.

// widgetCSP is the policy of the widget's pages: nothing but kefu's own scripts, styles and
// connections, no inline code, framed only by ancestors.
func widgetCSP(ancestors string) string {
	return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; " +
		"media-src 'self' blob:; connect-src 'self'; base-uri 'none'; form-action 'none'; object-src 'none'; " +
		"frame-ancestors " + ancestors
}

// frameAncestors lists the origins that may embed an inbox's widget.
func frameAncestors(inbox *kefu.Inbox) string {
	if len(inbox.AllowedOrigins) == 0 {
		return "*"
	}
	return "'self' " + strings.Join(inbox.AllowedOrigins, " ")
}

// widgetRoutes mounts the loader, the iframe page, the standalone chat page and their assets.
func (s *server) widgetRoutes(r chi.Router) {
	r.Get("/widget.js", s.widgetFile("widget.js", "public, max-age=300"))
	r.Get("/widget/frame", s.widgetFrame)
	r.Get("/widget/refused.js", refusedJS)
	r.Get("/chat/{key}", s.widgetPage("chat.html", func(r *http.Request) string { return chi.URLParam(r, "key") },
		func(*kefu.Inbox) string { return "'self'" }))
	r.Get("/widget/assets/*", s.widgetAssets)
}

// widgetFrame serves the loader's iframe: the chat, or the refusal when the inbox does not
// allow the host page's origin (widget_refused.go).
func (s *server) widgetFrame(w http.ResponseWriter, r *http.Request) {
	inbox, err := s.Admin.InboxByWidgetKey(r.Context(), r.URL.Query().Get("key"))
	switch {
	case err != nil:
		problem.Write(w, s.log, err)
	case claimedOriginRefused(r, inbox.AllowsOrigin):
		writeRefusedPage(w)
	default:
		s.serveWidgetPage(w, r, "frame.html", frameAncestors(inbox))
	}
}

// widgetFile serves one built file to any site: the loader runs on the host page.
func (s *server) widgetFile(name, cache string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", cache)
		s.serveWidgetFile(w, r, name)
	}
}

// serveWidgetFile writes a built widget file, or a 503 problem when the widget is not built.
func (s *server) serveWidgetFile(w http.ResponseWriter, r *http.Request, name string) {
	if s.WidgetFiles == nil {
		problem.New(kefu.CodeUnavailable, "the widget is not built into this binary: run `make build`").Write(w)
		return
	}
	if _, err := fs.Stat(s.WidgetFiles, name); err != nil {
		problem.New(kefu.CodeNotFound, "no such file").Write(w)
		return
	}
	w.Header().Set("Cross-Origin-Resource-Policy", "cross-origin")
	http.ServeFileFS(w, r, s.WidgetFiles, name)
}

// widgetPage serves frame.html or chat.html for a known widget key, framable by the origins
// ancestors names for its inbox.
func (s *server) widgetPage(name string, key func(*http.Request) string, ancestors func(*kefu.Inbox) string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		inbox, err := s.Admin.InboxByWidgetKey(r.Context(), key(r))
		if err != nil {
			problem.Write(w, s.log, err)
			return
		}
		s.serveWidgetPage(w, r, name, ancestors(inbox))
	}
}

// serveWidgetPage writes a chat page that the origins in ancestors may frame.
func (s *server) serveWidgetPage(w http.ResponseWriter, r *http.Request, name, ancestors string) {
	h := w.Header()
	h.Del("X-Frame-Options")
	h.Set("Content-Security-Policy", widgetCSP(ancestors))
	h.Set("Cache-Control", "no-cache")
	s.serveWidgetFile(w, r, name)
}

// widgetAssets serves the hashed scripts and styles; their names change with their content,
// so they are cached for good.
func (s *server) widgetAssets(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(r.URL.Path, "/widget/")
	if !fs.ValidPath(name) {
		problem.New(kefu.CodeNotFound, "no such file").Write(w)
		return
	}
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	s.serveWidgetFile(w, r, name)
}
