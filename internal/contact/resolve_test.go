package contact_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/contact"
	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/kefu/kefutest"
	"github.com/kefu-dev/kefu/internal/store"
)

// TestResolveCreatesOnce: the first sighting of a channel identity creates its contact with
// the profile and the identity as given (verified or not), plus a verified e-mail identity for
// a verified sender's e-mail; later sightings return the same contact, update the profile
// fields they give, keep the others and move last-seen on.
func TestResolveCreatesOnce(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		w := e.mustWorld(t)
		ctx := context.Background()
		before := e.count(t, w)
		first, err := e.svc.Resolve(ctx, w.org.ID, kefu.ChannelWeb, "user:42", true, contact.Profile{
			Name: "Li Lei", Email: "Li.Lei@Example.com", Attributes: map[string]string{"plan": "pro"},
		})
		kefutest.Must(t, err)
		stored := e.stored(t, w, first.ID)
		if len(stored.Identities) != 2 {
			t.Fatalf("identities: got %+v, want the user and their verified e-mail", stored.Identities)
		}
		wantIdentity(t, stored, kefu.ChannelEmail, "li.lei@example.com", true)
		id := stored.Identities[slices.IndexFunc(stored.Identities, func(i kefu.Identity) bool { return i.Channel == kefu.ChannelWeb })]
		if id.Channel != kefu.ChannelWeb || id.ExternalID != "user:42" || !id.Verified || id.ContactID != first.ID {
			t.Errorf("identity: got %+v, want web user:42 verified, of the new contact", id)
		}
		if stored.Name != "Li Lei" || stored.Email != "li.lei@example.com" || stored.Attributes["plan"] != "pro" {
			t.Errorf("profile: got %q %q %v, want the given profile, email lower-cased", stored.Name, stored.Email, stored.Attributes)
		}
		if !sameInstant(stored.LastSeenAt, e.clock.Now()) {
			t.Errorf("last seen: got %v, want %v", stored.LastSeenAt, e.clock.Now())
		}

		e.clock.advance(time.Hour)
		again, err := e.svc.Resolve(ctx, w.org.ID, kefu.ChannelWeb, "user:42", true, contact.Profile{
			Phone: "+86 138 0013 8000", Attributes: map[string]string{"page": "/checkout"},
		})
		kefutest.Must(t, err)
		if again.ID != first.ID {
			t.Fatalf("second sighting: got contact %s, want the first one %s", again.ID, first.ID)
		}
		stored = e.stored(t, w, first.ID)
		if stored.Name != "Li Lei" || stored.Email != "li.lei@example.com" || stored.Phone != "+86 138 0013 8000" {
			t.Errorf("second sighting: got %q %q %q, want name and email kept, phone added", stored.Name, stored.Email, stored.Phone)
		}
		if stored.Attributes["plan"] != "pro" || stored.Attributes["page"] != "/checkout" {
			t.Errorf("second sighting: got attributes %v, want plan kept and page added", stored.Attributes)
		}
		if !sameInstant(stored.LastSeenAt, e.clock.Now()) {
			t.Errorf("second sighting: got last seen %v, want %v", stored.LastSeenAt, e.clock.Now())
		}
		if got := e.count(t, w) - before; got != 1 {
			t.Errorf("contacts created: got %d, want 1", got)
		}
	})
}

