package storetest

import (
	"context"
	"slices"
	"sync"
	"testing"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/store"
)

// receiveJob is the job kind the staging tests ask for.
const receiveJob = "test.receive_staged"

// items makes staged messages whose payload names their id.
func items(ids ...string) []kefu.StagedInbound {
	out := make([]kefu.StagedInbound, len(ids))
	for i, id := range ids {
		out[i] = kefu.StagedInbound{MsgID: id, Payload: []byte(`{"msgid":"` + id + `"}`)}
	}
	return out
}

// stage calls StageInbound for w's inbox and checks what it reports.
func stage(t *testing.T, w *world, page []kefu.StagedInbound, from, to string, wantStaged int, wantMoved bool) {
	t.Helper()
	n, moved, err := w.s.StageInbound(context.Background(), w.org.ID, w.inbox.ID, page, "sync_msg", from, to, receiveJob)
	if err != nil || n != wantStaged || moved != wantMoved {
		t.Fatalf("stage %q→%q = %d, %v, %v; want %d staged, moved %v", from, to, n, moved, err, wantStaged, wantMoved)
	}
}

// stagedIDs returns the msg ids staged for w's inbox, in receiving order, checking that their
// seqs rise and their payloads came back.
func stagedIDs(t *testing.T, w *world) []string {
	t.Helper()
	got, err := w.s.StagedInbound(context.Background(), w.inbox.ID, 100)
	must(t, err)
	ids := []string{}
	for i, m := range got {
		if (i > 0 && m.Seq <= got[i-1].Seq) || m.InboxID != w.inbox.ID || string(m.Payload) != `{"msgid":"`+m.MsgID+`"}` || m.StagedAt.IsZero() {
			t.Errorf("staged row %d = %+v: want rising seqs, its inbox, its payload and a time", i, m)
		}
		ids = append(ids, m.MsgID)
	}
	return ids
}

// wantCursor checks the stored sync_msg cursor of w's inbox.
func wantCursor(t *testing.T, w *world, want string) {
	t.Helper()
	got, err := w.s.InboundCursor(context.Background(), w.inbox.ID, "sync_msg")
	if err != nil || got != want {
		t.Errorf("cursor = %q, %v; want %q", got, err, want)
	}
}

// receiveJobs counts the receive jobs of w's inbox.
func receiveJobs(t *testing.T, w *world) int {
	t.Helper()
	jobs, err := w.s.ListJobs(context.Background(), w.org.ID, kefu.JobQuery{Ref: w.inbox.ID, Limit: 200})
	must(t, err)
	n := 0
	for _, j := range jobs {
		if j.Kind == receiveJob && j.Status == kefu.JobPending {
			n++
		}
	}
	return n
}

// testStagingCursor: a page moves the cursor and stages its messages in order with one receive
// job; a page pulled from a stale cursor stages nothing, adds no job and leaves the cursor; the
// next page stages only the messages not seen yet; a page of seen messages adds no job.
func testStagingCursor(t *testing.T, open func(t *testing.T) *store.Store) {
	w := newWorld(t, open(t))
	wantCursor(t, w, "")
	stage(t, w, items("m3", "m1", "m2"), "", "c1", 3, true)
	wantCursor(t, w, "c1")
	stage(t, w, items("m9"), "", "c1-other", 0, false)
	stage(t, w, items("m9"), "c0", "c1-other", 0, false)
	wantCursor(t, w, "c1")
	stage(t, w, items("m2", "m4", "m1", "m5"), "c1", "c2", 2, true)
	stage(t, w, items("m4", "m5"), "c2", "c3", 0, true)
	wantCursor(t, w, "c3")
	if got, want := stagedIDs(t, w), []string{"m3", "m1", "m2", "m4", "m5"}; !slices.Equal(got, want) {
		t.Errorf("staged = %v, want %v (pull order, m9 never)", got, want)
	}
	if n := receiveJobs(t, w); n != 2 {
		t.Errorf("receive jobs = %d, want 2 (one per page that staged something)", n)
	}
}

// testStagingRace: workers pulling the same page at once from the same cursor: exactly one
// moves it and stages the page, once.
func testStagingRace(t *testing.T, open func(t *testing.T) *store.Store) {
	w := newWorld(t, open(t))
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		moves int
	)
	for i := range 6 {
		wg.Go(func() {
			to := "next-" + string(rune('a'+i))
			_, moved, err := w.s.StageInbound(context.Background(), w.org.ID, w.inbox.ID, items("r1", "r2"), "sync_msg", "", to, receiveJob)
			must(t, err)
			mu.Lock()
			defer mu.Unlock()
			if moved {
				moves++
			}
		})
	}
	wg.Wait()
	if got := stagedIDs(t, w); moves != 1 || !slices.Equal(got, []string{"r1", "r2"}) || receiveJobs(t, w) != 1 {
		t.Errorf("6 racing pulls: %d moved the cursor, staged %v, %d jobs; want 1, [r1 r2], 1", moves, got, receiveJobs(t, w))
	}
}

