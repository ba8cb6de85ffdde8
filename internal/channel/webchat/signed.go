package webchat

import (
	"context"
	"log/slog"
	"maps"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// VerifyAttributes reports whether hash is hex HMAC-SHA256(secret, the canonical form of userID
// and attrs); auth.VerifyAttributesHash is the one kefu uses.
type VerifyAttributes func(secret, userID string, attrs map[string]string, hash string) bool

// Limits of setUser attributes. Keys are narrow and values free of control characters so that
// the signed canonical form ("key=value" lines) cannot be forged by a cleverly chosen value.
const (
	maxUserAttributes     = 20
	maxUserAttributeValue = 200 // characters
)

var userAttributeKey = regexp.MustCompile(`^[a-z0-9_]{1,40}$`)

// The attributes routing reads: the contact's level, and the region and language of the
// conversations the visitor starts.
const (
	attrLevel    = "level"
	attrRegion   = "region"
	attrLanguage = "language"
)

// checkUserAttributes returns one field error per problem of setUser's attributes. A set with
// any problem is left out whole: the host site signed it whole.
func checkUserAttributes(attrs map[string]string) []*kefu.Error {
	if len(attrs) > maxUserAttributes {
		return []*kefu.Error{kefu.FieldError("user.attributes", "at most %d attributes", maxUserAttributes)}
	}
	var errs []*kefu.Error
	for _, k := range slices.Sorted(maps.Keys(attrs)) {
		if err := checkUserAttribute(k, attrs[k]); err != nil {
			errs = append(errs, err.(*kefu.Error))
		}
	}
	return errs
}

// checkUserAttribute checks one attribute, and a routing attribute's value as routing takes it.
func checkUserAttribute(k, v string) error {
	if !userAttributeKey.MatchString(k) {
		return kefu.FieldError("user.attributes", "attribute names must be 1 to 40 of a-z, 0-9 and _")
	}
	field := "user.attributes." + k
	if !utf8.ValidString(v) || utf8.RuneCountInString(v) > maxUserAttributeValue ||
		strings.ContainsFunc(v, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
		return kefu.FieldError(field, "must be text of at most %d characters without control characters", maxUserAttributeValue)
	}
	switch {
	case (k == attrLevel || k == attrRegion) && utf8.RuneCountInString(v) > kefu.MaxRoutingAttr:
		return kefu.FieldError(field, "must be at most %d characters", kefu.MaxRoutingAttr)
	case k == attrLanguage && v != "" && !kefu.ValidLanguageTag(v):
		return kefu.FieldError(field, "must be a language tag such as en or zh-CN")
	}
	return nil
}

// userAttributes applies the attributes of a verified user: signed ones are stored as
// "signed_<key>" and the level becomes the contact's; anything else is only a claim, kept as
// "claimed_<key>" and never routed on — refused outright where the inbox enforces identity.
func (s *Service) userAttributes(ctx context.Context, inbox *kefu.Inbox, u *User, attrs map[string]string, id *identity) error {
	if len(attrs) == 0 {
		return nil
	}
	if s.verifyAttrs != nil && s.verifyAttrs(inbox.IdentitySecret, u.ID, attrs, u.AttributesHash) {
		sign(id, attrs)
		return nil
	}
	if inbox.EnforceIdentity {
		return kefu.Errorf(kefu.CodeUnauthenticated, "the attributes signature is missing or wrong")
	}
	reason := "missing_attributes_hash"
	if u.AttributesHash != "" {
		reason = "wrong_attributes_hash"
	}
	// Logged without keys or values: they may be personal, and the reason is what a site owner needs.
	s.log.Log(ctx, slog.LevelInfo, "widget setUser attributes not signed; kept as claimed, not routed on",
		"org_id", inbox.OrgID, "inbox_id", inbox.ID, "reason", reason)
	claim(id.profile.Attributes, attrs)
	return nil
}

// sign stores signed attributes on the profile; an empty value removes the key (and an empty
// level the contact's level), so that the host site can take a level away by signing "level=".
func sign(id *identity, attrs map[string]string) {
	for k, v := range attrs {
		id.profile.Attributes[kefu.SignedAttributePrefix+k] = v
	}
	if level, ok := attrs[attrLevel]; ok {
		id.profile.Level = &level
	}
}

// claim keeps unsigned attributes where agents see them for what they are: claims.
func claim(dst, attrs map[string]string) {
	for k, v := range attrs {
		if v != "" {
			dst[kefu.ClaimedAttributePrefix+k] = v
		}
	}
}
