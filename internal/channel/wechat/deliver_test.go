package wechat

import (
	"context"
	"errors"
	"testing"

	"github.com/kefu-dev/kefu/internal/channel/channeltest"
	"github.com/kefu-dev/kefu/internal/channel/wechat/wxapi"
)

// Each platform answer becomes the delivery outcome the runner needs: permanent with the
// agent's reason, or worth another attempt.
func TestDeliveryErrorMapping(t *testing.T) {
	for _, tc := range []struct {
		name      string
		err       error
		retryable bool
		reason    string
	}{
		{"window closed", &wxapi.APIError{Code: 45015, Status: 200}, false, "48-hour reply window has closed"},
		{"too many replies", &wxapi.APIError{Code: 45047, Status: 200}, false, "reply limit"},
		{"unfollowed", &wxapi.APIError{Code: 43004, Status: 200}, false, "no longer follows"},
		{"blocked", &wxapi.APIError{Code: 43019, Status: 200}, false, "blocked"},
		{"quota", &wxapi.APIError{Code: 45009, Status: 200}, true, "WeChat failed"},
		{"busy", &wxapi.APIError{Code: -1, Status: 200}, true, "WeChat failed"},
		{"token refused again", &wxapi.APIError{Code: 40001, Status: 200}, true, "WeChat failed"},
		{"5xx without errcode", &wxapi.APIError{Status: 502, Msg: "unreadable answer"}, true, "WeChat failed"},
		{"other refusal", &wxapi.APIError{Code: 40033, Status: 200, Msg: "invalid charset"}, false, "errcode 40033"},
		{"no answer", &wxapi.TransportError{Path: sendPath, Err: errors.New("connection refused")}, true, "could not be reached"},
		{"no credentials", errNoCredentials, false, "AppSecret"},
	} {
		channeltest.CheckDeliveryError(t, tc.name, deliveryError(tc.err), tc.retryable, tc.reason)
	}
	if err := deliveryError(context.Canceled); !errors.Is(err, context.Canceled) {
		t.Errorf("a cancelled attempt became %v, want it as it is", err)
	}
}
