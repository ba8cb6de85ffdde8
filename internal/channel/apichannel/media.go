package apichannel

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"path"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// fetcher returns the Open of an attachment kefu downloads from raw through the guard's
// client: every connection, redirects included, is checked, and the body is capped at the
// guard's MaxResponseBytes.
func (a *Adapter) fetcher(raw string) func(ctx context.Context) (io.ReadCloser, error) {
	return func(ctx context.Context) (io.ReadCloser, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, raw, nil)
		if err != nil {
			return nil, kefu.Errorf(kefu.CodeInvalid, "attachment URL: %v", err)
		}
		req.Header.Set("User-Agent", "kefu-api-channel/1")
		resp, err := a.client.Do(req)
		if err != nil {
			return nil, kefu.Errorf(kefu.CodeUnavailable, "could not download an attachment: %s", fetchReason(err))
		}
		if resp.StatusCode < 200 || resp.StatusCode > 299 {
			resp.Body.Close()
			return nil, kefu.Errorf(kefu.CodeUnavailable, "downloading an attachment answered HTTP %d", resp.StatusCode)
		}
		return resp.Body, nil
	}
}

// fetchReason is a download error without the request line Go puts in front of it.
func fetchReason(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err.Error()
	}
	return err.Error()
}

// fileName is the attachment's name, or the last segment of its URL's path.
func fileName(at APIInboundAttachment) string {
	if at.FileName != "" {
		return at.FileName
	}
	if u, err := url.Parse(at.URL); err == nil {
		if base := path.Base(u.Path); base != "." && base != "/" {
			return base
		}
	}
	return "file"
}
