package wechat

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"

	"github.com/kefu-dev/kefu/internal/channel"
	"github.com/kefu-dev/kefu/internal/channel/wechat/wxapi"
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
		file, answer, err := a.api.OpenMedia(ctx, mediaGetPath, url.Values{"access_token": {tok}, "media_id": {mediaID}})
		if err == nil && file == nil {
			file, err = a.mediaOfAnswer(ctx, answer)
		}
		rc = file
		return err
	})
	return rc, err
}

// mediaOfAnswer is the medium a JSON answer of media/get gives: the file its video_url
// names, else the answer itself (kept as the platform gave it).
func (a *Adapter) mediaOfAnswer(ctx context.Context, answer []byte) (io.ReadCloser, error) {
	var v struct {
		VideoURL string `json:"video_url"`
	}
	if err := json.Unmarshal(answer, &v); err != nil {
		return nil, &wxapi.APIError{Path: mediaGetPath, Status: http.StatusOK, Msg: "unreadable result"}
	}
	if v.VideoURL == "" {
		return io.NopCloser(bytes.NewReader(answer)), nil
	}
	return a.fetchURL(ctx, v.VideoURL)
}

// fetchURL downloads a URL the platform handed out, through the guarded client.
func (a *Adapter) fetchURL(ctx context.Context, raw string) (io.ReadCloser, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, raw, nil)
	if err != nil {
		return nil, &wxapi.APIError{Path: "video_url", Msg: "unusable video_url"}
	}
	resp, err := a.media.Do(req)
	if err != nil {
		return nil, wxapi.NoAnswer(ctx, "video_url", err)
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		return nil, &wxapi.APIError{Path: "video_url", Status: resp.StatusCode, Msg: http.StatusText(resp.StatusCode)}
	}
	return resp.Body, nil
}

// notKept turns the platform refusing a medium for good (an expired or unknown media_id:
// temporary media last three days) into an error the Receiver notes for the agent instead of
// failing the message. Busy answers, 5xx and network errors stay errors, retried through the
// platform's callback retry.
func notKept(err error) error {
	var ae *wxapi.APIError
	if err == nil || !errors.As(err, &ae) || ae.Status >= 500 || temporaryCode(ae.Code) {
		return err
	}
	if ae.Code == 0 && ae.Status < 400 {
		return err
	}
	return kefu.Errorf(kefu.CodeUnsupportedType, "WeChat did not give the file (%d %s)", ae.Code, ae.Msg)
}
