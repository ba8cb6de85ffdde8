package contact_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/contact"
	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/kefu/kefutest"
	"github.com/kefu-dev/kefu/internal/store"
)

// TestVerifiedIdentifiersJoin: a signed user's e-mail becomes a verified identity, and another
// signed user id with the same verified e-mail, or a mail from a mailbox the inbox trusts,
// resolves to the same contact.
func TestVerifiedIdentifiersJoin(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		w := e.mustWorld(t)
		ctx := context.Background()
		first, err := e.svc.Resolve(ctx, w.org.ID, kefu.ChannelWeb, "user:1", true, contact.Profile{Email: "Li@Example.com", Phone: "+86 138-0013-8000"})
		kefutest.Must(t, err)
		wantIdentity(t, first, kefu.ChannelEmail, "li@example.com", true)
		wantIdentity(t, first, kefu.IdentityPhone, "+8613800138000", true)
		second, err := e.svc.Resolve(ctx, w.org.ID, kefu.ChannelWeb, "user:app-2", true, contact.Profile{Email: "li@example.com"})
		kefutest.Must(t, err)
		mail, err := e.svc.Resolve(ctx, w.org.ID, kefu.ChannelEmail, "li@example.com", true, contact.Profile{})
		kefutest.Must(t, err)
		if second.ID != first.ID || mail.ID != first.ID {
			t.Fatalf("got contacts %s and %s, want both joined to %s", second.ID, mail.ID, first.ID)
		}
		wantIdentity(t, e.stored(t, w, first.ID), kefu.ChannelWeb, "user:app-2", true)
	})
}

// TestUnverifiedMatchIsASuggestion: a mail from an address a signed user has, in an inbox that
// does not trust senders, opens its own contact; both list the other as a merge suggestion
// (same email) until an agent dismisses it.
func TestUnverifiedMatchIsASuggestion(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		w := e.mustWorld(t)
		ctx := context.Background()
		agent := kefutest.AgentActor(w.owner)
		signed, err := e.svc.Resolve(ctx, w.org.ID, kefu.ChannelWeb, "user:9", true, contact.Profile{Email: "zhao@example.com"})
		kefutest.Must(t, err)
		mail, err := e.svc.Resolve(ctx, w.org.ID, kefu.ChannelEmail, "zhao@example.com", false, contact.Profile{Name: "Zhao"})
		kefutest.Must(t, err)
		if mail.ID == signed.ID {
			t.Fatal("an unverified sender joined the verified contact")
		}
		wantSuggestion(t, e, agent, signed.ID, mail.ID, kefu.SuggestSameEmail)
		wantSuggestion(t, e, agent, mail.ID, signed.ID, kefu.SuggestSameEmail)
		kefutest.Must(t, e.svc.DismissSuggestion(ctx, agent, mail.ID, signed.ID))
		for _, id := range []string{signed.ID, mail.ID} {
			sg, err := e.svc.Suggestions(ctx, agent, id)
			kefutest.Must(t, err)
			if len(sg) != 0 {
				t.Errorf("after dismissing: got suggestions %+v, want none", sg)
			}
		}
	})
}

