package contact_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/kefu-dev/kefu/internal/contact"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// TestResolveConcurrentFirstSightings: several requests seeing a new identity at once (a
// visitor's tabs opening together, a platform retrying) all get the one contact. The writer
// batches their inserts; the ones that lose learn so only after the winner committed, so the
// lookup that follows their conflict finds it (it found nothing in about 1 % of rounds before).
func TestResolveConcurrentFirstSightings(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		w := e.mustWorld(t)
		for round := range 150 {
			ids := resolveTogether(t, e, w.org.ID, fmt.Sprintf("anon:race-%d", round), 8)
			for i, id := range ids {
				if id != ids[0] {
					t.Fatalf("round %d: request %d got contact %q, want every request to get %q", round, i, id, ids[0])
				}
			}
		}
	})
}

// resolveTogether resolves externalID from n goroutines at once and returns the contact ids.
func resolveTogether(t *testing.T, e *env, orgID, externalID string, n int) []string {
	t.Helper()
	ids, errs := make([]string, n), make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			c, err := e.svc.Resolve(context.Background(), orgID, kefu.ChannelWeb, externalID, false, contact.Profile{})
			if errs[i] = err; err == nil {
				ids[i] = c.ID
			}
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("request %d for %s: %v", i, externalID, err)
		}
	}
	return ids
}

// TestResolveConcurrentLinkedIdentity: one person writing to two WeChat accounts at once
// arrives as two OpenIDs with one UnionID. Whichever request creates the contact first, the
// other's insert conflicts on the UnionID and must join that contact, not fail.
func TestResolveConcurrentLinkedIdentity(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		w := e.mustWorld(t)
		for round := range 40 {
			union := []kefu.Identity{{Channel: kefu.IdentityWeChatUnion, ExternalID: fmt.Sprintf("union-%d", round)}}
			ids, errs := make([]string, 4), make([]error, 4)
			var wg sync.WaitGroup
			for i := range 4 {
				wg.Go(func() {
					open := fmt.Sprintf("wx%016d:open-%d-%d", i, round, i)
					c, err := e.svc.Resolve(context.Background(), w.org.ID, kefu.ChannelWeChat, open, true, contact.Profile{Linked: union})
					if errs[i] = err; err == nil {
						ids[i] = c.ID
					}
				})
			}
			wg.Wait()
			for i := range ids {
				if errs[i] != nil || ids[i] != ids[0] {
					t.Fatalf("round %d: request %d got contact %q (err %v), want every account's sender on %q", round, i, ids[i], errs[i], ids[0])
				}
			}
		}
	})
}