// TestResolveFindsByIdentityOnly: only (organisation, channel, external id) finds a contact;
// profile data never does, so typing someone's email reaches nothing of theirs.
func TestResolveFindsByIdentityOnly(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		w := e.mustWorld(t)
		elsewhere := e.mustWorld(t)
		ctx := context.Background()
		victim, err := e.svc.Resolve(ctx, w.org.ID, kefu.ChannelWeb, "user:42", true, contact.Profile{Email: "boss@example.com"})
		kefutest.Must(t, err)
		tests := []struct {
			name       string
			orgID      string
			externalID string
			verified   bool
		}{
			{"another identity claiming the same email", w.org.ID, "anon:abc", false},
			{"the same external id in another organisation", elsewhere.org.ID, "user:42", true},
			// The web channel gives unverified visitors ids of their own ("anon:..."); a claimed
			// user id alone is another identity.
			{"the bare user id", w.org.ID, "42", false},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, err := e.svc.Resolve(ctx, tt.orgID, kefu.ChannelWeb, tt.externalID, tt.verified, contact.Profile{Email: "boss@example.com"})
				kefutest.Must(t, err)
				if got.ID == victim.ID {
					t.Fatalf("got the existing contact %s, want a new one", got.ID)
				}
				if got.OrgID != tt.orgID || got.Identities[0].Verified != tt.verified {
					t.Errorf("got org %s identities %+v, want org %s with one identity verified=%v", got.OrgID, got.Identities, tt.orgID, tt.verified)
				}
			})
		}
		// The other organisation's signed user is a contact of its own there.
		if s := e.stored(t, w, victim.ID); len(s.Identities) != 2 || !s.Identities[0].Verified || !s.Identities[1].Verified {
			t.Errorf("existing contact: got identities %+v, want its verified user and e-mail only", s.Identities)
		}
	})
}

// TestResolveRefusesBadProfile: a profile that fails validation creates nothing on a first
// sighting and changes nothing on a later one.
func TestResolveRefusesBadProfile(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		w := e.mustWorld(t)
		ctx := context.Background()
		before := e.count(t, w)
		_, err := e.svc.Resolve(ctx, w.org.ID, kefu.ChannelWeb, "anon:new", false, contact.Profile{Email: "not an email"})
		kefutest.WantField(t, "first sighting", err, "email")
		if got := e.count(t, w) - before; got != 0 {
			t.Errorf("contacts created by a refused first sighting: got %d, want 0", got)
		}

		known, err := e.svc.Resolve(ctx, w.org.ID, kefu.ChannelWeb, "anon:known", false, contact.Profile{Name: "Known"})
		kefutest.Must(t, err)
		_, err = e.svc.Resolve(ctx, w.org.ID, kefu.ChannelWeb, "anon:known", false, contact.Profile{Name: "Changed", Phone: "call me"})
		kefutest.WantField(t, "later sighting", err, "phone")
		if s := e.stored(t, w, known.ID); s.Name != "Known" || s.Phone != "" {
			t.Errorf("after a refused sighting: got %q %q, want the profile unchanged", s.Name, s.Phone)
		}
	})
}

// TestResolveRaceUsesTheWinner: when another request creates the same identity between the
// look-up and the create, Resolve returns that contact instead of failing or duplicating it.
func TestResolveRaceUsesTheWinner(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		w := e.mustWorld(t)
		ctx := context.Background()
		winner, err := e.svc.Resolve(ctx, w.org.ID, kefu.ChannelWeb, "anon:race", false, contact.Profile{Name: "Winner"})
		kefutest.Must(t, err)
		before := e.count(t, w)
		late := contact.New(&missOnce{Store: e.st}, nil, e.clock.Now)
		got, err := late.Resolve(ctx, w.org.ID, kefu.ChannelWeb, "anon:race", false, contact.Profile{Name: "Loser"})
		kefutest.Must(t, err)
		if got.ID != winner.ID {
			t.Errorf("got contact %s, want the winner's %s", got.ID, winner.ID)
		}
		if n := e.count(t, w) - before; n != 0 {
			t.Errorf("contacts created: got %d, want 0", n)
		}
	})
}

// missOnce is the real store whose first identity look-up misses, as when the identity is
// created by another request just after it.
type missOnce struct {
	*store.Store
	missed bool
}

func (m *missOnce) FindContactByExactIdentity(ctx context.Context, orgID string, ch kefu.ChannelType, externalID string, verified bool) (*kefu.Contact, error) {
	if !m.missed {
		m.missed = true
		return nil, kefu.ErrNotFound
	}
	return m.Store.FindContactByExactIdentity(ctx, orgID, ch, externalID, verified)
}

func sameInstant(got *time.Time, want time.Time) bool {
	return got != nil && got.Sub(want).Abs() < time.Millisecond
}
