package problem

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// The document is exactly the REST API's: these keys, in this order, and nothing else.
func TestWriteDocument(t *testing.T) {
	rec := httptest.NewRecorder()
	Write(rec, slog.New(slog.DiscardHandler), kefu.FieldError("content", "must not be <empty>"))
	want := `{"type":"https://kefu.dev/errors/invalid_input","title":"Unprocessable Entity","status":422,` +
		`"code":"invalid_input","detail":"must not be \u003cempty\u003e",` +
		`"errors":[{"location":"content","message":"must not be \u003cempty\u003e"}]}` + "\n"
	if got := rec.Body.String(); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	h := rec.Result().Header
	if rec.Code != 422 || h.Get("Content-Type") != ContentType || h.Get("Cache-Control") != "no-store" || h.Get("Retry-After") != "" {
		t.Errorf("got %d %v, want 422, problem+json, no-store, no Retry-After", rec.Code, h)
	}
}

func TestWriteRetryAfter(t *testing.T) {
	for _, code := range []kefu.Code{kefu.CodeRateLimited, kefu.CodeOverloaded, kefu.CodeUnavailable} {
		rec := httptest.NewRecorder()
		New(code, "later").Write(rec)
		var doc map[string]any
		_ = json.Unmarshal(rec.Body.Bytes(), &doc)
		want := map[kefu.Code]string{kefu.CodeRateLimited: "1", kefu.CodeOverloaded: "5", kefu.CodeUnavailable: "5"}[code]
		if rec.Code != Status(code) || rec.Header().Get("Retry-After") != want || doc["type"] == nil {
			t.Errorf("%s: got %d Retry-After %q %v, want %d, %s and a type", code, rec.Code, rec.Header().Get("Retry-After"), doc, Status(code), want)
		}
	}
}

// A handler that set a long cache lifetime for the file it hoped to serve must not have it
// applied to the error instead.
func TestWriteReplacesCacheControl(t *testing.T) {
	rec := httptest.NewRecorder()
	rec.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	New(kefu.CodeNotFound, "no such file").Write(rec)
	if got := rec.Header().Values("Cache-Control"); len(got) != 1 || got[0] != "no-store" {
		t.Errorf("got Cache-Control %q, want only no-store", got)
	}
	if rec.Code != http.StatusNotFound {
		t.Errorf("got %d, want 404", rec.Code)
	}
}
