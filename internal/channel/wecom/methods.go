package wecom

import (
	"context"
	"io"
	"net/http"
	"net/url"

	"github.com/kefu-dev/kefu/internal/channel/wechat/wxapi"
)

// WeCom error codes kefu acts on (developer.work.weixin.qq.com/document/path/90313, 全局错误码).
const (
	codeBusy             = -1    // system busy: try again
	codeInvalidCorpID    = 40013 // the CorpID is wrong
	codeInvalidSecret    = 40001 // the secret is wrong (gettoken), or the token is invalid
	codeNoSecret         = 41004 // corpsecret missing
	codeFreqLimit        = 45009 // API frequency limit
	codeIPNotTrusted     = 60020 // the caller's IP is not in the application's trusted IPs (企业可信IP)
	codeSendCountLimit   = 95001 // kf/send_msg: the 5 replies allowed per customer message are used
	codeSendTimeLimit    = 95002 // kf/send_msg: 48 hours since the customer's last message passed
	codeMsgTokenInvalid  = 95007 // kf/sync_msg: the callback's token is not valid
	codeMsgTokenExpired  = 95008 // kf/sync_msg: the callback's token has expired (10 minutes)
	codeSessionEnded     = 95013 // the session has ended
	codeStateTransition  = 95016 // service_state/trans: that transition is not allowed
	codeSessionStateSend = 95018 // kf/send_msg: the session's state does not allow sending
	// codeDuplicateMsgID is WeCom refusing a send_msg whose msgid it has seen: kefu reads it
	// as "already sent". NOT verified against the documentation (the copy reachable while
	// writing this had no entry for it): confirm it against 全局错误码 before relying on it.
	codeDuplicateMsgID = 95026
)

// Session states of service_state (document 94669).
const (
	stateUnhandled = 0 // 未处理: new, nobody has it
	stateAssistant = 1 // 由智能助手接待: served through the API (kefu)
	stateQueued    = 2 // 待接入池排队中
	stateServicer  = 3 // 由人工接待: a WeCom servicer has it in the WeCom app
	stateEnded     = 4 // 已结束/未开始
)

func (c *client) syncMsg(ctx context.Context, acc account, req syncRequest) (*syncPage, error) {
	var page syncPage
	return &page, c.call(ctx, acc, "/cgi-bin/kf/sync_msg", req, &page)
}

// sendMsg sends one message (body without touser, open_kfid and msgid, which are added).
func (c *client) sendMsg(ctx context.Context, acc account, toUser, openKfID, msgID string, body map[string]any) error {
	body["touser"], body["open_kfid"], body["msgid"] = toUser, openKfID, msgID
	return c.call(ctx, acc, "/cgi-bin/kf/send_msg", body, nil)
}

// sendText answers an event's code (enter_session's welcome_code) with a text.
func (c *client) sendOnEvent(ctx context.Context, acc account, code, text string) error {
	body := map[string]any{"code": code, "msgtype": "text", "text": map[string]string{"content": text}}
	return c.call(ctx, acc, "/cgi-bin/kf/send_msg_on_event", body, nil)
}

func (c *client) serviceState(ctx context.Context, acc account, openKfID, user string) (int, error) {
	var out struct {
		ServiceState int `json:"service_state"`
	}
	body := map[string]any{"open_kfid": openKfID, "external_userid": user}
	return out.ServiceState, c.call(ctx, acc, "/cgi-bin/kf/service_state/get", body, &out)
}

func (c *client) transState(ctx context.Context, acc account, openKfID, user string, state int) error {
	body := map[string]any{"open_kfid": openKfID, "external_userid": user, "service_state": state}
	return c.call(ctx, acc, "/cgi-bin/kf/service_state/trans", body, nil)
}

func (c *client) customers(ctx context.Context, acc account, users []string) ([]customer, error) {
	var out struct {
		CustomerList []customer `json:"customer_list"`
	}
	body := map[string]any{"external_userid_list": users, "need_enter_session_context": 0}
	return out.CustomerList, c.call(ctx, acc, "/cgi-bin/kf/customer/batchget", body, &out)
}

// mediaGet opens a temporary medium's bytes. WeCom answers a failure with a JSON envelope
// instead of the file, which is read as the error.
func (c *client) mediaGet(ctx context.Context, acc account, mediaID string) (io.ReadCloser, error) {
	var rc io.ReadCloser
	err := c.withToken(ctx, acc, func(tok string) error {
		file, _, err := c.OpenMedia(ctx, "/cgi-bin/media/get", url.Values{"access_token": {tok}, "media_id": {mediaID}})
		if err == nil && file == nil {
			err = &wxapi.APIError{Path: "/cgi-bin/media/get", Status: http.StatusOK, Msg: "no file in the answer"}
		}
		rc = file
		return err
	})
	return rc, err
}

// upload sends a file of size bytes as a temporary medium of typ (image or file) and returns
// its media_id. open is called once per attempt, so a retry after a token refresh sends the
// whole file.
func (c *client) upload(ctx context.Context, acc account, typ, fileName string, size int64, open func() (io.ReadCloser, error)) (string, error) {
	var out struct {
		MediaID string `json:"media_id"`
	}
	err := c.withToken(ctx, acc, func(tok string) error {
		rc, err := open()
		if err != nil {
			return err
		}
		defer rc.Close()
		q := url.Values{"access_token": {tok}, "type": {typ}}
		return c.Upload(ctx, "/cgi-bin/media/upload", q, fileName, size, rc, &out)
	})
	return out.MediaID, err
}
