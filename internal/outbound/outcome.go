package outbound

import (
	"context"
	"errors"
	"fmt"
	"net/url"

	"github.com/kefu-dev/kefu/internal/channel"
	"github.com/kefu-dev/kefu/internal/jobs"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// record turns what Deliver returned into the delivery's next state: sent; failed for good; or
// sending again after the platform's Retry-After or the backoff, unless that is past the
// give-up time. A retry is returned to the runner as jobs.RetryAfter with that delay.
func (s *Service) record(ctx context.Context, rec *kefu.DeliveryRecord, res channel.DeliveryResult, err error) error {
	if err == nil {
		return s.finish(ctx, rec, kefu.DeliveryOutcome{Status: kefu.DeliverySent, PlatformMsgID: res.PlatformMsgID})
	}
	reason := safeReason(err)
	retry, after := channel.Retryable(err)
	if !retry {
		return s.finish(ctx, rec, kefu.DeliveryOutcome{Status: kefu.DeliveryFailed, Error: reason})
	}
	delay := after
	if delay <= 0 {
		delay = s.opts.Backoff.Delay(rec.Attempts + 1)
	}
	next := s.opts.Now().Add(delay)
	if next.After(rec.Since.Add(s.opts.GiveUp)) {
		return s.finish(ctx, rec, s.givenUp(reason))
	}
	o := kefu.DeliveryOutcome{Status: kefu.DeliverySending, Error: reason, NextAttemptAt: &next}
	if err := s.finish(ctx, rec, o); err != nil {
		return err
	}
	return jobs.RetryAfter(errors.New(reason), delay)
}

// givenUp is the outcome of a delivery that kept failing until the give-up time.
func (s *Service) givenUp(lastReason string) kefu.DeliveryOutcome {
	msg := fmt.Sprintf("gave up after %s of failed attempts", s.opts.GiveUp)
	if lastReason != "" {
		msg += ": " + lastReason
	}
	return kefu.DeliveryOutcome{Status: kefu.DeliveryFailed, Error: msg}
}

// finish records an outcome. The store's context is detached from the attempt's, so an
// attempt cut short by shutdown is still recorded. A delivery settled meanwhile is left as is.
func (s *Service) finish(ctx context.Context, rec *kefu.DeliveryRecord, o kefu.DeliveryOutcome) error {
	_, err := s.opts.Store.FinishDeliveryAttempt(context.WithoutCancel(ctx), rec.OrgID, rec.MessageID, o)
	if err != nil && !kefu.IsNotFound(err) {
		return err
	}
	if o.Status == kefu.DeliveryFailed {
		s.log.Info("delivery failed", "org", rec.OrgID, "message", rec.MessageID, "reason", o.Error)
	}
	return nil
}

// maxReason bounds the reason kept and shown; platforms' error bodies can be long.
const maxReason = 500

// safeReason is the agent-facing reason of a failed attempt: an adapter's DeliveryError says
// it; any other error is a network failure, named without its URL, which may carry a
// credential (Telegram puts the bot token in the path).
func safeReason(err error) string {
	var de *channel.DeliveryError
	if errors.As(err, &de) && de.Reason != "" {
		return jobs.Truncate(de.Reason, maxReason)
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		if ue.Timeout() {
			return "the platform did not answer in time"
		}
		return jobs.Truncate("could not reach the platform: "+ue.Err.Error(), maxReason)
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return "the platform did not answer in time"
	}
	return "could not reach the platform"
}
