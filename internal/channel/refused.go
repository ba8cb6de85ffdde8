package channel

import (
	"context"
	"log/slog"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// RefusedForGood reports whether kefu refused an inbound message (or its sender) in a way no
// retry changes: invalid, not found, forbidden. An adapter drops such a message with a log
// line and acknowledges it, for otherwise the platform would retry its callback for hours, and
// a poller or a pull would never get past it. Failures of the moment (internal, unavailable,
// overloaded, rate limited, a conflict with a concurrent change, a network error) are not
// refused for good: the adapter fails, and the platform or the job retries.
func RefusedForGood(err error) bool {
	switch kefu.ErrorCode(err) {
	case kefu.CodeInternal, kefu.CodeUnavailable, kefu.CodeOverloaded, kefu.CodeRateLimited, kefu.CodeConflict:
		return false
	}
	return true
}

// ReceiveOrDrop hands in to rcv (an adapter's Receiver). A message refused for good is
// logged and dropped: ReceiveOrDrop returns nil, for the adapter to acknowledge it.
func ReceiveOrDrop(ctx context.Context, rcv interface {
	Receive(ctx context.Context, in Inbound) (*Received, error)
}, log *slog.Logger, in Inbound) error {
	_, err := rcv.Receive(ctx, in)
	if err == nil || !RefusedForGood(err) {
		return err
	}
	log.WarnContext(ctx, "inbound message refused by kefu; dropped", "channel", in.Sender.Channel,
		"inbox_id", in.InboxID, "message_id", in.MessageID, "err", kefu.PublicMessage(err))
	return nil
}
