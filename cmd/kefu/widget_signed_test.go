package main

import (
	"crypto/rand"
	"strings"
	"testing"
)

// signedSession is the part of a widget session answer these tests read.
type signedSession struct {
	Token    string `json:"token"`
	Verified bool   `json:"verified"`
	Contact  struct {
		ID string `json:"id"`
	} `json:"contact"`
	Warnings []struct{ Field, Code string }
}

// setUserSession opens a widget session whose page called setUser with user, expecting want.
func (s *testServer) setUserSession(widgetKey string, user map[string]any, want int) signedSession {
	s.t.Helper()
	var out signedSession
	r := s.mustDo(want, "POST", "/api/v1/widget/sessions", "", map[string]any{"widget_key": widgetKey, "user": user})
	if want == 200 {
		r.JSON(s.t, &out)
	}
	return out
}

type signedContact struct {
	Level      string            `json:"level"`
	Attributes map[string]string `json:"attributes"`
}

func (s *testServer) signedContact(token, id string) signedContact {
	s.t.Helper()
	var c signedContact
	s.mustDo(200, "GET", "/api/v1/contacts/"+id, token, nil).JSON(s.t, &c)
	return c
}

type priorityConversation struct {
	Priority string `json:"priority"`
	Region   string `json:"region"`
	Language string `json:"language"`
}

// startedAs starts a conversation for v with the routing attributes of body (each start with
// its own first message id, so that it is not taken for a retry) and reads it as token's agent.
func (s *testServer) startedAs(token string, v *visitor, body map[string]any) priorityConversation {
	s.t.Helper()
	body["message"] = map[string]string{"content": "hello", "client_msg_id": rand.Text()}
	var out struct {
		Conversation struct{ ID string } `json:"conversation"`
	}
	s.mustDo(201, "POST", "/api/v1/widget/conversations", v.Token, body).JSON(s.t, &out)
	var c priorityConversation
	s.mustDo(200, "GET", "/api/v1/conversations/"+out.Conversation.ID, token, nil).JSON(s.t, &c)
	return c
}

// TestWidgetSignedAttributes follows docs/widget.md and docs/routing.md: setUser attributes
// signed with the inbox's identity secret make the contact vip (so a "contact level vip →
// urgent" rule raises the conversation's priority) and give the region and language of the
// visitor's conversations; a forged level — wrongly signed, unsigned, or signed for an
// unverified user, or written by the visitor themselves — is only a claim and routes nothing.
func TestWidgetSignedAttributes(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		s := MustRunMain(t, testConfig(t, db))
		o := s.mustSetupOrg("Signed")
		owner := o.Tokens["owner"]
		var secret struct {
			IdentitySecret string `json:"identity_secret"`
		}
		s.mustDo(200, "GET", "/api/v1/inboxes/"+o.InboxID+"/identity-secret", owner, nil).JSON(t, &secret)
		sec := secret.IdentitySecret
		s.mustCreateRule(owner, map[string]any{"name": "VIP first", "conditions": map[string]any{"contact_levels": []string{"vip"}},
			"target": map[string]any{"policy": "round_robin"}, "priority": "urgent"})

		vip := map[string]string{"level": "vip", "region": "CN-GD", "language": "en-GB"}
		signed := s.setUserSession(o.WidgetKey, map[string]any{"id": "u-1", "hash": hmacHex(sec, "u-1"),
			"attributes": vip, "attributes_hash": hmacHex(sec, "u-1\nlanguage=en-GB\nlevel=vip\nregion=CN-GD")}, 200)
		c := s.signedContact(owner, signed.Contact.ID)
		if !signed.Verified || c.Level != "vip" || c.Attributes["signed_region"] != "CN-GD" || c.Attributes["signed_level"] != "vip" {
			t.Fatalf("signed: session %+v contact %+v, want verified, level vip and the signed_ attributes", signed, c)
		}
		v := &visitor{Token: signed.Token}
		if got := s.startedAs(owner, v, map[string]any{}); got != (priorityConversation{"urgent", "CN-GD", "en-GB"}) {
			t.Errorf("signed vip's conversation = %+v, want urgent, region CN-GD, language en-GB", got)
		}
		// What the start gives wins over the signed defaults (the inbox does not enforce identity).
		if got := s.startedAs(owner, v, map[string]any{"region": "US", "language": "zh-CN"}); got != (priorityConversation{"urgent", "US", "zh-CN"}) {
			t.Errorf("start with its own region and language = %+v, want urgent, US, zh-CN", got)
		}

		forged := map[string]map[string]any{
			"wrong attributes hash": {"id": "u-2", "hash": hmacHex(sec, "u-2"), "attributes": map[string]string{"level": "vip"}, "attributes_hash": hmacHex(sec, "u-2\nlevel=gold")},
			"no attributes hash":    {"id": "u-3", "hash": hmacHex(sec, "u-3"), "attributes": map[string]string{"level": "vip"}},
			"unverified user":       {"id": "u-4", "attributes": map[string]string{"level": "vip"}, "attributes_hash": hmacHex(sec, "u-4\nlevel=vip")},
		}
		for name, user := range forged {
			sess := s.setUserSession(o.WidgetKey, user, 200)
			c := s.signedContact(owner, sess.Contact.ID)
			if c.Level != "" || c.Attributes["claimed_level"] != "vip" || c.Attributes["signed_level"] != "" {
				t.Errorf("%s: contact %+v, want no level and the claim kept as claimed_level", name, c)
			}
			if got := s.startedAs(owner, &visitor{Token: sess.Token}, map[string]any{}); got.Priority != "none" {
				t.Errorf("%s: conversation priority %q, want none", name, got.Priority)
			}
		}

		// The visitor cannot write signed_ attributes: not through setAttributes, not as page attributes.
		anon := s.mustVisitor(o.WidgetKey)
		if code := s.do("PATCH", "/api/v1/widget/contact", anon.Token, map[string]any{"attributes": map[string]string{"signed_level": "vip"}}).Code(t); code != "invalid_input" {
			t.Errorf("setAttributes signed_level: code %q, want invalid_input", code)
		}
		var page signedSession
		s.mustDo(200, "POST", "/api/v1/widget/sessions", "", map[string]any{"widget_key": o.WidgetKey,
			"attributes": map[string]string{"signed_region": "CN-GD", "plan": "gold"}}).JSON(t, &page)
		if c := s.signedContact(owner, page.Contact.ID); c.Attributes["signed_region"] != "" || c.Attributes["plan"] != "gold" || len(page.Warnings) != 1 {
			t.Errorf("page attributes: contact %+v warnings %+v, want signed_region left out with a warning, plan kept", c, page.Warnings)
		}
		if got := s.startedAs(owner, &visitor{Token: page.Token}, map[string]any{}); got.Region != "" {
			t.Errorf("page-attribute region reached the conversation: %+v", got)
		}
	})
}

