package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/store"
)

// testCallbackNonces: a nonce's first sighting is no replay; the same nonce with the same body
// is the platform's retry; with another body it is a replay; nonces are per inbox; a nonce
// older than the window is forgotten as newer ones are written; an unknown inbox is not found.
func testCallbackNonces(t *testing.T, open func(t *testing.T) *store.Store) {
	ctx := context.Background()
	s := open(t)
	a, b := newWorld(t, s), newWorld(t, s)
	t0 := time.Now().UTC().Truncate(time.Microsecond)
	record := func(inboxID, nonce, hash string, at time.Time, want bool) {
		t.Helper()
		replayed, err := s.RecordCallbackNonce(ctx, inboxID, nonce, hash, at)
		if err != nil || replayed != want {
			t.Errorf("nonce %s (body %s) at +%v = %v, %v; want replayed %v", nonce, hash, at.Sub(t0), replayed, err, want)
		}
	}
	record(a.inbox.ID, "n1", "h1", t0, false)
	record(a.inbox.ID, "n1", "h1", t0.Add(time.Second), false) // the platform's retry
	record(a.inbox.ID, "n1", "h2", t0.Add(2*time.Second), true)
	record(b.inbox.ID, "n1", "h2", t0, false) // another inbox's nonces are its own
	record(a.inbox.ID, "n1", "h2", t0.Add(9*time.Minute), true)
	record(a.inbox.ID, "n2", "h1", t0.Add(11*time.Minute), false) // prunes n1 (seen at t0)
	record(a.inbox.ID, "n1", "h3", t0.Add(11*time.Minute), false)
	record(b.inbox.ID, "n1", "h3", t0.Add(time.Minute), true) // b's n1 was not pruned by a's write
	_, err := s.RecordCallbackNonce(ctx, "no-such-inbox", "n1", "h1", t0)
	wantCode(t, "a nonce of a missing inbox", err, kefu.CodeNotFound)
	_, err = s.RecordCallbackNonce(ctx, a.inbox.ID, "", "h1", t0)
	wantCode(t, "an empty nonce", err, kefu.CodeInvalid)
}
