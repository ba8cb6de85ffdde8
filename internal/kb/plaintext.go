package kb

import (
	"strings"

	"golang.org/x/net/html"
)

// PlainText renders an article body (Markdown) as plain text on one line: what a snippet shows.
// It reads the sanitised HTML rendering, so Markdown syntax and links' targets drop out,
// entities are decoded once, and HTML typed in the body stays the text it was written as.
func (s *Service) PlainText(markdown string) string {
	z := html.NewTokenizer(strings.NewReader(s.md.HTML(markdown)))
	var b strings.Builder
	for {
		switch z.Next() {
		case html.ErrorToken:
			return strings.Join(strings.Fields(b.String()), " ")
		case html.TextToken:
			b.Write(z.Text())
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			if name, _ := z.TagName(); separates(string(name)) {
				b.WriteByte(' ')
			}
		}
	}
}

// separates reports whether an element ends a word: blocks, line breaks and table cells do,
// inline formatting does not ("**7 天**内" is "7 天内").
func separates(tag string) bool {
	switch tag {
	case "p", "br", "li", "ul", "ol", "div", "blockquote", "pre", "hr", "table", "tr", "td", "th",
		"h1", "h2", "h3", "h4", "h5", "h6":
		return true
	}
	return false
}
