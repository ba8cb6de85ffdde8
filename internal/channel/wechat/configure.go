package wechat

import (
	"context"
	"errors"
	"regexp"

	"github.com/kefu-dev/kefu/internal/channel/wechat/wxapi"
	"github.com/kefu-dev/kefu/internal/channel/wechat/wxcrypto"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// callbackTokenPattern is what the console accepts as the callback Token: 3 to 32 letters and
// digits.
var callbackTokenPattern = regexp.MustCompile(`^[A-Za-z0-9]{3,32}$`)

// Configure completes an Official Account or mini program inbox when an administrator saves
// it: secrets left empty keep the stored ones, a callback token and an EncodingAESKey are
// generated when there are none (for the administrator to paste into the console; the inbox
// API returns them once), and a new AppSecret is checked by fetching an access token with it.
func (a *Adapter) Configure(ctx context.Context, next, prev *kefu.Inbox) error {
	if next.Channel != a.typ {
		return nil
	}
	wxcrypto.KeepSecrets(next, prev)
	s := &next.Secrets
	wxcrypto.FillCallbackSecrets(s)
	if !callbackTokenPattern.MatchString(s.CallbackToken) {
		return kefu.FieldError("secrets.callback_token", "the callback token must be 3 to 32 letters and digits, as the console (服务器配置 › Token) requires")
	}
	if _, err := wxcrypto.NewCodec(s.EncodingAESKey, appID(next)); err != nil {
		return kefu.FieldError("secrets.encoding_aes_key", "the EncodingAESKey must be the console's 43 letters and digits (服务器配置 › EncodingAESKey)")
	}
	if prev != nil && prev.Secrets.AppSecret == s.AppSecret && appID(prev) == appID(next) {
		return nil
	}
	return a.checkSecret(ctx, next)
}

// checkSecret fetches a token with the inbox's AppSecret and saves it as the account's shared
// token. It fetches directly rather than through the cache: a fetch the platform refused
// leaves the cache's refresh lease to lapse (30 s), which would hold up the administrator's
// next try with the corrected secret; saving the new token also ends such a lease. (The
// platform keeps the previous token valid for five minutes after a fetch, and a process
// still holding it gets 40001 and takes the saved one.)
func (a *Adapter) checkSecret(ctx context.Context, in *kefu.Inbox) error {
	if in.Secrets.AppSecret == "" {
		return kefu.FieldError("secrets.app_secret", "a %s inbox needs its AppSecret (开发者密码) to fetch access tokens", a.typ)
	}
	tok, expiresIn, err := a.fetchToken(in)(ctx)
	if err != nil {
		return secretError(a.typ, err)
	}
	if err := a.store.SavePlatformToken(ctx, a.tokenKey(appID(in)), tok, a.now().Add(expiresIn)); err != nil {
		return err
	}
	return nil
}

// secretError tells the administrator what the platform's refusal of inbox type t's
// credentials means, at the field to fix.
func secretError(t kefu.ChannelType, err error) error {
	switch wxapi.ErrCode(err) {
	case 0:
	case 40013:
		return kefu.FieldError("config."+string(t)+".app_id", "WeChat does not know this AppID (40013); copy it again from the console (开发者ID)")
	case 40125, 40001:
		return kefu.FieldError("secrets.app_secret", "WeChat refused the AppSecret (%d); copy it again from the console (开发者密码), or reset it there", wxapi.ErrCode(err))
	case 40164:
		return kefu.FieldError("secrets.app_secret", "WeChat refused this server's IP address (40164): add kefu's outgoing IP to the console's IP allow-list (IP白名单), or point wechat_api_url at a proxy whose IP is listed")
	default:
		return kefu.FieldError("secrets.app_secret", "WeChat refused to issue an access token (errcode %d)", wxapi.ErrCode(err))
	}
	if err == nil {
		return nil
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	e := kefu.Errorf(kefu.CodeUnavailable, "WeChat could not be reached to check the AppSecret; try again")
	e.Err = err
	return e
}
