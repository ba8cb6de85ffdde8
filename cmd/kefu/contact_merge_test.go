package main

import (
	"slices"
	"testing"
	"time"
)

// TestContactMergeAPI walks one customer across identities over HTTP: two signed users with the
// same e-mail are one contact (a verified join); an anonymous visitor claiming that e-mail is a
// merge suggestion, not a join; merging lists both conversations under the kept contact and a
// new session of the merged visitor lands there; unmerging restores both, a second unmerge is a
// conflict, and another organisation cannot merge or even see the contacts.
func TestContactMergeAPI(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		s := MustRunMain(t, testConfig(t, db))
		o := s.mustSetupOrg("Merge")
		owner := o.Tokens["owner"]
		var secret struct {
			IdentitySecret string `json:"identity_secret"`
		}
		s.mustDo(200, "GET", "/api/v1/inboxes/"+o.InboxID+"/identity-secret", owner, nil).JSON(t, &secret)
		signed := s.mustSignedUser(o.WidgetKey, "u-1", hmacHex(secret.IdentitySecret, "u-1"), "li@example.com")
		again := s.mustSignedUser(o.WidgetKey, "u-2", hmacHex(secret.IdentitySecret, "u-2"), "LI@example.com")
		if again.ContactID != signed.ContactID {
			t.Fatalf("two signed users with one verified e-mail: contacts %s and %s, want one", signed.ContactID, again.ContactID)
		}
		claimed := s.mustSignedUser(o.WidgetKey, "u-3", "", "li@example.com") // no hash: anonymous, e-mail only claimed
		if claimed.ContactID == signed.ContactID {
			t.Fatal("an unsigned visitor claiming the e-mail joined the signed contact")
		}
		signedConv := s.mustStartConversation(signed, "hello from the account")
		claimedConv := s.mustStartConversation(claimed, "hello from the browser")

		var sg struct {
			Suggestions []struct {
				Contact struct {
					ID string `json:"id"`
				} `json:"contact"`
				Reason string `json:"reason"`
			} `json:"suggestions"`
		}
		s.mustDo(200, "GET", "/api/v1/contacts/"+signed.ContactID+"/merge-suggestions", owner, nil).JSON(t, &sg)
		if len(sg.Suggestions) != 1 || sg.Suggestions[0].Contact.ID != claimed.ContactID || sg.Suggestions[0].Reason != "same_email" {
			t.Fatalf("suggestions: got %+v, want the claiming visitor for same_email", sg.Suggestions)
		}

		other := s.mustSetupOrg("Elsewhere")
		s.mustDo(404, "POST", "/api/v1/contacts/"+signed.ContactID+"/merge", other.Tokens["owner"], map[string]string{"other_id": claimed.ContactID})
		s.mustDo(422, "POST", "/api/v1/contacts/"+signed.ContactID+"/merge", owner, map[string]string{"other_id": signed.ContactID})
		sse, stop := s.openSSE(owner, "")
		defer stop()
		sse.waitFrames(t, 10*time.Second, "welcome", isWelcome)
		var merge struct {
			ID string `json:"id"`
		}
		s.mustDo(200, "POST", "/api/v1/contacts/"+signed.ContactID+"/merge", o.Tokens["agent"], map[string]string{"other_id": claimed.ContactID}).JSON(t, &merge)
		// Open sidebars learn that the visitor's conversation now belongs to the kept contact.
		sse.waitFrames(t, 10*time.Second, "conversation.updated with the kept contact", func(fs []frame) bool {
			return slices.ContainsFunc(fs, func(f frame) bool {
				c, _ := f["conversation"].(map[string]any)
				return f.str("type") == "conversation.updated" && c["id"] == claimedConv && c["contact_id"] == signed.ContactID
			})
		})
		wantContactConversations(t, s, owner, signed.ContactID, signedConv, claimedConv)
		s.mustDo(409, "POST", "/api/v1/contacts/"+signed.ContactID+"/merge", owner, map[string]string{"other_id": claimed.ContactID})
		back := s.mustResumeVisitor(o.WidgetKey, claimed.VisitorKey)
		if back.ContactID != signed.ContactID {
			t.Errorf("the merged visitor's next session: contact %s, want the kept %s", back.ContactID, signed.ContactID)
		}

		s.mustDo(200, "POST", "/api/v1/contacts/"+signed.ContactID+"/unmerge", owner, map[string]string{"merge_id": merge.ID})
		wantContactConversations(t, s, owner, signed.ContactID, signedConv)
		wantContactConversations(t, s, owner, claimed.ContactID, claimedConv)
		s.mustDo(409, "POST", "/api/v1/contacts/"+signed.ContactID+"/unmerge", owner, map[string]string{"merge_id": merge.ID})
		if v := s.mustResumeVisitor(o.WidgetKey, claimed.VisitorKey); v.ContactID != claimed.ContactID {
			t.Errorf("after unmerge the visitor's session: contact %s, want their own %s", v.ContactID, claimed.ContactID)
		}
		var merges struct {
			Merges []struct {
				ID       string  `json:"id"`
				UndoneAt *string `json:"undone_at"`
			} `json:"merges"`
		}
		s.mustDo(200, "GET", "/api/v1/contacts/"+signed.ContactID+"/merges", owner, nil).JSON(t, &merges)
		if len(merges.Merges) != 1 || merges.Merges[0].ID != merge.ID || merges.Merges[0].UndoneAt == nil {
			t.Errorf("merges: got %+v, want the one undone merge", merges.Merges)
		}
		s.mustDo(404, "GET", "/api/v1/contacts/"+signed.ContactID+"/merges", other.Tokens["owner"], nil)
		s.mustDo(404, "POST", "/api/v1/contacts/"+signed.ContactID+"/unmerge", other.Tokens["owner"], map[string]string{"merge_id": merge.ID})
		var audit struct {
			Entries []struct {
				Action   string `json:"action"`
				TargetID string `json:"target_id"`
			} `json:"entries"`
		}
		s.mustDo(200, "GET", "/api/v1/audit?action=contact.&target_id="+signed.ContactID, owner, nil).JSON(t, &audit)
		var actions []string
		for _, e := range audit.Entries {
			actions = append(actions, e.Action)
		}
		if !slices.Equal(actions, []string{"contact.unmerged", "contact.merged"}) {
			t.Errorf("audit of the contact: got %v, want the merge and the unmerge", actions)
		}

		// Undone, the suggestion is back; dismissed, it is gone for both contacts.
		s.mustDo(200, "GET", "/api/v1/contacts/"+signed.ContactID+"/merge-suggestions", owner, nil).JSON(t, &sg)
		if len(sg.Suggestions) != 1 {
			t.Fatalf("suggestions after unmerge: got %+v, want the visitor again", sg.Suggestions)
		}
		s.mustDo(204, "POST", "/api/v1/contacts/"+claimed.ContactID+"/merge-suggestions/dismiss", owner, map[string]string{"other_id": signed.ContactID})
		for _, id := range []string{signed.ContactID, claimed.ContactID} {
			s.mustDo(200, "GET", "/api/v1/contacts/"+id+"/merge-suggestions", owner, nil).JSON(t, &sg)
			if len(sg.Suggestions) != 0 {
				t.Errorf("suggestions of %s after dismissing: got %+v, want none", id, sg.Suggestions)
			}
		}
	})
}

