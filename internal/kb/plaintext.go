package kb

import (
	"strings"

	"golang.org/x/net/html"
)

// Snippet renders an article body (Markdown) as plain text on one line: what a snippet shows.
func (s *Service) Snippet(markdown string) string {
	return strings.Join(strings.Fields(s.PlainText(markdown)), " ")
}

// PlainText renders an article body (Markdown) as plain text, a line per paragraph, list item
// or heading, list items marked "• ": what the bot sends to channels without HTML. It reads
// the sanitised HTML rendering, so Markdown syntax and links' targets drop out, entities are
// decoded once, and HTML typed in the body stays the text it was written as.
func (s *Service) PlainText(markdown string) string {
	z := html.NewTokenizer(strings.NewReader(s.md.HTML(markdown)))
	var b strings.Builder
	for {
		switch z.Next() {
		case html.ErrorToken:
			return tidyLines(b.String())
		case html.TextToken:
			if text := z.Text(); len(strings.TrimSpace(string(text))) > 0 {
				b.Write(text) // whitespace between tags is the HTML's layout, not the article's
			}
		case html.StartTagToken:
			b.WriteString(separator(z, true))
		case html.EndTagToken, html.SelfClosingTagToken:
			b.WriteString(separator(z, false))
		}
	}
}

// separator is what an element's start or end adds to the text: a list item's bullet, a line
// break for a block, a space for a table cell, nothing for inline formatting ("**7 天**内" is
// "7 天内").
func separator(z *html.Tokenizer, start bool) string {
	name, _ := z.TagName()
	switch tag := string(name); {
	case tag == "li" && start:
		return "\n• "
	case tag == "li", !separates(tag):
		return ""
	case tag == "td" || tag == "th":
		return " "
	}
	return "\n"
}

// tidyLines trims every line, drops empty ones at either end, and keeps at most one blank
// line between paragraphs.
func tidyLines(text string) string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		line = strings.Join(strings.Fields(line), " ")
		if line == "" && (len(out) == 0 || out[len(out)-1] == "") {
			continue
		}
		out = append(out, line)
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
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
