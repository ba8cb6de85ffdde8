package admin

import (
	"context"
	"html/template"
	"strings"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// EmbedSnippet returns the <script> tag a site pastes to show inbox's widget, loading
// baseURL/widget.js. The values sit inside JavaScript string literals in a script element,
// where HTML entities are not decoded; so they are JavaScript-escaped, which also turns '<',
// '>' and '&' into \u escapes and makes a "</script>" breakout impossible.
func EmbedSnippet(inbox *kefu.Inbox, baseURL string) string {
	base := template.JSEscapeString(strings.TrimRight(strings.TrimSpace(baseURL), "/"))
	key := template.JSEscapeString(inbox.WidgetKey)
	return `<script>window.$kefu=window.$kefu||[];(function(d,s){s=d.createElement('script');` +
		`s.src='` + base + `/widget.js';s.async=1;s.dataset.widgetKey='` + key + `';` +
		`d.head.appendChild(s)})(document)</script>`
}

// InboxSnippet returns the embed snippet of an inbox of the actor's organisation. It points at
// the configured public URL, or at requestBase (the URL the agent reached kefu at) when none is
// configured.
func (s *Service) InboxSnippet(ctx context.Context, actor kefu.Actor, id, requestBase string) (string, error) {
	ib, err := s.GetInbox(ctx, actor, id)
	if err != nil {
		return "", err
	}
	base := s.publicURL
	if base == "" {
		base = requestBase
	}
	return EmbedSnippet(ib, base), nil
}