// TestMergeUnmergeRoundTrip: a merge moves identities, conversations and missing profile
// values; a new sighting of either identity lands with the kept contact; unmerge restores both
// contacts exactly, and a conversation started between merge and unmerge goes with the
// contact whose channel identity it came through. Undoing twice is a conflict.
func TestMergeUnmergeRoundTrip(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		w := e.mustWorld(t)
		ctx := context.Background()
		agent := kefutest.AgentActor(w.owner)
		mailInbox := &kefu.Inbox{OrgID: w.org.ID, Name: "Mail", Channel: kefu.ChannelEmail, WidgetKey: unique("wk")}
		kefutest.Must(t, e.st.CreateInbox(ctx, mailInbox))
		web, err := e.svc.Resolve(ctx, w.org.ID, kefu.ChannelWeb, "anon:w1", false, contact.Profile{Name: "Web Li", Attributes: map[string]string{"plan": "free"}})
		kefutest.Must(t, err)
		mail, err := e.svc.Resolve(ctx, w.org.ID, kefu.ChannelEmail, "li@example.com", false,
			contact.Profile{Name: "Li Mail", Email: "li@example.com", Attributes: map[string]string{"plan": "pro", "city": "杭州"}})
		kefutest.Must(t, err)
		webBefore, mailBefore := e.stored(t, w, web.ID), e.stored(t, w, mail.ID)
		webConv := e.conversation(t, w, w.inbox, web)
		mailConv := e.conversation(t, w, mailInbox, mail)

		m, err := e.svc.Merge(ctx, agent, web.ID, mail.ID)
		kefutest.Must(t, err)
		kept := e.stored(t, w, web.ID)
		if kept.Name != "Web Li" || kept.Email != "li@example.com" || kept.Attributes["plan"] != "free" || kept.Attributes["city"] != "杭州" {
			t.Errorf("kept profile: got %+v, want its own values kept and the empty ones filled", kept)
		}
		wantIdentities(t, kept, "anon:w1", "li@example.com")
		wantConversations(t, e, w, web.ID, webConv.ID, mailConv.ID)
		if got := e.stored(t, w, mail.ID); got.MergedInto != web.ID || len(got.Identities) != 0 {
			t.Errorf("merged contact: got merged_into %q with %d identities, want %s and none", got.MergedInto, len(got.Identities), web.ID)
		}
		again, err := e.svc.Resolve(ctx, w.org.ID, kefu.ChannelEmail, "li@example.com", false, contact.Profile{})
		kefutest.Must(t, err)
		if again.ID != web.ID {
			t.Errorf("a new mail after the merge: got contact %s, want the kept %s", again.ID, web.ID)
		}
		// Started between merge and unmerge: one through each identity.
		e.clock.advance(time.Minute)
		laterWeb := e.conversation(t, w, w.inbox, kept)
		laterMail := e.conversation(t, w, mailInbox, kept)

		undone, err := e.svc.Unmerge(ctx, agent, web.ID, m.ID)
		kefutest.Must(t, err)
		if undone.UndoneAt == nil {
			t.Error("unmerge: the merge is not marked undone")
		}
		wantSameContact(t, e.stored(t, w, web.ID), webBefore)
		wantSameContact(t, e.stored(t, w, mail.ID), mailBefore)
		wantConversations(t, e, w, web.ID, webConv.ID, laterWeb.ID)
		wantConversations(t, e, w, mail.ID, mailConv.ID, laterMail.ID)
		_, err = e.svc.Unmerge(ctx, agent, web.ID, m.ID)
		kefutest.WantCode(t, "second unmerge", err, kefu.CodeConflict)
		ms, err := e.svc.Merges(ctx, agent, web.ID)
		kefutest.Must(t, err)
		if len(ms) != 1 || ms[0].UndoneAt == nil || ms[0].MergedName != "Li Mail" {
			t.Errorf("merges: got %+v, want the one undone merge of Li Mail", ms)
		}
	})
}

// TestMergeRefusals: another organisation's contact is not found, a contact cannot be merged
// into itself, a merged contact cannot be merged again, and a plain agent may (contacts.edit)
// while a visitor may not.
func TestMergeRefusals(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		w, elsewhere := e.mustWorld(t), e.mustWorld(t)
		ctx := context.Background()
		agent := kefutest.AgentActor(w.owner)
		other := e.mustContact(t, w, "Other", "")
		_, err := e.svc.Merge(ctx, agent, w.contact.ID, elsewhere.contact.ID)
		kefutest.WantCode(t, "across organisations", err, kefu.CodeNotFound)
		_, err = e.svc.Merge(ctx, kefutest.AgentActor(elsewhere.owner), w.contact.ID, other.ID)
		kefutest.WantCode(t, "another organisation's agent", err, kefu.CodeNotFound)
		_, err = e.svc.Merge(ctx, agent, w.contact.ID, w.contact.ID)
		kefutest.WantField(t, "into itself", err, "other_id")
		_, err = e.svc.Merge(ctx, visitorActor(w, w.contact), w.contact.ID, other.ID)
		kefutest.WantCode(t, "visitor", err, kefu.CodeNotFound)
		_, err = e.svc.Merge(ctx, kefutest.AgentActor(w.agent), w.contact.ID, other.ID)
		kefutest.Must(t, err)
		_, err = e.svc.Merge(ctx, agent, w.contact.ID, other.ID)
		kefutest.WantCode(t, "merged again", err, kefu.CodeConflict)
	})
}

