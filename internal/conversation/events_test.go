package conversation_test

import (
	"context"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/kefu/kefutest"
)

// TestEventsResume: an agent resumes from any retained position; one older than the oldest
// retained event must resync; cursor 0 is a fresh start and always allowed.
func TestEventsResume(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		w := e.mustWorld(t, false)
		ctx, agent := context.Background(), kefutest.AgentActor(w.agent)
		c := e.mustConversation(t, w, w.contact)
		for _, text := range []string{"one", "two", "three"} {
			e.mustSend(t, visitorActor(w, w.contact), c.ID, text)
		}
		pruned, err := e.svc.LatestCursor(ctx, agent)
		kefutest.Must(t, err)
		if pruned < 3 {
			t.Fatalf("fixture: latest cursor %d after three messages, want at least 3", pruned)
		}
		if n, err := e.svc.PruneEvents(ctx, time.Now().Add(time.Hour)); err != nil || n < 3 {
			t.Fatalf("PruneEvents: got %d, %v, want at least 3 deleted", n, err)
		}
		e.mustSend(t, visitorActor(w, w.contact), c.ID, "four")
		latest, err := e.svc.LatestCursor(ctx, agent)
		kefutest.Must(t, err)
		if latest <= pruned {
			t.Fatalf("latest cursor after pruning: got %d, want above %d (seqs never repeat)", latest, pruned)
		}

		tests := []struct {
			name       string
			after      int64
			wantResync bool
		}{
			{"fresh start", 0, false},
			{"from a pruned position", 1, true},
			{"from just before the last pruned event", pruned - 1, true},
			{"from the last pruned event", pruned, false},
			{"from the latest", latest, false},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				events, err := e.svc.Events(ctx, agent, tt.after, 100)
				if tt.wantResync {
					kefutest.WantCode(t, "Events", err, kefu.CodeResyncRequired)
					return
				}
				if err != nil {
					t.Fatalf("Events(%d): %v", tt.after, err)
				}
				for _, ev := range events {
					if ev.Seq <= tt.after || ev.OrgID != w.org.ID {
						t.Errorf("Events(%d): got event %d of org %s, want only this org's after the cursor", tt.after, ev.Seq, ev.OrgID)
					}
				}
				if tt.after < latest && (len(events) == 0 || events[len(events)-1].Seq != latest) {
					t.Errorf("Events(%d): got %d events, want them up to %d", tt.after, len(events), latest)
				}
			})
		}
	})
}

// TestEventsAreTheOrganisations: an agent never reads another organisation's events.
func TestEventsAreTheOrganisations(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		w := e.mustWorld(t, false)
		elsewhere := e.mustWorld(t, false)
		c := e.mustConversation(t, elsewhere, elsewhere.contact)
		e.mustSend(t, visitorActor(elsewhere, elsewhere.contact), c.ID, "secret")
		events, err := e.svc.Events(context.Background(), kefutest.AgentActor(w.owner), 0, 100)
		kefutest.Must(t, err)
		for _, ev := range events {
			if ev.OrgID != w.org.ID {
				t.Errorf("got an event of org %s, want only %s's", ev.OrgID, w.org.ID)
			}
		}
	})
}

// TestEventsResyncWhenAllPruned: a position older than the retained events must resync even
// when none are retained at all.
func TestEventsResyncWhenAllPruned(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		w := e.mustWorld(t, false)
		ctx, agent := context.Background(), kefutest.AgentActor(w.agent)
		c := e.mustConversation(t, w, w.contact)
		e.mustSend(t, visitorActor(w, w.contact), c.ID, "one")
		e.mustSend(t, visitorActor(w, w.contact), c.ID, "two")
		if _, err := e.svc.PruneEvents(ctx, time.Now().Add(time.Hour)); err != nil {
			t.Fatalf("PruneEvents: %v", err)
		}
		_, err := e.svc.Events(ctx, agent, 1, 100)
		kefutest.WantCode(t, "Events(1) with every event pruned", err, kefu.CodeResyncRequired)
	})
}
