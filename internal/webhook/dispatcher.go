package webhook

import (
	"context"
	"slices"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// dispatchBatch is how many events one cursor step turns into deliveries.
const dispatchBatch = 500

// minDispatchGap spaces the dispatcher's passes while events stream in: each pass then takes
// many events at once instead of one read per commit of the hot message path.
const minDispatchGap = 50 * time.Millisecond

// Dispatcher follows the event log of every organisation with an enabled webhook and turns
// matching events into delivery jobs, moving the organisation's cursor in the same transaction.
// The bus only wakes it; what it reads is the log, so nothing published while it was down,
// busy or on another node is missed, and a cursor that another node moved first is left alone.
// While no organisation has an enabled webhook it ignores the bus and costs nothing per
// message: it looks again when this node's webhooks change and on its poll (another node's).
type Dispatcher struct {
	svc  *Service
	poll time.Duration
}

// NewDispatcher returns a Dispatcher for svc's webhooks; poll is how often it looks without
// being woken (0 = 5s).
func NewDispatcher(svc *Service, poll time.Duration) *Dispatcher {
	if poll <= 0 {
		poll = 5 * time.Second
	}
	return &Dispatcher{svc: svc, poll: poll}
}

// Follow is the bus handler: persisted events wake the dispatcher unless it is idle. It never
// blocks.
func (d *Dispatcher) Follow(events []kefu.Event) {
	if d.svc.idle.Load() || !slices.ContainsFunc(events, func(ev kefu.Event) bool { return ev.Seq > 0 }) {
		return
	}
	d.svc.wakeDispatcher()
}

// Run dispatches until ctx ends.
func (d *Dispatcher) Run(ctx context.Context) error {
	tick := time.NewTicker(d.poll)
	defer tick.Stop()
	for {
		d.dispatchAll(ctx)
		if !sleep(ctx, minDispatchGap) {
			return nil
		}
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
		case <-d.svc.wake:
		}
	}
}

// sleep waits for d unless ctx ends first, reporting whether it waited.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// dispatchAll brings every organisation's cursor up to its newest event.
func (d *Dispatcher) dispatchAll(ctx context.Context) {
	cursors, err := d.svc.store.WebhookCursors(ctx)
	if err != nil {
		d.warn(ctx, "reading webhook cursors failed", err)
		return
	}
	d.svc.idle.Store(len(cursors) == 0)
	for orgID, last := range cursors {
		for ctx.Err() == nil {
			next, err := d.dispatchOrg(ctx, orgID, last)
			if err != nil {
				d.warn(ctx, "dispatching webhook events failed", err, "org_id", orgID)
			}
			if err != nil || next == last {
				break
			}
			last = next
		}
	}
}

func (d *Dispatcher) warn(ctx context.Context, msg string, err error, args ...any) {
	if ctx.Err() == nil && kefu.ErrorCode(err) != kefu.CodeConflict {
		d.svc.log.WarnContext(ctx, msg, append(args, "err", err)...)
	}
}

// dispatchOrg turns the events after from into deliveries and returns the new cursor.
func (d *Dispatcher) dispatchOrg(ctx context.Context, orgID string, from int64) (int64, error) {
	events, err := d.svc.store.ListEvents(ctx, orgID, from, dispatchBatch)
	if err != nil || len(events) == 0 {
		return from, err
	}
	hooks, err := d.svc.store.EnabledWebhooks(ctx, orgID)
	if err != nil {
		return from, err
	}
	var jobs []kefu.Job
	for _, ev := range events {
		evJobs, err := d.jobsFor(ctx, ev, hooks)
		if err != nil {
			return from, err
		}
		jobs = append(jobs, evJobs...)
	}
	to := events[len(events)-1].Seq
	if err := d.svc.store.AdvanceWebhookCursor(ctx, orgID, from, to, jobs); err != nil {
		return from, err
	}
	if len(jobs) > 0 {
		d.svc.opts.Notify()
	}
	return to, nil
}

// jobsFor returns the deliveries of one event to the webhooks subscribed to its types.
func (d *Dispatcher) jobsFor(ctx context.Context, ev kefu.Event, hooks []kefu.Webhook) ([]kefu.Job, error) {
	resolved, err := d.resolvedBy(ctx, ev, hooks)
	if err != nil {
		return nil, err
	}
	var out []kefu.Job
	for _, typ := range webhookTypes(ev, resolved) {
		for i := range hooks {
			if !slices.Contains(hooks[i].Events, typ) {
				continue
			}
			j, err := deliveryJob(&hooks[i], typ, dataOf(ev), ev.CreatedAt, d.svc.opts.MaxAttempts)
			if err != nil {
				return nil, err
			}
			out = append(out, j)
		}
	}
	return out, nil
}

// resolvedBy reports whether ev is the update that resolved its conversation. It reads the
// conversation's previous event only when a webhook wants to know.
func (d *Dispatcher) resolvedBy(ctx context.Context, ev kefu.Event, hooks []kefu.Webhook) (bool, error) {
	if ev.Type != kefu.EventConversationUpdated || ev.Conversation == nil || ev.Conversation.Status != kefu.StatusResolved {
		return false, nil
	}
	wanted := slices.ContainsFunc(hooks, func(w kefu.Webhook) bool { return slices.Contains(w.Events, EventConversationResolved) })
	if !wanted {
		return false, nil
	}
	before, err := d.svc.store.PreviousConversationStatus(ctx, ev.OrgID, ev.ConversationID, ev.Seq)
	return before != kefu.StatusResolved, err
}
