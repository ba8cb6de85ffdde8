package channeltest

import (
	"errors"
	"strings"
	"testing"

	"github.com/kefu-dev/kefu/internal/channel"
)

// CheckDeliveryError fails t unless err is what an adapter's Deliver should give the job
// runner for a platform's answer: a channel.DeliveryError, retryable or not as wanted, whose
// reason for the agent contains reason. name says which case failed.
func CheckDeliveryError(t testing.TB, name string, err error, retryable bool, reason string) {
	t.Helper()
	var de *channel.DeliveryError
	if !errors.As(err, &de) {
		t.Errorf("%s: %v (%T), want a DeliveryError", name, err, err)
		return
	}
	if got, _ := channel.Retryable(err); got != retryable || !strings.Contains(de.Reason, reason) {
		t.Errorf("%s: retryable %v, reason %q; want retryable %v with a reason saying %q", name, got, de.Reason, retryable, reason)
	}
}