// TestResolveDuringMergeIsSafe: sightings of both contacts' identities while they are merged
// all succeed, and afterwards every identity is the kept contact's, once.
func TestResolveDuringMergeIsSafe(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		w := e.mustWorld(t)
		ctx := context.Background()
		a, err := e.svc.Resolve(ctx, w.org.ID, kefu.ChannelWeb, "anon:a", false, contact.Profile{})
		kefutest.Must(t, err)
		b, err := e.svc.Resolve(ctx, w.org.ID, kefu.ChannelTelegram, "42", true, contact.Profile{Name: "TG"})
		kefutest.Must(t, err)
		var wg sync.WaitGroup
		errs := make(chan error, 64)
		for i := range 8 {
			wg.Go(func() {
				ch, ext, verified := kefu.ChannelWeb, "anon:a", false
				if i%2 == 1 {
					ch, ext, verified = kefu.ChannelTelegram, "42", true
				}
				for range 4 {
					if _, err := e.svc.Resolve(ctx, w.org.ID, ch, ext, verified, contact.Profile{Name: "Seen"}); err != nil {
						errs <- err
					}
				}
			})
		}
		_, mergeErr := e.svc.Merge(ctx, kefutest.AgentActor(w.owner), a.ID, b.ID)
		wg.Wait()
		close(errs)
		kefutest.Must(t, mergeErr)
		for err := range errs {
			t.Errorf("resolve during merge: %v", err)
		}
		wantIdentities(t, e.stored(t, w, a.ID), "anon:a", "42")
		for _, k := range []struct {
			ch       kefu.ChannelType
			ext      string
			verified bool
		}{{kefu.ChannelWeb, "anon:a", false}, {kefu.ChannelTelegram, "42", true}} {
			got, err := e.svc.Resolve(ctx, w.org.ID, k.ch, k.ext, k.verified, contact.Profile{})
			kefutest.Must(t, err)
			if got.ID != a.ID {
				t.Errorf("%s after the merge: got contact %s, want %s", k.ext, got.ID, a.ID)
			}
		}
	})
}

func (e *env) conversation(t *testing.T, w *world, inbox *kefu.Inbox, c *kefu.Contact) *kefu.Conversation {
	t.Helper()
	conv, err := e.st.CreateConversation(context.Background(), &kefu.Conversation{OrgID: w.org.ID, InboxID: inbox.ID, ContactID: c.ID})
	kefutest.Must(t, err)
	return conv
}

func wantIdentity(t *testing.T, c *kefu.Contact, ch kefu.ChannelType, ext string, verified bool) {
	t.Helper()
	if !slices.ContainsFunc(c.Identities, func(i kefu.Identity) bool { return i.Channel == ch && i.ExternalID == ext && i.Verified == verified }) {
		t.Errorf("contact %s: identities %+v lack %s %q verified=%v", c.ID, c.Identities, ch, ext, verified)
	}
}

func wantIdentities(t *testing.T, c *kefu.Contact, exts ...string) {
	t.Helper()
	var got []string
	for _, i := range c.Identities {
		got = append(got, i.ExternalID)
	}
	slices.Sort(got)
	slices.Sort(exts)
	if !slices.Equal(got, exts) {
		t.Errorf("contact %s identities: got %v, want %v", c.ID, got, exts)
	}
}

func wantConversations(t *testing.T, e *env, w *world, contactID string, ids ...string) {
	t.Helper()
	convs, err := e.st.ListContactConversations(context.Background(), w.org.ID, contactID, "")
	kefutest.Must(t, err)
	var got []string
	for _, c := range convs {
		got = append(got, c.ID)
	}
	slices.Sort(got)
	slices.Sort(ids)
	if !slices.Equal(got, ids) {
		t.Errorf("contact %s conversations: got %v, want %v", contactID, got, ids)
	}
}

// wantSameContact compares what a merge and unmerge may touch.
func wantSameContact(t *testing.T, got, want *kefu.Contact) {
	t.Helper()
	if got.Name != want.Name || got.Email != want.Email || got.Phone != want.Phone || got.Level != want.Level ||
		got.MergedInto != "" || !mapsEqual(got.Attributes, want.Attributes) {
		t.Errorf("contact %s after unmerge: got %+v, want %+v", got.ID, got, want)
	}
	var gotIDs, wantIDs []string
	for _, i := range got.Identities {
		gotIDs = append(gotIDs, i.ID)
	}
	for _, i := range want.Identities {
		wantIDs = append(wantIDs, i.ID)
	}
	slices.Sort(gotIDs)
	slices.Sort(wantIDs)
	if !slices.Equal(gotIDs, wantIDs) {
		t.Errorf("contact %s identities after unmerge: got %v, want %v", got.ID, gotIDs, wantIDs)
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func wantSuggestion(t *testing.T, e *env, actor kefu.Actor, id, otherID, reason string) {
	t.Helper()
	sg, err := e.svc.Suggestions(context.Background(), actor, id)
	kefutest.Must(t, err)
	if !slices.ContainsFunc(sg, func(s kefu.MergeSuggestion) bool { return s.Contact.ID == otherID && s.Reason == reason }) {
		t.Errorf("suggestions of %s: got %+v, want %s for %s", id, sg, reason, otherID)
	}
}

// TestErasureTakesMergedContacts: erasing a contact erases the contacts merged into it too, so
// no copy of the customer's profile stays behind for undoing the merge.
func TestErasureTakesMergedContacts(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		w := e.mustWorld(t)
		ctx := context.Background()
		other := e.mustContact(t, w, "Merged Away", "away@example.com")
		_, err := e.svc.Merge(ctx, kefutest.AgentActor(w.owner), w.contact.ID, other.ID)
		kefutest.Must(t, err)
		_, err = e.st.EraseContact(ctx, w.org.ID, w.contact.ID, w.owner.ID)
		kefutest.Must(t, err)
		if got := e.stored(t, w, other.ID); got.Name != "" || got.Email != "" {
			t.Errorf("merged contact after erasure: got %q %q, want its profile erased", got.Name, got.Email)
		}
	})
}

