package apichannel

import (
	"bytes"
	"mime/multipart"
	"strings"
	"testing"

	"github.com/kefu-dev/kefu/internal/kefu"
)

const payloadJSON = `{"contact":{"external_id":"b1"},"message":{"id":"m1"}}`

// multipartBody builds a multipart body of named parts; a name "file:x" is a file named x.
func multipartBody(t *testing.T, parts ...[2]string) (string, []byte) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for _, p := range parts {
		var err error
		if name, ok := strings.CutPrefix(p[0], "file:"); ok {
			fw, e := w.CreateFormFile("file", name)
			must(t, e)
			_, err = fw.Write([]byte(p[1]))
		} else {
			err = w.WriteField(p[0], p[1])
		}
		must(t, err)
	}
	must(t, w.Close())
	return w.FormDataContentType(), buf.Bytes()
}

func TestParseRequest(t *testing.T) {
	tests := []struct {
		name  string
		parts [][2]string
		files int
		code  kefu.Code // "" = accepted
	}{
		{"payload and two files", [][2]string{{"payload", payloadJSON}, {"file:a.png", "x"}, {"file:b.pdf", "y"}}, 2, ""},
		{"no text, no files", [][2]string{{"payload", payloadJSON}}, 0, kefu.CodeInvalid},
		{"no payload", [][2]string{{"file:a.png", "x"}}, 0, kefu.CodeInvalid},
		{"two payloads", [][2]string{{"payload", payloadJSON}, {"payload", payloadJSON}, {"file:a.png", "x"}}, 0, kefu.CodeInvalid},
		{"unknown part", [][2]string{{"payload", payloadJSON}, {"files", "x"}}, 0, kefu.CodeInvalid},
		{"payload not JSON", [][2]string{{"payload", "{"}, {"file:a.png", "x"}}, 0, kefu.CodeMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ct, body := multipartBody(t, tt.parts...)
			_, files, err := parseRequest(ct, body)
			if got := kefu.ErrorCode(err); (tt.code == "" && err != nil) || (tt.code != "" && got != tt.code) || len(files) != tt.files {
				t.Errorf("parseRequest() = %d files, %v; want %d files, code %q", len(files), err, tt.files, tt.code)
			}
		})
	}
	if _, _, err := parseRequest("text/plain", bytes.Repeat([]byte("a"), MaxBodyBytes+1)); kefu.ErrorCode(err) != kefu.CodeTooLarge {
		t.Errorf("oversize non-multipart body: %v, want payload_too_large", err)
	}
	if _, _, err := parseRequest("multipart/form-data", []byte("x")); kefu.ErrorCode(err) != kefu.CodeMalformed {
		t.Errorf("multipart without a boundary: %v, want malformed_request", err)
	}
}
