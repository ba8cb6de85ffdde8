package jobs_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/jobs"
	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/store"
	"github.com/kefu-dev/kefu/internal/store/storetest"
)

// fixture is a runner over a real SQLite store with one organisation.
type fixture struct {
	st    *store.Store
	orgID string
}

func newFixture(t *testing.T) *fixture {
	st := storetest.OpenSQLite(t)
	org, owner := &kefu.Org{Name: "Jobs", Settings: kefu.DefaultOrgSettings()}, &kefu.Agent{Email: "o@example.com", Name: "O", Role: kefu.RoleOwner}
	if err := st.CreateOrgWithOwner(context.Background(), org, owner); err != nil {
		t.Fatal(err)
	}
	return &fixture{st: st, orgID: org.ID}
}

func (f *fixture) insert(t *testing.T, kind string, maxAttempts int) string {
	j := &kefu.Job{OrgID: f.orgID, Kind: kind, Payload: []byte(`{}`), MaxAttempts: maxAttempts}
	if err := f.st.InsertJob(context.Background(), j); err != nil {
		t.Fatal(err)
	}
	return j.ID
}

// run starts a runner with quick retries until the test ends.
func (f *fixture) run(t *testing.T, handlers map[string]jobs.Handler) *jobs.Runner {
	r := jobs.New(jobs.Options{Store: f.st, Handlers: handlers, Poll: 10 * time.Millisecond,
		Backoff: jobs.Backoff{Base: 20 * time.Millisecond, Max: 50 * time.Millisecond}})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); r.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
	return r
}

func (f *fixture) waitStatus(t *testing.T, id string, want kefu.JobStatus) *kefu.Job {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		j, err := f.st.GetJob(context.Background(), f.orgID, id)
		if err == nil && j.Status == want {
			return j
		}
		if time.Now().After(deadline) {
			t.Fatalf("job %s: status %v (%v), want %s", id, j, err, want)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// counter counts calls per job and fails the first failures of each.
type counter struct {
	mu       sync.Mutex
	calls    map[string]int
	failures int
	err      error
}

func (c *counter) handle(_ context.Context, j kefu.Job) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls[j.ID]++
	if c.failures < 0 || c.calls[j.ID] <= c.failures {
		return c.err
	}
	return nil
}

func (c *counter) count(id string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.calls[id]
}

func TestRunnerRetriesUntilDone(t *testing.T) {
	f := newFixture(t)
	c := &counter{calls: map[string]int{}, failures: 2, err: errors.New("receiver down")}
	id := f.insert(t, "k", 5)
	f.run(t, map[string]jobs.Handler{"k": c.handle})
	j := f.waitStatus(t, id, kefu.JobDone)
	if j.Attempts != 3 || c.count(id) != 3 || j.LastError != "" {
		t.Errorf("got %d attempts, %d calls, last error %q; want 3, 3 and none", j.Attempts, c.count(id), j.LastError)
	}
}

func TestRunnerGivesUp(t *testing.T) {
	f := newFixture(t)
	always := &counter{calls: map[string]int{}, failures: -1, err: errors.New("still down")}
	never := &counter{calls: map[string]int{}, failures: -1, err: jobs.Permanent(errors.New("bad payload"))}
	tired, hopeless, orphan := f.insert(t, "always", 3), f.insert(t, "never", 3), f.insert(t, "unknown", 3)
	f.run(t, map[string]jobs.Handler{"always": always.handle, "never": never.handle})
	for _, tc := range []struct {
		id       string
		attempts int
		err      string
	}{{tired, 3, "still down"}, {hopeless, 1, "bad payload"}, {orphan, 1, `no handler for job kind "unknown"`}} {
		j := f.waitStatus(t, tc.id, kefu.JobDead)
		if j.Attempts != tc.attempts || j.LastError != tc.err {
			t.Errorf("dead job: got %d attempts and %q, want %d and %q", j.Attempts, j.LastError, tc.attempts, tc.err)
		}
	}
}

func TestRunnerSurvivesPanics(t *testing.T) {
	f := newFixture(t)
	id := f.insert(t, "boom", 1)
	f.run(t, map[string]jobs.Handler{"boom": func(context.Context, kefu.Job) error { panic("oops") }})
	if j := f.waitStatus(t, id, kefu.JobDead); j.LastError != "job handler panicked: oops" {
		t.Errorf("last error %q", j.LastError)
	}
}

// TestRunnerReleasesAbandonedJobs: on SQLite a job left running by a stopped process runs again
// at the next start, without waiting for its lease.
func TestRunnerReleasesAbandonedJobs(t *testing.T) {
	f := newFixture(t)
	id := f.insert(t, "k", 3)
	if _, err := f.st.ClaimJobs(context.Background(), time.Now(), time.Hour, 10); err != nil {
		t.Fatal(err)
	}
	c := &counter{calls: map[string]int{}}
	f.run(t, map[string]jobs.Handler{"k": c.handle})
	if j := f.waitStatus(t, id, kefu.JobDone); j.Attempts != 2 {
		t.Errorf("attempts: got %d, want 2 (the abandoned one and the rerun)", j.Attempts)
	}
}

// TestRunnerHonoursChosenDelay: a handler's RetryAfter replaces the backoff, so a delivery can
// wait as long as its platform asked.
func TestRunnerHonoursChosenDelay(t *testing.T) {
	f := newFixture(t)
	id := f.insert(t, "k", 5)
	c := &counter{calls: map[string]int{}, failures: 1, err: jobs.RetryAfter(errors.New("rate limited"), time.Hour)}
	f.run(t, map[string]jobs.Handler{"k": c.handle})
	j := f.waitStatus(t, id, kefu.JobFailed)
	if wait := time.Until(j.RunAt); wait < 59*time.Minute || j.LastError != "rate limited" {
		t.Errorf("next run in %v with error %q, want about an hour (not the 50ms backoff) and %q", wait, j.LastError, "rate limited")
	}
}