// TestWidgetSignedAttributesRefused: malformed attributes are left out with field warnings (the
// chat still opens), and an inbox that enforces identity refuses an attributes hash that is
// missing or wrong, as it refuses a bad identity hash.
func TestWidgetSignedAttributesRefused(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		s := MustRunMain(t, testConfig(t, db))
		o := s.mustSetupOrg("SignedBad")
		owner := o.Tokens["owner"]
		var secret struct {
			IdentitySecret string `json:"identity_secret"`
		}
		s.mustDo(200, "GET", "/api/v1/inboxes/"+o.InboxID+"/identity-secret", owner, nil).JSON(t, &secret)
		sec := secret.IdentitySecret
		id := hmacHex(sec, "u-9")
		bad := map[string]struct {
			attrs map[string]string
			field string
		}{
			"upper-case key": {map[string]string{"Level": "vip"}, "user.attributes"},
			"key too long":   {map[string]string{strings.Repeat("k", 41): "x"}, "user.attributes"},
			"value too long": {map[string]string{"plan": strings.Repeat("x", 201)}, "user.attributes.plan"},
			"line break":     {map[string]string{"note": "x\nlevel=vip"}, "user.attributes.note"},
			"level too long": {map[string]string{"level": strings.Repeat("v", 101)}, "user.attributes.level"},
			"not a language": {map[string]string{"language": "english please"}, "user.attributes.language"},
			"too many":       {manyKeys(21), "user.attributes"},
		}
		for name, tc := range bad {
			user := map[string]any{"id": "u-9", "hash": id, "attributes": tc.attrs, "attributes_hash": hmacHex(sec, "u-9")}
			sess := s.setUserSession(o.WidgetKey, user, 200)
			if len(sess.Warnings) == 0 || sess.Warnings[0].Field != tc.field || sess.Warnings[0].Code != "invalid_input" {
				t.Errorf("%s: warnings %+v, want invalid_input at %s", name, sess.Warnings, tc.field)
			}
			if c := s.signedContact(owner, sess.Contact.ID); c.Level != "" || hasPrefixedKey(c.Attributes) {
				t.Errorf("%s: contact %+v, want none of the malformed set kept", name, c)
			}
		}

		s.mustDo(200, "PATCH", "/api/v1/inboxes/"+o.InboxID, owner, map[string]any{"enforce_identity": true})
		user := func(hash string) map[string]any {
			u := map[string]any{"id": "u-9", "hash": id, "attributes": map[string]string{"level": "vip"}}
			if hash != "" {
				u["attributes_hash"] = hash
			}
			return u
		}
		s.setUserSession(o.WidgetKey, user(hmacHex(sec, "u-9\nlevel=gold")), 401)
		s.setUserSession(o.WidgetKey, user(""), 401)
		ok := s.setUserSession(o.WidgetKey, user(hmacHex(sec, "u-9\nlevel=vip")), 200)
		if c := s.signedContact(owner, ok.Contact.ID); c.Level != "vip" {
			t.Errorf("enforced, signed: contact %+v, want level vip", c)
		}
	})
}

func manyKeys(n int) map[string]string {
	m := map[string]string{}
	for i := range n {
		m["k"+itoa(int64(i))] = "v"
	}
	return m
}

// hasPrefixedKey reports whether attrs hold a signed_ or claimed_ key other than claimed_user_id.
func hasPrefixedKey(attrs map[string]string) bool {
	for k := range attrs {
		if strings.HasPrefix(k, "signed_") || (strings.HasPrefix(k, "claimed_") && k != "claimed_user_id") {
			return true
		}
	}
	return false
}
