package kb

import (
	"bytes"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// markdown turns an article's Markdown into HTML safe to put in a page. Two layers: HTML typed
// in the body is rendered as text (rawHTMLAsText), and bluemonday's UGC policy then removes
// whatever else could run (javascript: links, event attributes), so a mistake in one layer is
// caught by the other.
type markdown struct {
	md     goldmark.Markdown
	policy *bluemonday.Policy
}

func newMarkdown() *markdown {
	p := bluemonday.UGCPolicy()
	p.RequireNoReferrerOnLinks(true)
	p.AddTargetBlankToFullyQualifiedLinks(true)
	md := goldmark.New(goldmark.WithExtensions(extension.GFM), goldmark.WithRendererOptions(
		renderer.WithNodeRenderers(util.Prioritized(rawHTMLAsText{}, 100))))
	return &markdown{md: md, policy: p}
}

// HTML renders Markdown to sanitised HTML.
func (r *markdown) HTML(markdown string) string {
	var buf bytes.Buffer
	if err := r.md.Convert([]byte(markdown), &buf); err != nil {
		// Convert fails only when the writer does; a bytes.Buffer does not.
		return r.policy.Sanitize(markdown)
	}
	return r.policy.Sanitize(buf.String())
}

// RenderHTML renders an article body (Markdown) to sanitised HTML, for body_html.
func (s *Service) RenderHTML(markdown string) string { return s.md.HTML(markdown) }

// Preview renders an unsaved body for an editor (kb.manage), with the body's limits.
func (s *Service) Preview(actor kefu.Actor, markdown string) (string, error) {
	if err := requireEditor(actor); err != nil {
		return "", err
	}
	probe := kefu.Article{}
	if err := applyBody(&probe, Patch{Body: &markdown}); err != nil {
		return "", err
	}
	return s.md.HTML(probe.Body), nil
}
