package wechat

import (
	"cmp"
	"strings"

	"github.com/kefu-dev/kefu/internal/channel/wechat/wxapi"
	"github.com/kefu-dev/kefu/internal/channel/wechat/wxtoken"
)

// apiURL is the platform API when the operator configures no wechat_api_url.
const apiURL = "https://api.weixin.qq.com"

// The endpoints the adapter calls (Official Accounts and mini programs share them).
const (
	tokenPath    = "/cgi-bin/token"
	sendPath     = "/cgi-bin/message/custom/send"
	uploadPath   = "/cgi-bin/media/upload"
	mediaGetPath = "/cgi-bin/media/get"
	userInfoPath = "/cgi-bin/user/info"
)

// newClient is the API client of o: its host, its HTTP client, and the shared token cache
// (one over o.Store when o brings none).
func newClient(o Options) *wxapi.Client {
	tokens := o.Tokens
	if tokens == nil {
		tokens = wxtoken.New(wxtoken.Options{Store: o.Store})
	}
	return wxapi.New(wxapi.Options{
		BaseURL: cmp.Or(strings.TrimRight(o.APIURL, "/"), apiURL), HTTPClient: o.HTTPClient, Tokens: tokens,
	})
}
