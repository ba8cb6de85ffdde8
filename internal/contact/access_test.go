package contact_test

import (
	"context"
	"testing"

	"github.com/kefu-dev/kefu/internal/contact"
	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/kefu/kefutest"
)

// TestAgentReadsAndEditsOnlyTheirOrganisation: Get and Update answer "not found" for anyone
// but an agent of the contact's organisation — another organisation's agent, any visitor (even
// the contact themselves), a malformed or unknown id — and change nothing.
func TestAgentReadsAndEditsOnlyTheirOrganisation(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		w := e.mustWorld(t)
		elsewhere := e.mustWorld(t)
		ctx := context.Background()
		tests := []struct {
			name     string
			actor    kefu.Actor
			id       string
			wantCode kefu.Code
		}{
			{"agent of the organisation", kefutest.AgentActor(w.agent), w.contact.ID, ""},
			{"owner of the organisation", kefutest.AgentActor(w.owner), w.contact.ID, ""},
			{"agent of another organisation", kefutest.AgentActor(elsewhere.agent), w.contact.ID, kefu.CodeNotFound},
			{"owner of another organisation", kefutest.AgentActor(elsewhere.owner), w.contact.ID, kefu.CodeNotFound},
			{"the contact as a visitor", visitorActor(w, w.contact), w.contact.ID, kefu.CodeNotFound},
			{"zero actor", kefu.Actor{OrgID: w.org.ID}, w.contact.ID, kefu.CodeNotFound},
			{"malformed id", kefutest.AgentActor(w.agent), "ming", kefu.CodeNotFound},
			{"unknown id", kefutest.AgentActor(w.agent), "00000000-0000-4000-8000-000000000000", kefu.CodeNotFound},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, err := e.svc.Get(ctx, tt.actor, tt.id)
				kefutest.WantCode(t, "Get", err, tt.wantCode)
				if err == nil && got.ID != w.contact.ID {
					t.Errorf("Get: got contact %s, want %s", got.ID, w.contact.ID)
				}
				_, err = e.svc.Update(ctx, tt.actor, tt.id, contact.Patch{Phone: ptr("+86 138 0013 8000")})
				kefutest.WantCode(t, "Update", err, tt.wantCode)
				phone := e.stored(t, w, w.contact.ID).Phone
				if tt.wantCode != "" && phone != "" {
					t.Errorf("refused Update: got phone %q stored, want none", phone)
				}
				kefutest.Must(t, e.st.UpdateContact(ctx, &kefu.Contact{OrgID: w.org.ID, ID: w.contact.ID, Name: w.contact.Name, Email: w.contact.Email}))
			})
		}
	})
}

// TestListIsTheOrganisations: agents search their own organisation only; visitors cannot list.
func TestListIsTheOrganisations(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		w := e.mustWorld(t)
		elsewhere := e.mustWorld(t)
		ctx := context.Background()
		for _, q := range []kefu.ContactQuery{{}, {Search: "ming"}} {
			got, _, err := e.svc.List(ctx, kefutest.AgentActor(w.agent), q)
			kefutest.Must(t, err)
			if len(got) != 1 || got[0].ID != w.contact.ID {
				t.Errorf("List(%+v): got %d contacts, want only %s", q, len(got), w.contact.ID)
			}
		}
		_, _, err := e.svc.List(ctx, visitorActor(w, w.contact), kefu.ContactQuery{})
		kefutest.WantCode(t, "visitor List", err, kefu.CodeNotFound)
		got, _, err := e.svc.List(ctx, kefutest.AgentActor(elsewhere.agent), kefu.ContactQuery{Search: "ming"})
		kefutest.Must(t, err)
		for _, c := range got {
			if c.OrgID != elsewhere.org.ID {
				t.Errorf("List for another organisation's agent: got contact of %s, want only %s's", c.OrgID, elsewhere.org.ID)
			}
		}
	})
}

// TestUpdateEditsValidatedProfile: an agent's edit is validated and normalised before it is
// stored, and a refused edit stores nothing.
func TestUpdateEditsValidatedProfile(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		w := e.mustWorld(t)
		ctx := context.Background()
		_, err := e.svc.Update(ctx, kefutest.AgentActor(w.agent), w.contact.ID, contact.Patch{Name: ptr("Someone else"), Email: ptr("not an email")})
		kefutest.WantField(t, "bad email", err, "email")
		if got := e.stored(t, w, w.contact.ID); got.Name != "王小明" || got.Email != "ming@example.com" {
			t.Errorf("after a refused edit: got %q %q, want the profile unchanged", got.Name, got.Email)
		}
		got, err := e.svc.Update(ctx, kefutest.AgentActor(w.agent), w.contact.ID,
			contact.Patch{Email: ptr(" Ming.Wang@Example.com "), Attributes: map[string]string{"plan": "pro"}})
		kefutest.Must(t, err)
		stored := e.stored(t, w, w.contact.ID)
		if got.Email != "ming.wang@example.com" || stored.Email != got.Email || stored.Name != "王小明" || stored.Attributes["plan"] != "pro" {
			t.Errorf("after an edit: got %q %q %v stored, want the new email lower-cased, name kept, plan=pro",
				stored.Name, stored.Email, stored.Attributes)
		}
	})
}

// TestUpdateOwnTouchesOnlyTheVisitorsContact: a visitor edits the contact their token names and
// no other; agents use Update instead.
func TestUpdateOwnTouchesOnlyTheVisitorsContact(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		w := e.mustWorld(t)
		other := e.mustContact(t, w, "Other", "other@example.com")
		elsewhere := e.mustWorld(t)
		ctx := context.Background()

		got, err := e.svc.UpdateOwn(ctx, visitorActor(w, w.contact), contact.Patch{Name: ptr("Ming"), Attributes: map[string]string{"page": "/pricing"}})
		kefutest.Must(t, err)
		if got.ID != w.contact.ID {
			t.Fatalf("UpdateOwn: got contact %s, want the visitor's own %s", got.ID, w.contact.ID)
		}
		if s := e.stored(t, w, w.contact.ID); s.Name != "Ming" || s.Attributes["page"] != "/pricing" {
			t.Errorf("own contact: got %q %v, want the edit stored", s.Name, s.Attributes)
		}
		if s := e.stored(t, w, other.ID); s.Name != "Other" || len(s.Attributes) != 0 {
			t.Errorf("other contact: got %q %v, want it untouched", s.Name, s.Attributes)
		}

		_, err = e.svc.UpdateOwn(ctx, kefutest.AgentActor(w.agent), contact.Patch{Name: ptr("x")})
		kefutest.WantCode(t, "agent UpdateOwn", err, kefu.CodeNotFound)
		// A token whose contact is not of its organisation reaches nothing.
		mixed := visitorActor(elsewhere, w.contact)
		_, err = e.svc.UpdateOwn(ctx, mixed, contact.Patch{Name: ptr("x")})
		kefutest.WantCode(t, "visitor of another organisation", err, kefu.CodeNotFound)
		_, err = e.svc.UpdateOwn(ctx, visitorActor(w, w.contact), contact.Patch{Phone: ptr("call me")})
		kefutest.WantField(t, "bad phone", err, "phone")
		if s := e.stored(t, w, w.contact.ID); s.Name != "Ming" || s.Phone != "" {
			t.Errorf("after refused edits: got %q phone %q, want name Ming and no phone", s.Name, s.Phone)
		}
	})
}
