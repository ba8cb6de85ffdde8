package main

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
)

// TestWidgetIdentityHash follows docs/widget.md: on an inbox that does not enforce identity, a
// setUser with a wrong or missing hash leaves the visitor anonymous, the claimed id kept only as
// an unverified attribute; an inbox that enforces identity refuses both with 401.
func TestWidgetIdentityHash(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		s := MustRunMain(t, testConfig(t, db))
		o := s.mustSetupOrg("Identity")
		owner := o.Tokens["owner"]
		var secret struct {
			IdentitySecret string `json:"identity_secret"`
		}
		s.mustDo(200, "GET", "/api/v1/inboxes/"+o.InboxID+"/identity-secret", owner, nil).JSON(t, &secret)
		good := hmacHex(secret.IdentitySecret, "u-1001")

		wrong := s.mustIdentify(o.WidgetKey, "u-1001", strings.Repeat("0", 64), 200)
		missing := s.mustIdentify(o.WidgetKey, "u-1001", "", 200)
		for name, sess := range map[string]identifiedSession{"wrong hash": wrong, "missing hash": missing} {
			if sess.Verified {
				t.Errorf("%s: verified, want an anonymous visitor", name)
			}
			if got := s.contactAttribute(owner, sess.Contact.ID, "claimed_user_id"); got != "u-1001" {
				t.Errorf("%s: claimed_user_id = %q, want the claimed id kept as an attribute", name, got)
			}
		}
		signed := s.mustIdentify(o.WidgetKey, "u-1001", good, 200)
		if !signed.Verified || signed.Contact.ID == wrong.Contact.ID || signed.Contact.ID == missing.Contact.ID {
			t.Errorf("signed session = %+v, want verified and not one of the anonymous contacts", signed)
		}

		s.mustDo(200, "PATCH", "/api/v1/inboxes/"+o.InboxID, owner, map[string]any{"enforce_identity": true})
		s.mustIdentify(o.WidgetKey, "u-1001", strings.Repeat("0", 64), 401)
		s.mustIdentify(o.WidgetKey, "u-1001", "", 401)
		if again := s.mustIdentify(o.WidgetKey, "u-1001", good, 200); again.Contact.ID != signed.Contact.ID {
			t.Errorf("signed session on the enforcing inbox: contact %s, want %s", again.Contact.ID, signed.Contact.ID)
		}
	})
}

type identifiedSession struct {
	Verified bool `json:"verified"`
	Contact  struct {
		ID string `json:"id"`
	} `json:"contact"`
}

// mustIdentify opens a widget session whose page called setUser with id and hash.
func (s *testServer) mustIdentify(widgetKey, id, hash string, want int) identifiedSession {
	s.t.Helper()
	var out identifiedSession
	r := s.mustDo(want, "POST", "/api/v1/widget/sessions", "", map[string]any{
		"widget_key": widgetKey, "user": map[string]string{"id": id, "name": "Zhang San", "hash": hash},
	})
	if want == 200 {
		r.JSON(s.t, &out)
	}
	return out
}

func (s *testServer) contactAttribute(token, contactID, key string) string {
	s.t.Helper()
	var c struct {
		Attributes map[string]string `json:"attributes"`
	}
	s.mustDo(200, "GET", "/api/v1/contacts/"+contactID, token, nil).JSON(s.t, &c)
	return c.Attributes[key]
}

func hmacHex(secret, msg string) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(msg))
	return hex.EncodeToString(m.Sum(nil))
}
