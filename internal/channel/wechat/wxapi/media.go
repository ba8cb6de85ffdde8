package wxapi

import (
	"bytes"
	"context"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
)

// Upload posts one file of size bytes read from r as the multipart form field "media" (the
// temporary-media upload of both platforms) and decodes the answer into out. The file is
// streamed, not held, and the form is sent with its Content-Length: the plain request shape
// the platforms document, with no chunked encoding to trip over.
func (c *Client) Upload(ctx context.Context, path string, q url.Values, fileName string, size int64, r io.Reader, out any) error {
	head, tail, ct := formFrame(fileName)
	body := io.MultiReader(bytes.NewReader(head), io.LimitReader(r, size), bytes.NewReader(tail))
	return c.do(ctx, http.MethodPost, path, q, ct, int64(len(head))+size+int64(len(tail)), body, out)
}

// formFrame is what a one-file form has before and after the file's bytes, and its type.
func formFrame(fileName string) (head, tail []byte, contentType string) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	_, _ = mw.CreateFormFile("media", fileName) // writes to memory: cannot fail
	n := buf.Len()
	_ = mw.Close()
	b := buf.Bytes()
	return b[:n:n], b[n:], mw.FormDataContentType()
}

// OpenMedia downloads a temporary medium (GET path?q, media/get). The platforms answer the
// bytes, or JSON instead: an errcode envelope is the error; other JSON (an Official
// Account video's video_url) is returned as answer, with no file, for the caller to read.
// The caller closes the file.
func (c *Client) OpenMedia(ctx context.Context, path string, q url.Values) (file io.ReadCloser, answer []byte, err error) {
	resp, err := c.send(ctx, http.MethodGet, path, q, "", 0, nil)
	if err != nil {
		return nil, nil, err
	}
	if resp.StatusCode == http.StatusOK && !isJSON(resp.Header.Get("Content-Type")) {
		return resp.Body, nil, nil
	}
	defer resp.Body.Close()
	raw, err := c.read(path, resp)
	if err != nil {
		return nil, nil, err
	}
	if err := decode(path, resp.StatusCode, raw, nil); err != nil {
		return nil, nil, err
	}
	return nil, raw, nil
}

// isJSON reports whether a media/get answer is JSON rather than the file (the platforms
// label their JSON answers text/plain at times).
func isJSON(contentType string) bool {
	ct, _, _ := mime.ParseMediaType(contentType)
	return ct == "application/json" || ct == "text/plain"
}
