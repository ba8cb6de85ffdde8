package conversation

import (
	"strings"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// signedDefaults fills the region and language a start did not give from the contact's signed
// attributes: what the host site signed about its customer (setUser attributes, kept as
// signed_region and signed_language; docs/widget.md) comes before the GeoIP guess. Nothing the
// visitor writes reaches those keys, so a visitor cannot pick their own queue through them. A
// value routing could not use (an agent may edit attributes freely) is passed over.
func signedDefaults(c *kefu.Conversation, contact *kefu.Contact) {
	if r := strings.TrimSpace(contact.SignedAttribute("region")); c.Region == "" && checkAttr("region", r) == nil {
		c.Region = r
	}
	if l := strings.TrimSpace(contact.SignedAttribute("language")); c.Language == "" && kefu.ValidLanguageTag(l) {
		c.Language = l
	}
}
