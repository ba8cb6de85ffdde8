package httpapi

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/kefu-dev/kefu/internal/channel"
	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/problem"
)

// hookBodyLimit bounds what a platform may post to /hooks: a Telegram update or a signed
// callback is a few KiB, so 1 MiB is generous. An adapter may limit less.
const hookBodyLimit = 1 << 20

// errNoHook answers an inbox that does not exist and one whose channel takes no webhooks
// alike, so the route does not tell which inbox ids exist.
var errNoHook = kefu.Errorf(kefu.CodeNotFound, "no webhook here")

// hookRoutes routes platforms' webhooks to their inbox's adapter. The route is public: each
// adapter verifies its platform's signature or secret before it parses anything. It is rate
// limited per address like the other public endpoints, and shed under overload.
func (s *server) hookRoutes(r chi.Router) {
	r.With(s.shedLoad, s.rateLimit).HandleFunc("/hooks/{inbox_id}", s.serveHook)
}

// serveHook finds the inbox the URL names and hands the request to its channel's adapter, with
// the body limited to hookBodyLimit.
func (s *server) serveHook(w http.ResponseWriter, r *http.Request) {
	hooks, inbox, err := s.hookTarget(r)
	if err != nil {
		problem.From(s.log, err).Write(w)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, hookBodyLimit)
	hooks.ServeWebhook(w, r, inbox)
}

// hookTarget returns the adapter and inbox a webhook request is for; not found unless the
// inbox exists and its channel's adapter takes webhooks.
func (s *server) hookTarget(r *http.Request) (channel.Webhooks, *kefu.Inbox, error) {
	if s.Channels == nil {
		return nil, nil, errNoHook
	}
	inbox, err := s.Admin.InboxForWebhook(r.Context(), chi.URLParam(r, "inbox_id"))
	if kefu.IsNotFound(err) {
		return nil, nil, errNoHook
	}
	if err != nil {
		return nil, nil, err
	}
	a, ok := s.Channels.Adapter(inbox.Channel)
	if !ok {
		return nil, nil, errNoHook
	}
	hooks, ok := a.(channel.Webhooks)
	if !ok {
		return nil, nil, errNoHook
	}
	return hooks, inbox, nil
}
