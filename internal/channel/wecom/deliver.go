package wecom

import (
	"context"
	"errors"
	"io"
	"strings"

	"github.com/kefu-dev/kefu/internal/channel"
	"github.com/kefu-dev/kefu/internal/channel/wechat/wxapi"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// Deliver sends a committed reply with kf/send_msg: its text, then each attachment (uploaded
// first with media/upload, as image or file). Each part's msgid derives from the message id,
// and WeCom refuses a msgid it has seen, so a retried delivery sends only what did not go.
func (a *Adapter) Deliver(ctx context.Context, out channel.Outbound) (channel.DeliveryResult, error) {
	acc, kf, user, err := target(out)
	if err != nil {
		return channel.DeliveryResult{}, err
	}
	m := out.Message
	if len(m.Content) > maxTextBytes {
		return channel.DeliveryResult{}, channel.Permanent("the reply is longer than WeCom's 2048 bytes", nil)
	}
	a.served(ctx, out.Inbox, user)
	var ids []string
	for i, part := range a.parts(acc, out) {
		id := partMsgID(m.ID, i)
		err := a.sendPart(ctx, acc, kf, user, id, part)
		if err != nil && !hasCode(err, codeDuplicateMsgID) {
			return channel.DeliveryResult{}, deliveryError(err)
		}
		ids = append(ids, id)
	}
	return channel.DeliveryResult{PlatformMsgID: strings.Join(ids, ",")}, nil
}

// target is the account, customer-service account and customer a reply goes to.
func target(out channel.Outbound) (account, string, string, error) {
	in := out.Inbox
	if in.Config.WeCom == nil || in.Secrets.AppSecret == "" {
		return account{}, "", "", channel.Permanent("the inbox has no WeCom account configured", nil)
	}
	acc := accountOf(in)
	user, ok := trimCorp(out.To.ExternalID, acc.corpID)
	if out.To.Channel != kefu.ChannelWeCom || !ok || user == "" {
		return account{}, "", "", channel.Permanent("the customer has no WeCom identity of this company", nil)
	}
	return acc, in.Config.WeCom.OpenKfID, user, nil
}

// part is one send_msg: its body, built (an upload) only when it is sent.
type part func(ctx context.Context) (map[string]any, error)

func (a *Adapter) parts(acc account, out channel.Outbound) []part {
	var ps []part
	if text := out.Message.Content; text != "" {
		ps = append(ps, func(context.Context) (map[string]any, error) {
			return map[string]any{"msgtype": "text", "text": map[string]string{"content": text}}, nil
		})
	}
	for _, f := range out.Message.Attachments {
		ps = append(ps, func(ctx context.Context) (map[string]any, error) { return a.filePart(ctx, acc, out, f) })
	}
	return ps
}

// filePart uploads an attachment and returns the message that shows it.
func (a *Adapter) filePart(ctx context.Context, acc account, out channel.Outbound, f kefu.Attachment) (map[string]any, error) {
	typ := "file"
	if imageTypes[f.ContentType] {
		typ = "image"
	}
	id, err := a.api.upload(ctx, acc, typ, f.FileName, f.Size, func() (io.ReadCloser, error) { return out.OpenAttachment(ctx, f) })
	if err != nil {
		return nil, err
	}
	return map[string]any{"msgtype": typ, typ: map[string]string{"media_id": id}}, nil
}

// imageTypes are what WeCom shows as an image (JPG and PNG); anything else goes as a file.
var imageTypes = map[string]bool{"image/jpeg": true, "image/png": true}

func (a *Adapter) sendPart(ctx context.Context, acc account, kf, user, msgID string, p part) error {
	body, err := p(ctx)
	if err != nil {
		return err
	}
	return a.api.sendMsg(ctx, acc, user, kf, msgID, body)
}

// deliveryError tells the job runner what a failure means. WeCom's send limits and session
// state are permanent, with a reason the agent reads; busy and rate limits, 5xx and no answer
// are retried; any other refusal (a wrong secret, a revoked media) is permanent with WeCom's
// errmsg.
func deliveryError(err error) error {
	var ae *wxapi.APIError
	switch {
	case hasCode(err, codeSendCountLimit):
		return channel.Permanent("WeCom takes at most 5 replies to one customer message; wait for the customer to write again (95001)", err)
	case hasCode(err, codeSendTimeLimit):
		return channel.Permanent("WeCom's 48-hour reply window has closed; the customer must write again (95002)", err)
	case hasCode(err, codeSessionStateSend, codeSessionEnded):
		return channel.Permanent("the WeCom session does not allow sending: it has ended, or a servicer took it in the WeCom app", err)
	case retryable(err):
		return channel.Temporary("WeCom is busy or could not be reached", 0, err)
	case errors.As(err, &ae):
		return channel.Permanent("WeCom refused the reply: "+ae.Msg, err)
	}
	return err
}

// retryable reports whether a failure is of the moment: WeCom busy or rate limiting, a token
// another process just replaced, a 5xx without an errcode, or no answer at all.
func retryable(err error) bool {
	var ae *wxapi.APIError
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	if !errors.As(err, &ae) {
		return true
	}
	switch ae.Code {
	case codeBusy, codeFreqLimit, 40014, 42001:
		return true
	}
	return ae.Code == 0 && ae.Status >= 500 // an HTTP error without an errcode
}
