package channel

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// Adapter is one channel type's connection to its platform. One adapter serves every inbox of
// its type; what differs per inbox (credentials, account ids) comes with the Outbound's inbox.
// Inbound, an adapter calls the Receiver it was constructed with.
type Adapter interface {
	Type() kefu.ChannelType
	Capabilities() Capabilities
	// Deliver sends one committed message to the platform. It is called by a durable job,
	// again after a failure, so it must be safe to repeat: pass Message.ID as the platform's
	// idempotency key where there is one. Wrap failures in Permanent or Temporary; any other
	// error counts as temporary (a network error).
	Deliver(ctx context.Context, out Outbound) (DeliveryResult, error)
}

// Capabilities are what a channel can take from an agent, for the composer to show (this
// channel cannot receive files; the reply window closes in 3 hours) and, once there are
// channels with limits, for the send path to check before a reply is committed.
type Capabilities struct {
	Sends              []kefu.MessageKind // kinds a reply may be: text, image, file
	MaxTextBytes       int                // longest text one message may carry; 0 = kefu's limit
	MaxAttachmentBytes int64              // largest file; 0 = kefu's upload limit
	// ReplyWindow is how long after the contact's last message the platform accepts a reply
	// (WeChat's customer-service messages: 48 hours); 0 = always.
	ReplyWindow time.Duration
	// MaxRepliesPerWindow is how many replies the platform takes after one customer message
	// within the window (WeCom's 微信客服: 5); 0 = no limit. A new customer message starts a
	// new window and a new count.
	MaxRepliesPerWindow int
	// Realtime channels' clients (the web widget) receive every message from the realtime hub
	// and resume from the store, so their messages get no outbound job and Deliver is never
	// called for them. Every other channel needs a durable delivery job per reply.
	Realtime bool
	// IdempotentSends says the platform drops a second send with the same idempotency key
	// (Outbound.Message.ID), so a delivery cut short by a crash between sending and recording
	// is safely sent again. Without it, kefu never resends such a delivery: it fails it and
	// lets the agent decide, since the customer may already have the message.
	IdempotentSends bool
}

// CanSend reports whether a reply of kind k can go out on the channel.
func (c Capabilities) CanSend(k kefu.MessageKind) bool { return slices.Contains(c.Sends, k) }

// DeliveryResult is what a delivery achieved.
type DeliveryResult struct {
	// PlatformMsgID is the platform's id for the sent message, when it gives one: kept for
	// delivery receipts, edits and recalls.
	PlatformMsgID string
	// Realtime says nothing was sent here: the channel's clients get the message from the hub.
	Realtime bool
}

// DeliveryError is a failed delivery with what the job runner needs to decide what next.
type DeliveryError struct {
	Reason     string        // the platform's reason, for the agent ("the 48-hour reply window has closed")
	Permanent  bool          // trying again cannot help: user blocked the bot, window closed, type refused
	RetryAfter time.Duration // the platform said when to try again (429 Retry-After); 0 = the runner's backoff
	Err        error
}

func (e *DeliveryError) Error() string {
	if e.Err != nil {
		return e.Reason + ": " + e.Err.Error()
	}
	return e.Reason
}

func (e *DeliveryError) Unwrap() error { return e.Err }

// Permanent is a failure that retrying cannot fix.
func Permanent(reason string, err error) error {
	return &DeliveryError{Reason: reason, Permanent: true, Err: err}
}

// Temporary is a failure worth retrying, after retryAfter when the platform said (0: backoff).
func Temporary(reason string, retryAfter time.Duration, err error) error {
	return &DeliveryError{Reason: reason, RetryAfter: retryAfter, Err: err}
}

// Retryable reports whether a Deliver error is worth another attempt, and after how long the
// platform asked for (0: the runner's backoff). Errors that are not DeliveryErrors are network
// failures and the like: retryable.
func Retryable(err error) (bool, time.Duration) {
	var de *DeliveryError
	if errors.As(err, &de) {
		return !de.Permanent, de.RetryAfter
	}
	return err != nil, 0
}
