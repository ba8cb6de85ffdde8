package channel

import (
	"context"
	"errors"
	"log/slog"
	"testing"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// receiveFunc is a Receiver answering with a given error.
type receiveFunc func(in Inbound) error

func (f receiveFunc) Receive(_ context.Context, in Inbound) (*Received, error) {
	return &Received{}, f(in)
}

// What kefu refuses for good is dropped (nil, so the platform is acknowledged); failures of
// the moment come back for the platform or the job to retry.
func TestReceiveOrDrop(t *testing.T) {
	for _, tc := range []struct {
		err     error
		dropped bool
	}{
		{kefu.Errorf(kefu.CodeInvalid, "bad"), true},
		{kefu.Errorf(kefu.CodeForbidden, "no"), true},
		{kefu.ErrNotFound, true},
		{kefu.Errorf(kefu.CodeUnavailable, "down"), false},
		{kefu.Errorf(kefu.CodeConflict, "raced"), false},
		{kefu.Errorf(kefu.CodeRateLimited, "slow down"), false},
		{errors.New("connection reset"), false},
	} {
		rcv := receiveFunc(func(Inbound) error { return tc.err })
		err := ReceiveOrDrop(context.Background(), rcv, slog.New(slog.DiscardHandler), Inbound{InboxID: "in1"})
		if RefusedForGood(tc.err) != tc.dropped || (err == nil) != tc.dropped {
			t.Errorf("%v: refused for good %v, ReceiveOrDrop = %v; want dropped %v", tc.err, RefusedForGood(tc.err), err, tc.dropped)
		}
	}
	ok := receiveFunc(func(Inbound) error { return nil })
	if err := ReceiveOrDrop(context.Background(), ok, slog.New(slog.DiscardHandler), Inbound{}); err != nil || RefusedForGood(nil) {
		t.Errorf("a received message: %v", err)
	}
}
