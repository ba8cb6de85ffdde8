package storetest

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/store"
)

func newJob(orgID, ref string) *kefu.Job {
	return &kefu.Job{OrgID: orgID, Kind: "test.kind", Ref: ref, Payload: []byte(`{"n":1}`), MaxAttempts: 3}
}

// testJobLifecycle: a job is claimed once with its attempt counted, a failed attempt waits for
// its retry time, and the outcome of an attempt that lost its lease is dropped.
func testJobLifecycle(t *testing.T, open func(t *testing.T) *store.Store) {
	ctx := context.Background()
	s := open(t)
	w := newWorld(t, s)
	j := newJob(w.org.ID, "r1")
	must(t, s.InsertJob(ctx, j))
	now := time.Now()
	claimed, err := s.ClaimJobs(ctx, now, time.Minute, 10)
	must(t, err)
	if len(claimed) != 1 || claimed[0].ID != j.ID || claimed[0].Attempts != 1 || claimed[0].Status != kefu.JobRunning {
		t.Fatalf("first claim: got %+v, want the job running its first attempt", claimed)
	}
	if again, _ := s.ClaimJobs(ctx, now, time.Minute, 10); len(again) != 0 {
		t.Fatalf("a leased job was claimed again: %+v", again)
	}
	must(t, s.FinishJob(ctx, kefu.JobOutcome{ID: j.ID, Attempt: 1, Status: kefu.JobFailed, RunAt: now.Add(time.Hour), Error: "boom"}))
	if early, _ := s.ClaimJobs(ctx, now.Add(time.Minute), time.Minute, 10); len(early) != 0 {
		t.Fatalf("a failed job was claimed before its retry time: %+v", early)
	}
	late, err := s.ClaimJobs(ctx, now.Add(2*time.Hour), time.Minute, 10)
	must(t, err)
	if len(late) != 1 || late[0].Attempts != 2 || late[0].LastError != "boom" {
		t.Fatalf("claim after the retry time: got %+v, want attempt 2 with the last error", late)
	}
	// The lease runs out and another worker takes attempt 3; attempt 2's outcome is stale.
	taken, err := s.ClaimJobs(ctx, now.Add(3*time.Hour), time.Minute, 10)
	must(t, err)
	if len(taken) != 1 || taken[0].Attempts != 3 {
		t.Fatalf("claim after the lease ran out: got %+v, want attempt 3", taken)
	}
	wantCode(t, "finishing a lost attempt", s.FinishJob(ctx, kefu.JobOutcome{ID: j.ID, Attempt: 2, Status: kefu.JobDone}), kefu.CodeNotFound)
	must(t, s.FinishJob(ctx, kefu.JobOutcome{ID: j.ID, Attempt: 3, Status: kefu.JobDead, Error: "gave up"}))
	got, err := s.GetJob(ctx, w.org.ID, j.ID)
	must(t, err)
	if got.Status != kefu.JobDead || got.Attempts != 3 || got.LeaseUntil != nil {
		t.Errorf("after the last attempt: got %+v, want dead after 3 attempts, no lease", got)
	}
}

// testJobRetryAndList: an admin's retry makes a dead job due again with attempts afresh, but
// not a running one; lists filter by status and ref within the organisation only.
func testJobRetryAndList(t *testing.T, open func(t *testing.T) *store.Store) {
	ctx := context.Background()
	s := open(t)
	w, other := newWorld(t, s), newWorld(t, s)
	a, b := newJob(w.org.ID, "ra"), newJob(w.org.ID, "rb")
	must(t, s.InsertJob(ctx, a))
	must(t, s.InsertJob(ctx, b))
	must(t, s.InsertJob(ctx, newJob(other.org.ID, "ra")))
	claimed, err := s.ClaimJobs(ctx, time.Now(), time.Minute, 10)
	must(t, err)
	if len(claimed) != 3 {
		t.Fatalf("claimed %d jobs, want 3", len(claimed))
	}
	wantCode(t, "retrying a running job", s.RetryJob(ctx, w.org.ID, a.ID), kefu.CodeConflict)
	must(t, s.FinishJob(ctx, kefu.JobOutcome{ID: a.ID, Attempt: 1, Status: kefu.JobDead, Error: "x"}))
	wantCode(t, "retrying another organisation's job", s.RetryJob(ctx, other.org.ID, a.ID), kefu.CodeNotFound)
	must(t, s.RetryJob(ctx, w.org.ID, a.ID))
	got, err := s.GetJob(ctx, w.org.ID, a.ID)
	must(t, err)
	if got.Status != kefu.JobPending || got.Attempts != 0 || got.LastError != "" {
		t.Errorf("after a retry: got %+v, want pending with no attempts and no error", got)
	}
	for _, tc := range []struct {
		q    kefu.JobQuery
		want int
	}{{kefu.JobQuery{}, 2}, {kefu.JobQuery{Status: kefu.JobRunning}, 1}, {kefu.JobQuery{Ref: "ra"}, 1}, {kefu.JobQuery{Status: kefu.JobDone}, 0}} {
		list, err := s.ListJobs(ctx, w.org.ID, tc.q)
		must(t, err)
		if len(list) != tc.want {
			t.Errorf("ListJobs(%+v): got %d jobs, want %d", tc.q, len(list), tc.want)
		}
	}
}

// testSharedJobs: two stores on one database (two nodes) claiming at once never take the same
// job, and between them take every one.
func testSharedJobs(t *testing.T, a, b *store.Store) {
	ctx := context.Background()
	w := newWorld(t, a)
	const jobs = 60
	for range jobs {
		must(t, a.InsertJob(ctx, newJob(w.org.ID, "")))
	}
	var (
		mu     sync.Mutex
		counts = map[string]int{}
		wg     sync.WaitGroup
	)
	for _, s := range []*store.Store{a, b, a, b} {
		wg.Go(func() {
			for {
				got, err := s.ClaimJobs(ctx, time.Now(), time.Minute, 3)
				if err != nil || len(got) == 0 {
					return
				}
				mu.Lock()
				for _, j := range got {
					counts[j.ID]++
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if len(counts) != jobs {
		t.Errorf("claimed %d distinct jobs, want %d", len(counts), jobs)
	}
	for id, n := range counts {
		if n != 1 {
			t.Errorf("job %s claimed %d times", id, n)
		}
	}
}
