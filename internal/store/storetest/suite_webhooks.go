package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/store"
)

func newWebhook(t *testing.T, s *store.Store, orgID string, enabled bool) *kefu.Webhook {
	t.Helper()
	w := &kefu.Webhook{OrgID: orgID, URL: "https://hooks.example.com/" + next("h"), Events: []string{"message.created"}, Enabled: enabled}
	must(t, s.CreateWebhook(context.Background(), w, "whsec_"+next("secret")))
	return w
}

func cursorOf(t *testing.T, s *store.Store, orgID string) (int64, bool) {
	t.Helper()
	cursors, err := s.WebhookCursors(context.Background())
	must(t, err)
	seq, ok := cursors[orgID]
	return seq, ok
}

// testWebhookCursor: an organisation has a dispatch cursor exactly while it has an enabled
// webhook, starting at its newest event; the cursor moves only from where it is, with its jobs.
func testWebhookCursor(t *testing.T, open func(t *testing.T) *store.Store) {
	ctx := context.Background()
	s := open(t)
	w := newWorld(t, s)
	if _, ok := cursorOf(t, s, w.org.ID); ok {
		t.Fatal("a cursor before any webhook")
	}
	disabled := newWebhook(t, s, w.org.ID, false)
	if _, ok := cursorOf(t, s, w.org.ID); ok {
		t.Fatal("a cursor with only a disabled webhook")
	}
	w.append(t, w.msg(kefu.SenderContact, kefu.KindText, "before"))
	disabled.Enabled = true
	must(t, s.UpdateWebhook(ctx, disabled))
	seq, ok := cursorOf(t, s, w.org.ID)
	if latest := latestEventSeq(t, s, w.org.ID); !ok || seq != latest {
		t.Fatalf("cursor after enabling: got %d (%v), want the newest event %d", seq, ok, latest)
	}
	w.append(t, w.msg(kefu.SenderContact, kefu.KindText, "after"))
	job := newJob(w.org.ID, disabled.ID)
	wantCode(t, "advancing from a stale position", s.AdvanceWebhookCursor(ctx, w.org.ID, seq-1, seq+1, []kefu.Job{*job}), kefu.CodeConflict)
	must(t, s.AdvanceWebhookCursor(ctx, w.org.ID, seq, seq+1, []kefu.Job{*job}))
	if got, _ := cursorOf(t, s, w.org.ID); got != seq+1 {
		t.Errorf("cursor after advancing: got %d, want %d", got, seq+1)
	}
	if jobs, err := s.ListJobs(ctx, w.org.ID, kefu.JobQuery{Ref: disabled.ID}); err != nil || len(jobs) != 1 {
		t.Errorf("jobs after one stale and one good advance: got %d (%v), want 1", len(jobs), err)
	}
	must(t, s.DeleteWebhook(ctx, w.org.ID, disabled.ID))
	if _, ok := cursorOf(t, s, w.org.ID); ok {
		t.Error("the cursor outlived the last enabled webhook")
	}
}

// testPruneKeepsUndispatched: event pruning keeps the events a webhook cursor has not passed.
func testPruneKeepsUndispatched(t *testing.T, open func(t *testing.T) *store.Store) {
	ctx := context.Background()
	s := open(t)
	w := newWorld(t, s)
	newWebhook(t, s, w.org.ID, true)
	from, _ := cursorOf(t, s, w.org.ID)
	w.append(t, w.msg(kefu.SenderContact, kefu.KindText, "one"))
	w.append(t, w.msg(kefu.SenderContact, kefu.KindText, "two"))
	_, err := s.PruneEvents(ctx, time.Now().Add(time.Hour))
	must(t, err)
	kept := listEvents(t, s, w.org.ID, from)
	if len(kept) != 2 {
		t.Fatalf("after pruning: %d undispatched events left, want 2", len(kept))
	}
	must(t, s.AdvanceWebhookCursor(ctx, w.org.ID, from, kept[0].Seq, nil))
	_, err = s.PruneEvents(ctx, time.Now().Add(time.Hour))
	must(t, err)
	if left := listEvents(t, s, w.org.ID, 0); len(left) != 1 || left[0].Seq != kept[1].Seq {
		t.Errorf("after dispatching one and pruning: got %s, want only seq %d", describe(left), kept[1].Seq)
	}
}

