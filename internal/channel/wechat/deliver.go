package wechat

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"

	"github.com/kefu-dev/kefu/internal/channel"
	"github.com/kefu-dev/kefu/internal/channel/wechat/wxapi"
	"github.com/kefu-dev/kefu/internal/channel/wechat/wxtoken"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// Deliver sends a committed reply through the customer-service message API (客服消息; the mini
// program's customerServiceMessage.send is the same endpoint): its text first, then each
// image, uploaded as temporary media. custom/send takes no idempotency key, so a retry after
// a crash between sending and recording would send again; the delivery record keeps that rare.
func (a *Adapter) Deliver(ctx context.Context, out channel.Outbound) (channel.DeliveryResult, error) {
	openID, err := a.recipient(out)
	if err != nil {
		return channel.DeliveryResult{}, err
	}
	m := out.Message
	if len(m.Content) > maxText {
		return channel.DeliveryResult{}, channel.Permanent(fmt.Sprintf("the reply is longer than WeChat's %d bytes", maxText), nil)
	}
	if strings.TrimSpace(m.Content) != "" {
		if err := a.sendText(ctx, out.Inbox, openID, m.Content); err != nil {
			return channel.DeliveryResult{}, deliveryError(err)
		}
	}
	for _, f := range m.Attachments {
		if err := a.sendImage(ctx, out, openID, f); err != nil {
			return channel.DeliveryResult{}, deliveryError(err)
		}
	}
	return channel.DeliveryResult{}, nil
}

// recipient is the OpenID to send to: the contact's identity must be of this account.
func (a *Adapter) recipient(out channel.Outbound) (string, error) {
	if out.Inbox.Secrets.AppSecret == "" {
		return "", channel.Permanent("the inbox has no AppSecret", nil)
	}
	app, openID, ok := strings.Cut(out.To.ExternalID, ":")
	if !ok || app != appID(out.Inbox) || openID == "" {
		return "", channel.Permanent("the customer has no OpenID of this account to reply to", nil)
	}
	return openID, nil
}

func (a *Adapter) sendText(ctx context.Context, inbox *kefu.Inbox, openID, text string) error {
	return a.sendCustom(ctx, inbox, map[string]any{"touser": openID, "msgtype": "text", "text": map[string]string{"content": text}})
}

// sendImage uploads one image as temporary media and sends it.
func (a *Adapter) sendImage(ctx context.Context, out channel.Outbound, openID string, f kefu.Attachment) error {
	if !strings.HasPrefix(f.ContentType, "image/") {
		return channel.Permanent("WeChat customer-service messages take only images as files", nil)
	}
	data, err := readAttachment(ctx, out, f)
	if err != nil {
		return err
	}
	mediaID, err := a.uploadImage(ctx, out.Inbox, f.FileName, data)
	if err != nil {
		return err
	}
	return a.sendCustom(ctx, out.Inbox, map[string]any{"touser": openID, "msgtype": "image", "image": map[string]string{"media_id": mediaID}})
}

// readAttachment reads the file whole: an upload retried with a new token sends it again.
func readAttachment(ctx context.Context, out channel.Outbound, f kefu.Attachment) ([]byte, error) {
	rc, err := out.OpenAttachment(ctx, f)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, maxImage+1))
	if err == nil && len(data) > maxImage {
		return nil, channel.Permanent("the image is over WeChat's 10 MB", nil)
	}
	return data, err
}

func (a *Adapter) uploadImage(ctx context.Context, inbox *kefu.Inbox, name string, data []byte) (string, error) {
	var up struct {
		MediaID string `json:"media_id"`
	}
	err := a.withToken(ctx, inbox, func(tok string) error {
		q := url.Values{"access_token": {tok}, "type": {"image"}}
		return a.api.Upload(ctx, uploadPath, q, name, int64(len(data)), bytes.NewReader(data), &up)
	})
	if err == nil && up.MediaID == "" {
		err = &wxapi.APIError{Path: uploadPath, Msg: "answer without a media_id"}
	}
	return up.MediaID, err
}

func (a *Adapter) sendCustom(ctx context.Context, inbox *kefu.Inbox, body map[string]any) error {
	return a.withToken(ctx, inbox, func(tok string) error {
		return a.api.PostJSON(ctx, sendPath, url.Values{"access_token": {tok}}, body, nil)
	})
}

// What the platform's refusals mean for the agent.
var permanentReasons = map[int]string{
	45015: "the 48-hour reply window has closed: WeChat takes replies only within 48 hours of the customer's last message",
	45047: "WeChat's reply limit is reached: 5 messages after the customer's last message; wait for them to write again",
	43004: "the customer no longer follows the account",
	43019: "the customer has blocked the account",
	40003: "the customer's OpenID is not of this account",
	48001: "the account may not use the customer-service message API (not verified, or the permission is missing)",
}

// temporaryCode: system busy (-1), the day's API quota reached (45009), and a token the
// platform refused again right after a refresh.
func temporaryCode(code int) bool {
	return code == -1 || code == 45009 || wxtoken.IsTokenError(code)
}

// deliveryError tells the job runner what a failure means.
func deliveryError(err error) error {
	var ae *wxapi.APIError
	var de *channel.DeliveryError
	switch {
	case err == nil || errors.As(err, &de):
		return err
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return err
	case errors.Is(err, errNoCredentials):
		return channel.Permanent("the inbox has no AppID or AppSecret", err)
	case !errors.As(err, &ae):
		return channel.Temporary("WeChat could not be reached", 0, err)
	case permanentReasons[ae.Code] != "":
		return channel.Permanent(permanentReasons[ae.Code], err)
	case temporaryCode(ae.Code) || ae.Status >= 500 || (ae.Code == 0 && ae.Status < 400):
		return channel.Temporary(fmt.Sprintf("WeChat failed (%d %s)", ae.Code, ae.Msg), 0, err)
	}
	return channel.Permanent(fmt.Sprintf("WeChat refused the message (errcode %d: %s)", ae.Code, ae.Msg), err)
}