// testStagingDedupe: a received (deleted) message pulled again is not staged again, with or
// without a cursor; a page staged without a cursor name moves nothing and can ask for no job;
// deleting a row twice is no error; the limit bounds a read.
func testStagingDedupe(t *testing.T, open func(t *testing.T) *store.Store) {
	ctx := context.Background()
	w := newWorld(t, open(t))
	n, moved, err := w.s.StageInbound(ctx, w.org.ID, w.inbox.ID, items("d1", "d2", "d1"), "", "", "", "")
	if err != nil || n != 2 || !moved {
		t.Fatalf("stage without cursor = %d, %v, %v; want 2 staged (d1 once), moved", n, moved, err)
	}
	first, err := w.s.StagedInbound(ctx, w.inbox.ID, 1)
	if err != nil || len(first) != 1 || first[0].MsgID != "d1" {
		t.Fatalf("first staged = %+v, %v; want d1 alone", first, err)
	}
	must(t, w.s.DeleteStagedInbound(ctx, w.inbox.ID, first[0].Seq))
	must(t, w.s.DeleteStagedInbound(ctx, w.inbox.ID, first[0].Seq))
	stage(t, w, items("d1", "d3"), "", "c1", 1, true)
	if got := stagedIDs(t, w); !slices.Equal(got, []string{"d2", "d3"}) {
		t.Errorf("staged after re-pulling a received message = %v, want [d2 d3]", got)
	}
	wantCursor(t, w, "c1")
	if n := receiveJobs(t, w); n != 1 {
		t.Errorf("receive jobs = %d, want 1 (the staging without a job kind asked for none)", n)
	}
}

// testStagingIsolation: staged rows, cursors and jobs belong to their inbox; an inbox cannot be
// staged under another organisation; a deleted inbox takes its staged rows, cursors and
// nonces with it; bad input is refused.
func testStagingIsolation(t *testing.T, open func(t *testing.T) *store.Store) {
	ctx := context.Background()
	s := open(t)
	a, b := newWorld(t, s), newWorld(t, s)
	stage(t, a, items("x1"), "", "a1", 1, true)
	stage(t, b, items("x1"), "", "b1", 1, true) // the same msg id in another inbox is another message
	wantCursor(t, a, "a1")
	wantCursor(t, b, "b1")
	_, _, err := s.StageInbound(ctx, b.org.ID, a.inbox.ID, items("x2"), "sync_msg", "a1", "a2", receiveJob)
	wantCode(t, "staging an inbox under another organisation", err, kefu.CodeNotFound)
	wantCursor(t, a, "a1")
	if got := stagedIDs(t, a); !slices.Equal(got, []string{"x1"}) || receiveJobs(t, b) != 1 {
		t.Errorf("a's staged = %v and b's jobs = %d after the refused call; want [x1], 1", got, receiveJobs(t, b))
	}
	_, err = s.RecordCallbackNonce(ctx, a.inbox.ID, "n", "h", a.conv.CreatedAt)
	must(t, err)
	must(t, s.DeleteInbox(ctx, a.org.ID, a.inbox.ID))
	wantCursor(t, a, "")
	if got := stagedIDs(t, a); len(got) != 0 {
		t.Errorf("staged rows of a deleted inbox = %v, want none", got)
	}
	if got := stagedIDs(t, b); !slices.Equal(got, []string{"x1"}) {
		t.Errorf("b's staged rows after a's inbox went = %v, want [x1]", got)
	}
	_, _, err = s.StageInbound(ctx, a.org.ID, a.inbox.ID, items("x3"), "", "", "", "")
	wantCode(t, "staging a deleted inbox", err, kefu.CodeNotFound)
	_, _, err = s.StageInbound(ctx, b.org.ID, b.inbox.ID, items(""), "", "", "", "")
	wantCode(t, "a message without an id", err, kefu.CodeInvalid)
	_, _, err = s.StageInbound(ctx, b.org.ID, b.inbox.ID, items("x4"), "sync_msg", "b1", "", "")
	wantCode(t, "moving a cursor to none", err, kefu.CodeInvalid)
	_, err = s.StagedInbound(ctx, b.inbox.ID, 0)
	wantCode(t, "a read of no rows", err, kefu.CodeInvalid)
}
