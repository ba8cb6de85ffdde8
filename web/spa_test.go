package web

import (
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
)

func TestSPA(t *testing.T) {
	h := spa(fstest.MapFS{
		"index.html":         {Data: []byte("<!doctype html><div id=app></div>")},
		"assets/app-1a2b.js": {Data: []byte("console.log(1)")},
	})
	tests := []struct {
		path, wantBody, wantCache string
	}{
		{"/", "id=app", "no-cache"},
		{"/conversations/123", "id=app", "no-cache"},
		{"/assets/app-1a2b.js", "console.log", "immutable"},
		{"/assets/missing.js", "id=app", "no-cache"},
	}
	for _, tt := range tests {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", tt.path, nil))
		if rec.Code != 200 || !strings.Contains(rec.Body.String(), tt.wantBody) {
			t.Errorf("GET %s: %d %q, want 200 with %q", tt.path, rec.Code, rec.Body.String(), tt.wantBody)
		}
		if got := rec.Header().Get("Cache-Control"); !strings.Contains(got, tt.wantCache) {
			t.Errorf("GET %s: Cache-Control %q, want %q", tt.path, got, tt.wantCache)
		}
		if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || !strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("GET %s: CSP %q", tt.path, csp)
		}
	}
}