// testWebhookFailures: failures count up, a success resets the count, and reaching the limit
// disables the webhook with a reason and removes the cursor; a test ping counts for nothing.
func testWebhookFailures(t *testing.T, open func(t *testing.T) *store.Store) {
	ctx := context.Background()
	s := open(t)
	w := newWorld(t, s)
	hook := newWebhook(t, s, w.org.ID, true)
	policy := &kefu.WebhookFailurePolicy{MaxConsecutive: 3}
	attempt := func(errText string, p *kefu.WebhookFailurePolicy) bool {
		d := &kefu.WebhookAttempt{OrgID: w.org.ID, WebhookID: hook.ID, JobID: "j", EventType: "message.created", Attempt: 1, Error: errText}
		disabled, err := s.RecordWebhookAttempt(ctx, d, p)
		must(t, err)
		return disabled
	}
	for _, step := range []struct {
		err    string
		policy *kefu.WebhookFailurePolicy
		want   bool
	}{{"500", policy, false}, {"500", policy, false}, {"", policy, false}, {"500", policy, false}, {"500", nil, false}, {"500", policy, false}, {"500", policy, true}} {
		if got := attempt(step.err, step.policy); got != step.want {
			t.Fatalf("attempt %+v: disabled %v, want %v", step, got, step.want)
		}
	}
	got, err := s.GetWebhook(ctx, w.org.ID, hook.ID)
	must(t, err)
	if got.Enabled || got.DisabledReason == "" || got.DisabledAt == nil || got.ConsecutiveFailures != 3 {
		t.Errorf("after 3 failures in a row: got %+v, want disabled with a reason", got)
	}
	if _, ok := cursorOf(t, s, w.org.ID); ok {
		t.Error("a disabled webhook kept the cursor")
	}
	log, err := s.ListWebhookAttempts(ctx, w.org.ID, hook.ID, 0)
	must(t, err)
	if len(log) != 7 {
		t.Errorf("delivery log: %d attempts, want 7", len(log))
	}
	got.Enabled = true
	must(t, s.UpdateWebhook(ctx, got))
	if got, _ = s.GetWebhook(ctx, w.org.ID, hook.ID); !got.Enabled || got.ConsecutiveFailures != 0 || got.DisabledReason != "" {
		t.Errorf("after enabling again: got %+v, want enabled with the failures cleared", got)
	}
}

// testWebhookSecret: the secret is readable only by id within its organisation.
func testWebhookSecret(t *testing.T, open func(t *testing.T) *store.Store) {
	ctx := context.Background()
	s := open(t)
	w, other := newWorld(t, s), newWorld(t, s)
	hook := &kefu.Webhook{OrgID: w.org.ID, URL: "https://example.com/h", Events: []string{"message.created"}, Enabled: true}
	must(t, s.CreateWebhook(ctx, hook, "whsec_c2VjcmV0"))
	secret, err := s.WebhookSecret(ctx, w.org.ID, hook.ID)
	must(t, err)
	if secret != "whsec_c2VjcmV0" {
		t.Errorf("secret: got %q", secret)
	}
	_, err = s.WebhookSecret(ctx, other.org.ID, hook.ID)
	wantCode(t, "another organisation's secret", err, kefu.CodeNotFound)
	_, err = s.GetWebhook(ctx, other.org.ID, hook.ID)
	wantCode(t, "another organisation's webhook", err, kefu.CodeNotFound)
}

// testPreviousConversationStatus: the status a conversation had in its last event before a seq.
func testPreviousConversationStatus(t *testing.T, open func(t *testing.T) *store.Store) {
	ctx := context.Background()
	s := open(t)
	w := newWorld(t, s)
	for _, status := range []kefu.Status{kefu.StatusPending, kefu.StatusResolved} {
		_, err := s.UpdateConversation(ctx, w.org.ID, w.conv.ID, func(_ kefu.ConversationTx, c *kefu.Conversation) (*kefu.Message, error) {
			c.Status = status
			return nil, nil
		})
		must(t, err)
	}
	latest := latestEventSeq(t, s, w.org.ID)
	got, err := s.PreviousConversationStatus(ctx, w.org.ID, w.conv.ID, latest)
	must(t, err)
	if got != kefu.StatusPending {
		t.Errorf("status before the resolving event: got %q, want pending", got)
	}
	if got, _ := s.PreviousConversationStatus(ctx, w.org.ID, w.conv.ID, 1); got != "" {
		t.Errorf("status before the first event: got %q, want none", got)
	}
}
