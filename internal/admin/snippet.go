package admin

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf16"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// EmbedSnippet returns the <script> tag a site pastes to show inbox's widget, loading
// baseURL/widget.js. The values sit in JavaScript string literals inside a script element, where
// HTML entities are not decoded, so HTML-escaping would be wrong there; they are JavaScript-escaped
// instead (see jsString), which keeps them inside their literals whatever they contain.
func EmbedSnippet(inbox *kefu.Inbox, baseURL string) string {
	base := jsString(strings.TrimRight(strings.TrimSpace(baseURL), "/"))
	return `<script>window.$kefu=window.$kefu||[];(function(d,s){s=d.createElement('script');` +
		`s.src='` + base + `/widget.js';s.async=1;s.dataset.widgetKey='` + jsString(inbox.WidgetKey) + `';` +
		`d.head.appendChild(s)})(document)</script>`
}

// jsString escapes s for a single-quoted JavaScript string literal in an HTML script element:
// every character outside a small URL-safe set becomes a \uXXXX escape, so no quote, backslash,
// '<' (a "</script>" breakout) or line terminator can appear raw.
func jsString(s string) string {
	var b strings.Builder
	for _, r := range s {
		if ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') || ('0' <= r && r <= '9') || strings.ContainsRune(":/.-_~?#%,@!$*+;", r) {
			b.WriteRune(r)
			continue
		}
		for _, u := range utf16.Encode([]rune{r}) {
			fmt.Fprintf(&b, `\u%04X`, u)
		}
	}
	return b.String()
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
