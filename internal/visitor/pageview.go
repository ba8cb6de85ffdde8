package visitor

import (
	"context"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// Limits of what a page view may carry; longer values are cut, not refused, since they come
// from the host page's URL and title, which the visitor does not choose.
const (
	maxURL      = 2000
	maxTitle    = 300
	maxLanguage = 35
)

// PageReport is what the widget reports of the page it is on.
type PageReport struct {
	URL      string
	Title    string
	Referrer string
	Language string
}

// PageView records that the visitor is on a page (one database write) and tells the agents. A
// URL that is not http(s) is refused: it is shown to agents as a link.
func (s *Service) PageView(ctx context.Context, actor kefu.Actor, r PageReport) (*kefu.LiveVisitor, error) {
	if !actor.IsVisitor() {
		return nil, kefu.ErrNotFound
	}
	pv, err := pageView(actor, r, s.now())
	if err != nil {
		return nil, err
	}
	v, err := s.store.RecordPageView(ctx, pv)
	if err != nil {
		return nil, err
	}
	view := s.applyVisit(*v, true)
	s.publish(actor.OrgID, kefu.EventVisitorUpdated, view)
	return &view, nil
}

func pageView(actor kefu.Actor, r PageReport, now time.Time) (kefu.PageView, error) {
	if !webURL(r.URL) {
		return kefu.PageView{}, kefu.FieldError("url", "the page URL must be an http or https URL")
	}
	ref := ""
	if webURL(r.Referrer) {
		ref = cut(r.Referrer, maxURL)
	}
	return kefu.PageView{VisitKey: keyOf(actor), URL: cut(r.URL, maxURL), Title: cut(strings.TrimSpace(r.Title), maxTitle),
		Referrer: ref, Language: cut(r.Language, maxLanguage), At: now}, nil
}

// applyVisit puts a persisted visit into the live entry (creating it: a page view may come
// before the connection) and returns the entry's view. A visitor with no connection yet gets
// the grace period to open one.
func (s *Service) applyVisit(v kefu.Visit, fromPageView bool) kefu.LiveVisitor {
	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.entry(v.VisitKey)
	e.loaded = true
	e.view.PageURL, e.view.PageTitle, e.view.Referrer, e.view.Language = v.PageURL, v.PageTitle, v.Referrer, v.Language
	e.view.Visits, e.view.PageViews, e.view.StartedAt, e.view.LastSeenAt = v.Visits, v.PageViews, v.StartedAt, v.LastSeenAt
	if fromPageView && e.conns == 0 && e.leaving == nil {
		s.startGrace(v.VisitKey, e)
	}
	return e.view
}

func webURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// cut shortens s to at most n bytes without splitting a character, dropping invalid UTF-8.
func cut(s string, n int) string {
	s = strings.ToValidUTF8(s, "")
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
