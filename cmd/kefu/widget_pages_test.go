package main

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestWidgetPages(t *testing.T) {
	cfg := testConfig(t, databases()[0])
	m := &Main{Config: cfg, Version: "test", WidgetFiles: fstest.MapFS{
		"widget.js":            {Data: []byte("/* loader */")},
		"frame.html":           {Data: []byte("<!doctype html><title>frame</title>")},
		"chat.html":            {Data: []byte("<!doctype html><title>chat</title>")},
		"assets/app-abc123.js": {Data: []byte("/* app */")},
	}}
	s := mustRun(t, m)
	o := s.mustSetupOrg("Pages")
	s.mustDo(200, "PATCH", "/api/v1/inboxes/"+o.InboxID, o.Tokens["owner"], map[string]any{"allowed_origins": []string{"https://shop.example.com"}})

	frame := s.mustDo(200, "GET", "/widget/frame?key="+o.WidgetKey, "", nil)
	csp := frame.Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "frame-ancestors 'self' https://shop.example.com") || !strings.Contains(csp, "script-src 'self'") {
		t.Errorf("frame CSP = %q, want frame-ancestors limited to the allowed origin and self-only scripts", csp)
	}
	if xfo := frame.Header.Get("X-Frame-Options"); xfo != "" {
		t.Errorf("frame page sends X-Frame-Options %q, which would forbid the allowed origin too", xfo)
	}
	if !strings.Contains(string(frame.Body), "<title>frame</title>") {
		t.Errorf("frame page body = %q", frame.Body)
	}
	chat := s.mustDo(200, "GET", "/chat/"+o.WidgetKey, "", nil)
	if got := chat.Header.Get("Content-Security-Policy"); !strings.Contains(got, "frame-ancestors 'self'") || strings.Contains(got, "shop.example.com") {
		t.Errorf("chat page CSP = %q, want frame-ancestors 'self' only", got)
	}
	for _, path := range []string{"/widget/frame?key=wk_nope", "/chat/wk_nope", "/widget/frame"} {
		if r := s.do("GET", path, "", nil); r.Status != 404 {
			t.Errorf("GET %s: status %d, want 404", path, r.Status)
		}
	}
	loader := s.mustDo(200, "GET", "/widget.js", "", nil)
	if loader.Header.Get("Cross-Origin-Resource-Policy") != "cross-origin" || !strings.Contains(loader.Header.Get("Content-Type"), "javascript") {
		t.Errorf("loader headers = %v, want a cross-origin JavaScript resource", loader.Header)
	}
	asset := s.mustDo(200, "GET", "/widget/assets/app-abc123.js", "", nil)
	if !strings.Contains(asset.Header.Get("Cache-Control"), "immutable") {
		t.Errorf("asset Cache-Control = %q, want immutable", asset.Header.Get("Cache-Control"))
	}
	for _, path := range []string{"/widget/assets/../frame.html", "/widget/assets/%2e%2e/chat.html", "/widget/assets/missing.js"} {
		if r := s.do("GET", path, "", nil); r.Status == 200 {
			t.Errorf("GET %s: status 200, want refused", path)
		}
	}
}

func TestWidgetNotBuilt(t *testing.T) {
	cfg := testConfig(t, databases()[0])
	s := mustRun(t, &Main{Config: cfg, Version: "test", WidgetFiles: fstest.MapFS{}})
	if r := s.do("GET", "/widget.js", "", nil); r.Status != 404 && r.Status != 503 {
		t.Errorf("GET /widget.js without a build: status %d, want 404 or 503", r.Status)
	}
}

// A host page the inbox does not allow gets a page that holds no chat and tells the loader
// "refused", instead of a chat page the browser would replace with its error page.
func TestWidgetFrameRefusesOrigin(t *testing.T) {
	cfg := testConfig(t, databases()[0])
	m := &Main{Config: cfg, Version: "test", WidgetFiles: fstest.MapFS{"frame.html": {Data: []byte("<!doctype html><title>frame</title>")}}}
	s := mustRun(t, m)
	o := s.mustSetupOrg("Refused")
	s.mustDo(200, "PATCH", "/api/v1/inboxes/"+o.InboxID, o.Tokens["owner"], map[string]any{"allowed_origins": []string{"https://shop.example.com"}})

	allowed := s.mustDo(200, "GET", "/widget/frame?key="+o.WidgetKey+"&origin=https%3A%2F%2Fshop.example.com", "", nil)
	if !strings.Contains(string(allowed.Body), "<title>frame</title>") {
		t.Errorf("allowed origin: body = %q, want the chat page", allowed.Body)
	}
	refused := s.mustDo(200, "GET", "/widget/frame?key="+o.WidgetKey+"&origin=https%3A%2F%2Fevil.example", "", nil)
	if body := string(refused.Body); strings.Contains(body, "<title>frame</title>") || !strings.Contains(body, "/widget/refused.js") {
		t.Errorf("refused origin: body = %q, want the refusal page and no chat", body)
	}
	if csp := refused.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors *") || !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("refusal CSP = %q, want framable by anyone with nothing but its script", csp)
	}
	js := s.mustDo(200, "GET", "/widget/refused.js", "", nil)
	if !strings.Contains(string(js.Body), `type:"refused"`) || !strings.Contains(js.Header.Get("Content-Type"), "javascript") {
		t.Errorf("refused.js = %q (%s)", js.Body, js.Header.Get("Content-Type"))
	}
	if r := s.do("GET", "/widget/frame?key=wk_nope&origin=https%3A%2F%2Fevil.example", "", nil); r.Status != 404 {
		t.Errorf("unknown key: status %d, want 404", r.Status)
	}
}
