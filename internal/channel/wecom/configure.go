package wecom

import (
	"context"
	"errors"

	"github.com/kefu-dev/kefu/internal/channel/wechat/wxapi"
	"github.com/kefu-dev/kefu/internal/channel/wechat/wxcrypto"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// Configure checks and completes a WeCom inbox when an administrator saves it: the callback
// token and EncodingAESKey are generated when empty (for the administrator to paste into
// 微信客服 › API › 回调配置; the inbox API shows them once), a key given is checked, and the
// Secret is tried by fetching an access token, so a wrong secret or an untrusted IP shows up
// now rather than at the first reply.
func (a *Adapter) Configure(ctx context.Context, next, prev *kefu.Inbox) error {
	if next.Channel != kefu.ChannelWeCom || next.Config.WeCom == nil {
		return nil
	}
	wxcrypto.KeepSecrets(next, prev)
	s := &next.Secrets
	wxcrypto.FillCallbackSecrets(s)
	if _, err := wxcrypto.NewCodec(s.EncodingAESKey, next.Config.WeCom.CorpID); err != nil {
		return kefu.FieldError("secrets.encoding_aes_key", "the EncodingAESKey must be the 43 characters the console shows (or leave it empty for kefu to make one)")
	}
	return a.checkSecret(ctx, next)
}

// checkSecret fetches a token with the inbox's CorpID and Secret (not cached: a failure must
// be this secret's), naming the field to fix.
func (a *Adapter) checkSecret(ctx context.Context, in *kefu.Inbox) error {
	if in.Secrets.AppSecret == "" {
		return kefu.FieldError("secrets.app_secret", "a WeCom inbox needs the Secret of the customer-service application (微信客服 › API)")
	}
	_, _, err := a.api.getToken(ctx, accountOf(in))
	var ae *wxapi.APIError
	switch {
	case err == nil:
		return nil
	case hasCode(err, codeInvalidCorpID):
		return kefu.FieldError("config.wecom.corp_id", "WeCom does not know this CorpID (40013); copy it from 我的企业 › 企业信息")
	case hasCode(err, codeInvalidSecret, codeNoSecret):
		return kefu.FieldError("secrets.app_secret", "WeCom refused the Secret (%d); copy it again from 微信客服 › API › Secret", wxapi.ErrCode(err))
	case hasCode(err, codeIPNotTrusted):
		return kefu.FieldError("secrets.app_secret", "WeCom refused kefu's IP address (60020): add the server's egress IP to the application's 企业可信IP, or point wecom_api_url at a proxy with a trusted IP")
	case errors.As(err, &ae) && ae.Code >= 40000 && ae.Code < 50000:
		return kefu.FieldError("secrets.app_secret", "WeCom refused the credentials: %s", ae.Msg)
	}
	e := kefu.Errorf(kefu.CodeUnavailable, "WeCom could not be reached to check the Secret; try again")
	e.Err = err
	return e
}
