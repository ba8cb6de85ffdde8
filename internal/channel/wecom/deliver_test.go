package wecom

import (
	"errors"
	"strings"
	"testing"

	"github.com/kefu-dev/kefu/internal/channel"
)

// WeCom's refusals become permanent failures with a reason for the agent, its moments of
// trouble retryable ones, and a duplicate msgid is no failure at all (Deliver skips it).
func TestDeliveryErrorMapping(t *testing.T) {
	for _, tc := range []struct {
		err       error
		retryable bool
		reason    string
	}{
		{&apiError{Code: codeSendCountLimit}, false, "at most 5 replies"},
		{&apiError{Code: codeSendTimeLimit}, false, "48-hour"},
		{&apiError{Code: codeSessionStateSend}, false, "does not allow sending"},
		{&apiError{Code: codeFreqLimit}, true, "busy"},
		{&apiError{Code: codeBusy}, true, "busy"},
		{&apiError{Code: 502}, true, "busy"},
		{&transportError{Path: "/x", Err: errors.New("connection refused")}, true, "reached"},
		{&apiError{Code: 40003, Msg: "invalid external_userid"}, false, "invalid external_userid"},
	} {
		err := deliveryError(tc.err)
		var de *channel.DeliveryError
		if !errors.As(err, &de) {
			t.Fatalf("%v: %T, want a DeliveryError", tc.err, err)
		}
		if got, _ := channel.Retryable(err); got != tc.retryable || !strings.Contains(de.Reason, tc.reason) {
			t.Errorf("%v: retryable %v reason %q; want %v and %q", tc.err, got, de.Reason, tc.retryable, tc.reason)
		}
	}
}
