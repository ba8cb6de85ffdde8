package wecom

import (
	"errors"
	"fmt"
	"testing"

	"github.com/kefu-dev/kefu/internal/channel/channeltest"
	"github.com/kefu-dev/kefu/internal/channel/wechat/wxapi"
)

// WeCom's refusals become permanent failures with a reason for the agent, its moments of
// trouble retryable ones, and a duplicate msgid is no failure at all (Deliver skips it).
func TestDeliveryErrorMapping(t *testing.T) {
	for _, tc := range []struct {
		err       error
		retryable bool
		reason    string
	}{
		{&wxapi.APIError{Code: codeSendCountLimit}, false, "at most 5 replies"},
		{&wxapi.APIError{Code: codeSendTimeLimit}, false, "48-hour"},
		{&wxapi.APIError{Code: codeSessionStateSend}, false, "does not allow sending"},
		{&wxapi.APIError{Code: codeFreqLimit}, true, "busy"},
		{&wxapi.APIError{Code: codeBusy}, true, "busy"},
		{&wxapi.APIError{Status: 502}, true, "busy"},
		{&wxapi.TransportError{Path: "/x", Err: errors.New("connection refused")}, true, "reached"},
		{&wxapi.APIError{Code: 40003, Msg: "invalid external_userid"}, false, "invalid external_userid"},
	} {
		channeltest.CheckDeliveryError(t, fmt.Sprint(tc.err), deliveryError(tc.err), tc.retryable, tc.reason)
	}
}
