package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// Store is what the runner needs of the database.
type Store interface {
	// ClaimJobs leases up to limit due jobs until now+lease, counting the attempt.
	ClaimJobs(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]kefu.Job, error)
	// FinishJob records an attempt's outcome; not found when the lease was lost.
	FinishJob(ctx context.Context, o kefu.JobOutcome) error
	// ReleaseAbandonedJobs frees jobs a stopped process left running, where that is safe.
	ReleaseAbandonedJobs(ctx context.Context) error
}

// Handler runs one attempt of a job. nil means done; an error means try again later, unless
// it is Permanent or the job's attempts are used up, which make the job dead.
type Handler func(ctx context.Context, j kefu.Job) error

// permanent marks an error that no retry can fix.
type permanent struct{ err error }

func (p permanent) Error() string { return p.err.Error() }
func (p permanent) Unwrap() error { return p.err }

// Permanent wraps err so the job is dead at once instead of retried.
func Permanent(err error) error { return permanent{err: err} }

// Options configure a Runner.
type Options struct {
	Store    Store
	Logger   *slog.Logger // nil discards
	Handlers map[string]Handler
	// Lease is how long an attempt may run before another worker may take the job over; it
	// must exceed the longest handler run. 0 = 2 minutes.
	Lease time.Duration
	// Poll is how often due jobs are looked for when nobody calls Notify; 0 = 1s.
	Poll time.Duration
	// Workers bounds concurrent attempts; 0 = 8.
	Workers int
	// Backoff is the retry delay policy; zero = DefaultBackoff.
	Backoff Backoff
	Now     func() time.Time // nil = time.Now
}

// Runner leases and runs due jobs until its context ends.
type Runner struct {
	opts Options
	log  *slog.Logger
	wake chan struct{}
	now  func() time.Time
}

// New returns a Runner; Run starts it.
func New(opts Options) *Runner {
	opts.Lease = cmpOr(opts.Lease, 2*time.Minute)
	opts.Poll = cmpOr(opts.Poll, time.Second)
	opts.Workers = cmpOr(opts.Workers, 8)
	if opts.Backoff == (Backoff{}) {
		opts.Backoff = DefaultBackoff
	}
	r := &Runner{opts: opts, log: opts.Logger, wake: make(chan struct{}, 1), now: opts.Now}
	if r.log == nil {
		r.log = slog.New(slog.DiscardHandler)
	}
	if r.now == nil {
		r.now = time.Now
	}
	return r
}

func cmpOr[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}

// Notify asks the runner to look for due jobs now, e.g. right after inserting one.
func (r *Runner) Notify() {
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

// Run claims and runs due jobs until ctx ends, then waits for the attempts under way, which
// see ctx end too and are recorded like any other (one cut short is failed and retried), so
// the store must take writes until Run returns. Should the process die instead, its jobs
// stay leased until the lease runs out (on SQLite, until the next start releases them).
func (r *Runner) Run(ctx context.Context) error {
	if err := r.opts.Store.ReleaseAbandonedJobs(ctx); err != nil && ctx.Err() == nil {
		r.log.Warn("releasing abandoned jobs failed", "err", err)
	}
	slots := make(chan struct{}, r.opts.Workers)
	var wg sync.WaitGroup
	defer wg.Wait()
	tick := time.NewTicker(r.opts.Poll)
	defer tick.Stop()
	for {
		r.claimAndStart(ctx, slots, &wg)
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
		case <-r.wake:
		}
	}
}

// claimAndStart leases as many due jobs as there are free workers and starts them.
func (r *Runner) claimAndStart(ctx context.Context, slots chan struct{}, wg *sync.WaitGroup) {
	free := cap(slots) - len(slots)
	if free == 0 || ctx.Err() != nil {
		return
	}
	jobs, err := r.opts.Store.ClaimJobs(ctx, r.now(), r.opts.Lease, free)
	if err != nil {
		if ctx.Err() == nil {
			r.log.Warn("claiming jobs failed", "err", err)
		}
		return
	}
	for _, j := range jobs {
		slots <- struct{}{}
		wg.Go(func() {
			defer func() { <-slots }()
			r.attempt(ctx, j)
		})
	}
}

// attempt runs one attempt of j and records its outcome.
func (r *Runner) attempt(ctx context.Context, j kefu.Job) {
	runCtx, cancel := context.WithTimeout(ctx, r.opts.Lease)
	err := r.run(runCtx, j)
	cancel()
	o := r.outcome(j, err)
	if err := r.opts.Store.FinishJob(context.WithoutCancel(ctx), o); err != nil {
		r.log.Warn("recording a job outcome failed", "job", j.ID, "kind", j.Kind, "err", err)
	}
	if o.Status == kefu.JobDead {
		r.log.Warn("job failed for good", "job", j.ID, "kind", j.Kind, "attempts", j.Attempts, "err", o.Error)
	}
}

// run calls the kind's handler; a panic is an error like any other.
func (r *Runner) run(ctx context.Context, j kefu.Job) (err error) {
	h, ok := r.opts.Handlers[j.Kind]
	if !ok {
		return Permanent(fmt.Errorf("no handler for job kind %q", j.Kind))
	}
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("job handler panicked: %v", p)
		}
	}()
	return h(ctx, j)
}

// outcome turns an attempt's error into the job's next state.
func (r *Runner) outcome(j kefu.Job, err error) kefu.JobOutcome {
	o := kefu.JobOutcome{ID: j.ID, Attempt: j.Attempts, Status: kefu.JobDone, RunAt: r.now()}
	if err == nil {
		return o
	}
	o.Error = Truncate(err.Error(), 500)
	var p permanent
	if errors.As(err, &p) || j.Attempts >= j.MaxAttempts {
		o.Status = kefu.JobDead
		return o
	}
	delay, chosen := chosenDelay(err)
	if !chosen {
		delay = r.opts.Backoff.Delay(j.Attempts)
	}
	o.Status, o.RunAt = kefu.JobFailed, r.now().Add(delay)
	return o
}

// Truncate cuts s to at most n bytes without splitting a UTF-8 sequence: for failure texts a
// job or a handler keeps in its records.
func Truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}
