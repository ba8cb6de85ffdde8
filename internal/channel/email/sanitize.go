package email

import (
	"bytes"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"golang.org/x/net/html"
)

// RemoteImageAttr is where a sanitised mail keeps a remote image's address instead of src, so
// the agent's browser loads nothing (no tracking pixel, no leaked IP) until the agent clicks
// "show images", which moves it back.
const RemoteImageAttr = "data-kefu-src"

// sanitizer makes an inbound mail's HTML safe to show in the workspace.
type sanitizer struct{ policy *bluemonday.Policy }

// newSanitizer allows the formatting mail uses (bluemonday's UGC policy: no script, style,
// iframe, form, event handler or javascript: URL) and opens links in a new tab.
func newSanitizer() sanitizer {
	p := bluemonday.UGCPolicy()
	p.AddTargetBlankToFullyQualifiedLinks(true)
	p.AllowURLSchemes("http", "https", "mailto", "cid")
	return sanitizer{policy: p}
}

// sanitize returns body cleaned, with every image's src moved to RemoteImageAttr. Embedded
// cid: images are dropped with it: their bytes are kept as the message's attachments.
func (s sanitizer) sanitize(body string) string {
	clean := s.policy.Sanitize(body)
	doc, err := html.Parse(strings.NewReader(clean))
	if err != nil {
		return html.EscapeString(clean)
	}
	holdImages(doc)
	var buf bytes.Buffer
	body0 := findBody(doc)
	if body0 == nil {
		return ""
	}
	for c := body0.FirstChild; c != nil; c = c.NextSibling {
		if err := html.Render(&buf, c); err != nil {
			return html.EscapeString(clean)
		}
	}
	return buf.String()
}

// holdImages renames every img's src to RemoteImageAttr (http and https only).
func holdImages(n *html.Node) {
	if n.Type == html.ElementNode && n.Data == "img" {
		for i, a := range n.Attr {
			if a.Key != "src" {
				continue
			}
			n.Attr[i].Key = RemoteImageAttr
			if !strings.HasPrefix(a.Val, "http://") && !strings.HasPrefix(a.Val, "https://") {
				n.Attr[i].Val = ""
			}
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		holdImages(c)
	}
}

// findBody returns the body element html.Parse creates, or nil.
func findBody(n *html.Node) *html.Node {
	if n.Type == html.ElementNode && n.Data == "body" {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if b := findBody(c); b != nil {
			return b
		}
	}
	return nil
}

// htmlToText is the readable text of a mail that has only HTML: tags stripped, blocks on their
// own lines.
func htmlToText(body string) string {
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		return ""
	}
	var b strings.Builder
	textOf(doc, &b)
	lines := strings.Split(b.String(), "\n")
	for i := range lines {
		lines[i] = strings.TrimSpace(lines[i])
	}
	return strings.TrimSpace(collapseBlank(lines))
}

func textOf(n *html.Node, b *strings.Builder) {
	switch {
	case n.Type == html.TextNode:
		b.WriteString(n.Data)
	case n.Type == html.ElementNode && (n.Data == "script" || n.Data == "style" || n.Data == "head"):
		return
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		textOf(c, b)
	}
	if n.Type == html.ElementNode {
		switch n.Data {
		case "br", "p", "div", "tr", "li", "blockquote", "h1", "h2", "h3", "h4", "table":
			b.WriteString("\n")
		}
	}
}

// collapseBlank joins lines, keeping at most one blank line in a row.
func collapseBlank(lines []string) string {
	var out []string
	for _, l := range lines {
		if l == "" && len(out) > 0 && out[len(out)-1] == "" {
			continue
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}
