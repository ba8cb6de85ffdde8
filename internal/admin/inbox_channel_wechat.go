package admin

import (
	"regexp"
	"strings"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// The shapes of the WeChat platforms' ids, so a value pasted into the wrong field (a secret
// into the AppID) is caught when it is saved rather than when the first token fetch fails.
var (
	wechatAppIDPattern = regexp.MustCompile(`^wx[0-9a-f]{16}$`)
	wecomCorpIDPattern = regexp.MustCompile(`^w[wx][0-9a-zA-Z]{16}$`)
	wecomKfIDPattern   = regexp.MustCompile(`^wk[0-9A-Za-z_-]{8,62}$`)
)

// cleanWeChatChannel checks an Official Account's configuration; the encryption mode defaults
// to safe, the console's recommendation.
func cleanWeChatChannel(c *kefu.WeChatChannel) (*kefu.WeChatChannel, error) {
	if c == nil {
		return nil, kefu.FieldError("config.wechat", "a WeChat inbox needs config.wechat with the account's app_id")
	}
	out := *c
	var err error
	if out.AppID, err = cleanAppID("config.wechat.app_id", c.AppID); err != nil {
		return nil, err
	}
	out.Encryption, err = cleanEncryption("config.wechat.encryption", c.Encryption)
	return &out, err
}

// cleanMiniProgramChannel checks a mini program's configuration: like an Official Account's,
// with the callback's data format (json by default, the console's default).
func cleanMiniProgramChannel(c *kefu.MiniProgramChannel) (*kefu.MiniProgramChannel, error) {
	if c == nil {
		return nil, kefu.FieldError("config.miniprogram", "a mini program inbox needs config.miniprogram with its app_id")
	}
	out := *c
	var err error
	if out.AppID, err = cleanAppID("config.miniprogram.app_id", c.AppID); err != nil {
		return nil, err
	}
	if out.Encryption, err = cleanEncryption("config.miniprogram.encryption", c.Encryption); err != nil {
		return nil, err
	}
	switch out.DataFormat = strings.TrimSpace(c.DataFormat); out.DataFormat {
	case "":
		out.DataFormat = "json"
	case "json", "xml":
	default:
		return nil, kefu.FieldError("config.miniprogram.data_format", "config.miniprogram.data_format must be json or xml, as chosen in the console")
	}
	return &out, nil
}

// cleanWeComChannel checks a WeCom customer-service account's configuration.
func cleanWeComChannel(c *kefu.WeComChannel) (*kefu.WeComChannel, error) {
	if c == nil {
		return nil, kefu.FieldError("config.wecom", "a WeCom inbox needs config.wecom with corp_id and open_kfid")
	}
	out := kefu.WeComChannel{CorpID: strings.TrimSpace(c.CorpID), OpenKfID: strings.TrimSpace(c.OpenKfID)}
	if !wecomCorpIDPattern.MatchString(out.CorpID) {
		return nil, kefu.FieldError("config.wecom.corp_id", "config.wecom.corp_id must be the company's CorpID (我的企业 › 企业信息), e.g. ww0123456789abcdef")
	}
	if !wecomKfIDPattern.MatchString(out.OpenKfID) {
		return nil, kefu.FieldError("config.wecom.open_kfid", "config.wecom.open_kfid must be the customer-service account's ID (微信客服 › 客服帐号), starting with wk")
	}
	return &out, nil
}

// cleanAppID checks an AppID: "wx" and 16 hex digits.
func cleanAppID(field, v string) (string, error) {
	v = strings.TrimSpace(v)
	if !wechatAppIDPattern.MatchString(v) {
		return "", kefu.FieldError(field, "%s must be the AppID (开发者ID) from the console: wx followed by 16 hex digits", field)
	}
	return v, nil
}

// cleanEncryption checks a callback encryption mode; empty is safe mode.
func cleanEncryption(field, v string) (string, error) {
	switch v = strings.TrimSpace(v); v {
	case "":
		return kefu.WeChatSafe, nil
	case kefu.WeChatPlaintext, kefu.WeChatCompatible, kefu.WeChatSafe:
		return v, nil
	}
	return "", kefu.FieldError(field, "%s must be plaintext, compatible or safe, as chosen in the console (消息加解密方式)", field)
}