// mustSignedUser opens a widget session whose page called setUser with id, hash and email.
func (s *testServer) mustSignedUser(widgetKey, id, hash, email string) *visitor {
	s.t.Helper()
	var out struct {
		Token      string `json:"token"`
		VisitorKey string `json:"visitor_key"`
		Contact    struct {
			ID string `json:"id"`
		} `json:"contact"`
	}
	s.mustDo(200, "POST", "/api/v1/widget/sessions", "", map[string]any{
		"widget_key": widgetKey, "user": map[string]string{"id": id, "hash": hash, "email": email},
	}).JSON(s.t, &out)
	return &visitor{Token: out.Token, VisitorKey: out.VisitorKey, ContactID: out.Contact.ID}
}

// mustResumeVisitor opens a new session of the browser holding visitorKey.
func (s *testServer) mustResumeVisitor(widgetKey, visitorKey string) *visitor {
	s.t.Helper()
	var out struct {
		Token   string `json:"token"`
		Contact struct {
			ID string `json:"id"`
		} `json:"contact"`
	}
	s.mustDo(200, "POST", "/api/v1/widget/sessions", "", map[string]string{"widget_key": widgetKey, "visitor_key": visitorKey}).JSON(s.t, &out)
	return &visitor{Token: out.Token, VisitorKey: visitorKey, ContactID: out.Contact.ID}
}

// wantContactConversations checks the contact's conversations across channels, each with its
// inbox's channel.
func wantContactConversations(t *testing.T, s *testServer, token, contactID string, want ...string) {
	t.Helper()
	var out struct {
		Conversations []struct {
			ID      string `json:"id"`
			Channel string `json:"channel"`
		} `json:"conversations"`
	}
	s.mustDo(200, "GET", "/api/v1/contacts/"+contactID+"/conversations", token, nil).JSON(t, &out)
	var got []string
	for _, c := range out.Conversations {
		if c.Channel != "web" {
			t.Errorf("conversation %s: channel %q, want web", c.ID, c.Channel)
		}
		got = append(got, c.ID)
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("conversations of %s: got %v, want %v", contactID, got, want)
	}
}
