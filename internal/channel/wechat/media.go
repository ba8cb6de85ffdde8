package wechat

import (
	"bytes"
	"context"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"

	"github.com/kefu-dev/kefu/internal/channel"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// mediaOf is one medium of a message, fetched from the temporary-media API only when the
// Receiver stores it.
func (a *Adapter) mediaOf(inbox *kefu.Inbox, mediaID, name string) []channel.Media {
	if mediaID == "" {
		return nil
	}
	return []channel.Media{{FileName: name, Open: func(ctx context.Context) (io.ReadCloser, error) {
		rc, err := a.openMedia(ctx, inbox, mediaID)
		return rc, notKept(err)
	}}}
}

// openMedia downloads a temporary medium (media/get). The platform answers the bytes, or JSON:
// an error, or for a video a video_url, which is fetched through the SSRF-guarded client
// since it is a URL the answer names.
func (a *Adapter) openMedia(ctx context.Context, inbox *kefu.Inbox, mediaID string) (io.ReadCloser, error) {
	var rc io.ReadCloser
	err := a.withToken(ctx, inbox, func(tok string) error {
		resp, err := a.api.send(ctx, http.MethodGet, "/cgi-bin/media/get", url.Values{"access_token": {tok}, "media_id": {mediaID}}, "", nil)
		if err != nil {
			return err
		}
		rc, err = a.mediaBody(ctx, resp)
		return err
	})
	return rc, err
}

// mediaBody is the bytes of a media/get answer; it closes resp unless it returns its body.
func (a *Adapter) mediaBody(ctx context.Context, resp *http.Response) (io.ReadCloser, error) {
	ct, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	if resp.StatusCode == http.StatusOK && ct != "application/json" && ct != "text/plain" {
		return resp.Body, nil
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswerBytes))
	if err != nil {
		return nil, &transportError{Path: "/cgi-bin/media/get", Err: errors.New("answer cut short")}
	}
	var v struct {
		VideoURL string `json:"video_url"`
	}
	if err := decodeAnswer("/cgi-bin/media/get", resp.StatusCode, raw, &v); err != nil {
		return nil, err
	}
	if v.VideoURL == "" {
		return io.NopCloser(bytes.NewReader(raw)), nil
	}
	return a.fetchURL(ctx, v.VideoURL)
}

// fetchURL downloads a URL the platform handed out, through the guarded client.
func (a *Adapter) fetchURL(ctx context.Context, raw string) (io.ReadCloser, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, raw, nil)
	if err != nil {
		return nil, &apiError{Path: "video_url", Msg: "unusable video_url"}
	}
	resp, err := a.media.Do(req)
	if err != nil {
		return nil, noAnswer(ctx, "video_url", err)
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		return nil, &apiError{Path: "video_url", Status: resp.StatusCode, Msg: http.StatusText(resp.StatusCode)}
	}
	return resp.Body, nil
}

// notKept turns the platform refusing a medium for good (an expired or unknown media_id:
// temporary media last three days) into an error the Receiver notes for the agent instead of
// failing the message. Busy answers, 5xx and network errors stay errors, retried through the
// platform's callback retry.
func notKept(err error) error {
	var ae *apiError
	if err == nil || !errors.As(err, &ae) || ae.Status >= 500 || temporaryCode(ae.Code) {
		return err
	}
	if ae.Code == 0 && ae.Status < 400 {
		return err
	}
	return kefu.Errorf(kefu.CodeUnsupportedType, "WeChat did not give the file (%d %s)", ae.Code, ae.Msg)
}
