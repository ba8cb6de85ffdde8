package jobs

import (
	"context"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// AdminStore is what the jobs admin view needs of the database.
type AdminStore interface {
	ListJobs(ctx context.Context, orgID string, q kefu.JobQuery) ([]kefu.Job, error)
	GetJob(ctx context.Context, orgID, id string) (*kefu.Job, error)
	RetryJob(ctx context.Context, orgID, id string) error
	// PruneJobs deletes done and dead jobs last changed before the given time.
	PruneJobs(ctx context.Context, before time.Time) (int64, error)
}

// Admin shows an organisation's jobs to those with jobs.view and retries them by hand.
type Admin struct {
	store  AdminStore
	notify func()
}

// NewAdmin returns the admin view; notify wakes the runner after a retry (nil: none).
func NewAdmin(store AdminStore, notify func()) *Admin {
	if notify == nil {
		notify = func() {}
	}
	return &Admin{store: store, notify: notify}
}

func requireView(actor kefu.Actor) error {
	if !actor.IsAgent() || actor.OrgID == "" {
		return kefu.ErrNotFound
	}
	if !actor.Has(kefu.PermJobsView) {
		return kefu.Errorf(kefu.CodeForbidden, "seeing jobs needs the jobs.view permission")
	}
	return nil
}

// List returns the organisation's jobs matching q, newest first.
func (a *Admin) List(ctx context.Context, actor kefu.Actor, q kefu.JobQuery) ([]kefu.Job, error) {
	if err := requireView(actor); err != nil {
		return nil, err
	}
	if q.Status != "" && !q.Status.Valid() {
		return nil, kefu.FieldError("status", "status must be pending, running, failed, dead or done")
	}
	return a.store.ListJobs(ctx, actor.OrgID, q)
}

// Retry runs a job that is not running again now, its attempts counted afresh.
func (a *Admin) Retry(ctx context.Context, actor kefu.Actor, id string) error {
	if !actor.IsAgent() || actor.OrgID == "" {
		return kefu.ErrNotFound
	}
	// Another organisation's job is not found before the permission is checked.
	if _, err := a.store.GetJob(ctx, actor.OrgID, id); err != nil {
		return err
	}
	if err := requireView(actor); err != nil {
		return err
	}
	if err := a.store.RetryJob(ctx, actor.OrgID, id); err != nil {
		return err
	}
	a.notify()
	return nil
}

// Prune deletes finished (done or dead) jobs older than before; housekeeping calls it.
func (a *Admin) Prune(ctx context.Context, before time.Time) error {
	_, err := a.store.PruneJobs(ctx, before)
	return err
}
