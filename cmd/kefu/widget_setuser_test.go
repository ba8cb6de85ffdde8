package main

import (
	"testing"
)

// A host site's setUser with a malformed e-mail must not cost the visitor the chat: the session
// opens without that field, keeps the good ones and names what it left out.
func TestWidgetSessionDropsInvalidUserFields(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		s := MustRunMain(t, testConfig(t, db))
		o := s.mustSetupOrg("SetUser")
		var sess struct {
			Token    string `json:"token"`
			Contact  struct{ ID, Name, Email, Phone string }
			Warnings []struct{ Field, Code, Message string }
		}
		s.mustDo(200, "POST", "/api/v1/widget/sessions", "", map[string]any{
			"widget_key": o.WidgetKey,
			"user":       map[string]any{"id": "u-42", "name": "Ada", "email": "not-an-email", "phone": "+49 30 1234"},
			"attributes": map[string]string{"plan": "gold", "": "nameless"},
		}).JSON(t, &sess)
		if sess.Token == "" || sess.Contact.Name != "Ada" || sess.Contact.Email != "" || sess.Contact.Phone != "+49 30 1234" {
			t.Errorf("session = %+v, want a token and the contact with name and phone, without the e-mail", sess)
		}
		got := map[string]string{}
		for _, w := range sess.Warnings {
			got[w.Field] = w.Code
		}
		if got["user.email"] != "invalid_input" || got["attributes"] != "invalid_input" || len(sess.Warnings) != 2 {
			t.Errorf("warnings = %+v, want user.email and attributes, code invalid_input", sess.Warnings)
		}
		var c struct {
			Attributes map[string]string `json:"attributes"`
		}
		s.mustDo(200, "GET", "/api/v1/contacts/"+sess.Contact.ID, o.Tokens["owner"], nil).JSON(t, &c)
		if c.Attributes["plan"] != "gold" {
			t.Errorf("contact attributes = %v, want the valid one kept", c.Attributes)
		}

		var clean struct {
			Warnings []any `json:"warnings"`
		}
		s.mustDo(200, "POST", "/api/v1/widget/sessions", "", map[string]any{"widget_key": o.WidgetKey}).JSON(t, &clean)
		if clean.Warnings != nil {
			t.Errorf("a clean session has warnings %v, want none (field omitted)", clean.Warnings)
		}
	})
}
