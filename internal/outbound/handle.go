package outbound

import (
	"context"
	"errors"
	"time"

	"github.com/kefu-dev/kefu/internal/channel"
	"github.com/kefu-dev/kefu/internal/jobs"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// ReasonInterrupted is why a delivery to a platform without idempotency fails when kefu
// stopped while sending it: sending again could give the customer two copies.
const ReasonInterrupted = "kefu stopped while sending; the customer may already have it — check, then retry"

// Handle runs one attempt of a delivery job (its Ref is the message id). A job whose delivery
// is settled, or whose message is gone, is done.
func (s *Service) Handle(ctx context.Context, j kefu.Job) error {
	rec, err := s.opts.Store.GetDelivery(ctx, j.OrgID, j.Ref)
	if kefu.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	if rec.Status != kefu.DeliverySending {
		return nil
	}
	// Checked before waiting too: a reply queued behind one that keeps failing gives up on
	// its own time, instead of waiting until its job's attempts run out and staying sending.
	if s.pastGiveUp(rec) {
		return s.finish(ctx, rec, s.givenUp(rec.Error))
	}
	if wait, err := s.waitForEarlier(ctx, rec); wait > 0 || err != nil {
		return jobs.RetryAfter(errors.Join(errors.New("waiting for an earlier reply of the conversation"), err), wait)
	}
	return s.attempt(ctx, rec)
}

// waitForEarlier returns how long to wait for an earlier reply of the same conversation that is
// still sending, so the customer reads replies in the order they were written: until its next
// attempt is due, and at least a second.
func (s *Service) waitForEarlier(ctx context.Context, rec *kefu.DeliveryRecord) (time.Duration, error) {
	earlier, err := s.opts.Store.EarlierSending(ctx, rec.OrgID, rec.ConversationID, rec.Seq)
	if kefu.IsNotFound(err) {
		return 0, nil
	}
	if err != nil {
		return time.Second, err
	}
	wait := time.Second
	if earlier.NextAttemptAt != nil {
		wait = max(wait, earlier.NextAttemptAt.Sub(s.opts.Now())+100*time.Millisecond)
	}
	return wait, nil
}

// attempt delivers rec's message once, unless its previous attempt was cut short on a platform
// that cannot dedupe, or the give-up time has passed.
func (s *Service) attempt(ctx context.Context, rec *kefu.DeliveryRecord) error {
	out, a, err := s.outbound(ctx, rec)
	if err != nil {
		return s.unprepared(ctx, rec, err)
	}
	if rec.InFlight && !a.Capabilities().IdempotentSends {
		return s.finish(ctx, rec, kefu.DeliveryOutcome{Status: kefu.DeliveryFailed, Error: ReasonInterrupted})
	}
	if s.pastGiveUp(rec) {
		return s.finish(ctx, rec, s.givenUp(rec.Error))
	}
	if err := s.opts.Store.StartDeliveryAttempt(ctx, rec.OrgID, rec.MessageID); err != nil {
		return ignoreNotFound(err) // settled meanwhile (another node): nothing to do
	}
	res, err := a.Deliver(ctx, *out)
	return s.record(ctx, rec, res, err)
}

// pastGiveUp reports whether rec has been sending for longer than the give-up time.
func (s *Service) pastGiveUp(rec *kefu.DeliveryRecord) bool {
	return s.opts.Now().After(rec.Since.Add(s.opts.GiveUp))
}

// unprepared handles a failure to build the delivery: what no longer exists or has no address
// fails the delivery for good; anything else (the database) is retried by the runner.
func (s *Service) unprepared(ctx context.Context, rec *kefu.DeliveryRecord, err error) error {
	var de *channel.DeliveryError
	switch {
	case errors.As(err, &de):
		return s.finish(ctx, rec, kefu.DeliveryOutcome{Status: kefu.DeliveryFailed, Error: de.Reason})
	case kefu.IsNotFound(err):
		return nil // the message or its conversation was erased
	}
	return err
}

func ignoreNotFound(err error) error {
	if kefu.IsNotFound(err) {
		return nil
	}
	return err
}
