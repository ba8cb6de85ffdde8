package kefu

import "regexp"

// Prefixes of contact attribute keys that say how far a key is to be believed. A host site's
// setUser attributes signed with the inbox's identity secret are kept as "signed_<key>"; the
// same attributes unsigned or wrongly signed as "claimed_<key>", as an unverified user id is
// kept as "claimed_user_id". Visitors cannot write "signed_" keys themselves (setAttributes, page
// attributes), so routing may trust them; agents and the API may, as they may set the level.
const (
	SignedAttributePrefix  = "signed_"
	ClaimedAttributePrefix = "claimed_"
)

// SignedAttribute is the contact's attribute key as the host site signed it, "" when it did not.
func (c *Contact) SignedAttribute(key string) string {
	return c.Attributes[SignedAttributePrefix+key]
}

// languageTagShape is a BCP 47 tag as clients send them (en, en-GB, zh-Hans-CN).
var languageTagShape = regexp.MustCompile(`^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,4}$`)

// ValidLanguageTag reports whether tag has the shape of a BCP 47 tag as clients send them:
// languages route by prefix, so any other shape could only never match.
func ValidLanguageTag(tag string) bool {
	return languageTagShape.MatchString(tag)
}
