package wxapi_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"testing/iotest"

	"github.com/kefu-dev/kefu/internal/channel/wechat/wxapi"
)

// upload is what the platform's media/upload received.
type upload struct {
	field, name, typ string
	data             []byte
	length           int64
	chunked          bool
}

func uploadPlatform(t *testing.T, got *upload) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got.length, got.chunked, got.typ = r.ContentLength, len(r.TransferEncoding) > 0, r.URL.Query().Get("type")
		mr, err := r.MultipartReader()
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		p, err := mr.NextPart()
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		got.field, got.name = p.FormName(), p.FileName()
		got.data, _ = io.ReadAll(p)
		_, _ = w.Write([]byte(`{"type":"image","media_id":"M1","created_at":1}`))
	}))
	t.Cleanup(srv.Close)
	return srv
}

// A file goes as the form field "media" with its name, streamed with its Content-Length.
func TestUpload(t *testing.T) {
	var got upload
	c := wxapi.New(wxapi.Options{BaseURL: uploadPlatform(t, &got).URL})
	data := bytes.Repeat([]byte{0x89, 'P', 'N', 'G'}, 5000)
	var out struct {
		MediaID string `json:"media_id"`
	}
	q := url.Values{"access_token": {"T"}, "type": {"image"}}
	if err := c.Upload(context.Background(), "/cgi-bin/media/upload", q, "photo.png", int64(len(data)), bytes.NewReader(data), &out); err != nil {
		t.Fatal(err)
	}
	if out.MediaID != "M1" || got.field != "media" || got.name != "photo.png" || got.typ != "image" || !bytes.Equal(got.data, data) {
		t.Errorf("media_id %q; the platform got field %q, name %q, type %q, %d bytes", out.MediaID, got.field, got.name, got.typ, len(got.data))
	}
	if got.chunked || got.length <= int64(len(data)) {
		t.Errorf("Content-Length %d, chunked %v; want the form's length", got.length, got.chunked)
	}
}

// A file that gives fewer bytes than its size, or fails while read, fails the upload rather
// than sending a short form.
func TestUploadShortFile(t *testing.T) {
	var got upload
	c := wxapi.New(wxapi.Options{BaseURL: uploadPlatform(t, &got).URL})
	for name, r := range map[string]io.Reader{
		"short":  bytes.NewReader([]byte("only this")),
		"broken": iotest.ErrReader(errors.New("disk gone")),
	} {
		err := c.Upload(context.Background(), "/cgi-bin/media/upload", nil, "f.bin", 100, r, nil)
		var te *wxapi.TransportError
		if !errors.As(err, &te) {
			t.Errorf("%s: %v, want a TransportError", name, err)
		}
	}
}

// media/get answers the file, an error envelope, or other JSON (a video's video_url) for
// the caller.
func TestOpenMedia(t *testing.T) {
	for _, tc := range []struct {
		name, ct, body string
		file, answer   bool
		code           int
	}{
		{"file", "image/jpeg", "JPEGDATA", true, false, 0},
		{"refused", "application/json; charset=utf-8", `{"errcode":40007,"errmsg":"invalid media_id"}`, false, false, 40007},
		{"refused as text", "text/plain", `{"errcode":40007,"errmsg":"invalid media_id"}`, false, false, 40007},
		{"video", "application/json", `{"video_url":"http://example.invalid/v.mp4"}`, false, true, 0},
	} {
		c := wxapi.New(wxapi.Options{BaseURL: platform(t, 200, tc.ct, tc.body).URL})
		file, answer, err := c.OpenMedia(context.Background(), "/cgi-bin/media/get", url.Values{"media_id": {"M"}})
		if (file != nil) != tc.file || (answer != nil) != tc.answer || wxapi.ErrCode(err) != tc.code {
			t.Errorf("%s: file %v, answer %q, %v", tc.name, file != nil, answer, err)
		}
		if file != nil {
			b, _ := io.ReadAll(file)
			file.Close()
			if string(b) != tc.body {
				t.Errorf("%s: file %q, want %q", tc.name, b, tc.body)
			}
		}
	}
}