// TestResolveFollowsAFreshMerge: a sighting that read the identity just before a merge and the
// contact just after (the contact now merged) lands with the kept contact, not the merged one.
func TestResolveFollowsAFreshMerge(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		w := e.mustWorld(t)
		ctx := context.Background()
		b, err := e.svc.Resolve(ctx, w.org.ID, kefu.ChannelTelegram, "77", true, contact.Profile{})
		kefutest.Must(t, err)
		_, err = e.svc.Merge(ctx, kefutest.AgentActor(w.owner), w.contact.ID, b.ID)
		kefutest.Must(t, err)
		late := contact.New(&staleIdentity{Store: e.st, contactID: b.ID}, nil, e.clock.Now)
		got, err := late.Resolve(ctx, w.org.ID, kefu.ChannelTelegram, "77", true, contact.Profile{Name: "Late"})
		kefutest.Must(t, err)
		if got.ID != w.contact.ID {
			t.Errorf("got contact %s, want the kept %s", got.ID, w.contact.ID)
		}
		if s := e.stored(t, w, b.ID); s.Name == "Late" {
			t.Error("the merged contact's profile was updated")
		}
	})
}

// staleIdentity is the real store whose identity look-up answers the contact the identity had
// before a merge, as a read racing the merge would.
type staleIdentity struct {
	*store.Store
	contactID string
}

func (s *staleIdentity) FindContactByExactIdentity(ctx context.Context, orgID string, _ kefu.ChannelType, _ string, _ bool) (*kefu.Contact, error) {
	return s.Store.GetContact(ctx, orgID, s.contactID)
}

// TestUnmergeOfAnErasedContactIsAConflict: a merged contact erased since cannot take identities
// and conversations back.
func TestUnmergeOfAnErasedContactIsAConflict(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		w := e.mustWorld(t)
		ctx := context.Background()
		agent := kefutest.AgentActor(w.owner)
		other, err := e.svc.Resolve(ctx, w.org.ID, kefu.ChannelTelegram, "88", true, contact.Profile{Name: "Gone"})
		kefutest.Must(t, err)
		m, err := e.svc.Merge(ctx, agent, w.contact.ID, other.ID)
		kefutest.Must(t, err)
		_, err = e.st.EraseContact(ctx, w.org.ID, other.ID, w.owner.ID)
		kefutest.Must(t, err)
		_, err = e.svc.Unmerge(ctx, agent, w.contact.ID, m.ID)
		kefutest.WantCode(t, "unmerge of an erased contact", err, kefu.CodeConflict)
		wantIdentities(t, e.stored(t, w, w.contact.ID), "88")
	})
}

// TestOnlySignedWebUsersVouchForProfiles: a verified sender of another channel (a signed API
// call) vouches for its own id, not for the e-mail it passes along, so that e-mail joins no one.
func TestOnlySignedWebUsersVouchForProfiles(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		w := e.mustWorld(t)
		ctx := context.Background()
		signed, err := e.svc.Resolve(ctx, w.org.ID, kefu.ChannelWeb, "user:5", true, contact.Profile{Email: "vip@example.com"})
		kefutest.Must(t, err)
		api, err := e.svc.Resolve(ctx, w.org.ID, kefu.ChannelAPI, "inbox-1:buyer-9", true, contact.Profile{Email: "vip@example.com"})
		kefutest.Must(t, err)
		if api.ID == signed.ID {
			t.Fatal("an API sender's e-mail hint joined the signed user's contact")
		}
		if len(e.stored(t, w, api.ID).Identities) != 1 {
			t.Errorf("API contact: got identities %+v, want its own only", api.Identities)
		}
		wantSuggestion(t, e, kefutest.AgentActor(w.owner), api.ID, signed.ID, kefu.SuggestSameEmail)
	})
}
