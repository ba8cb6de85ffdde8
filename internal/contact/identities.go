package contact

import (
	"context"
	"slices"
	"strings"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// verifiedExtras are the identities a signed web user's profile adds: its e-mail (lowercased)
// and phone (normalised), verified, because the site signed them with the user id. Only the
// widget's signed setUser vouches for a profile: another channel's verified sender (a signed
// API call, a Telegram update) vouches for its id, while an e-mail or phone it passes along is
// only a hint a customer may have typed, which must not join anyone's contact. A verified
// sender's Linked ids (a WeChat UnionID) are vouched for by its platform and come first.
func verifiedExtras(id kefu.Identity, p Profile) []kefu.Identity {
	if !id.Verified {
		return nil
	}
	out := linkedIdentities(id, p.Linked)
	if id.Channel != kefu.ChannelWeb {
		return out
	}
	if e, err := normaliseEmail(p.Email); err == nil && e != "" {
		out = append(out, kefu.Identity{OrgID: id.OrgID, Channel: kefu.ChannelEmail, ExternalID: e, Verified: true})
	}
	if ph := PhoneKey(p.Phone); ph != "" {
		out = append(out, kefu.Identity{OrgID: id.OrgID, Channel: kefu.IdentityPhone, ExternalID: ph, Verified: true})
	}
	return out
}

// addExtras gives c the verified identities it lacks. One that belongs to another contact
// already stays there: the two are then a merge suggestion, as only an agent merges contacts
// that both exist.
func (s *Service) addExtras(ctx context.Context, c *kefu.Contact, extras []kefu.Identity) error {
	for _, x := range extras {
		if slices.ContainsFunc(c.Identities, func(have kefu.Identity) bool { return sameKey(have, x) }) {
			continue
		}
		x.ContactID = c.ID
		err := s.store.AddIdentity(ctx, &x)
		if kefu.ErrorCode(err) == kefu.CodeConflict {
			continue
		}
		if err != nil {
			return err
		}
		c.Identities = append(c.Identities, x)
	}
	return nil
}

func sameKey(a, b kefu.Identity) bool {
	return a.Channel == b.Channel && a.ExternalID == b.ExternalID && a.Verified == b.Verified
}

// PhoneKey normalises a phone number for comparison, E.164-like: its digits, with the leading
// + kept; "" when it holds too few digits to be a number.
func PhoneKey(v string) string {
	v = strings.TrimSpace(v)
	var b strings.Builder
	if strings.HasPrefix(v, "+") {
		b.WriteByte('+')
	}
	digits := 0
	for _, r := range v {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
			digits++
		}
	}
	if digits < 3 || digits > 20 {
		return ""
	}
	return b.String()
}

// linkedIdentities are a verified sender's linked ids as verified identities of its org;
// empty ids are dropped.
func linkedIdentities(id kefu.Identity, linked []kefu.Identity) []kefu.Identity {
	var out []kefu.Identity
	for _, l := range linked {
		if l.Channel == "" || strings.TrimSpace(l.ExternalID) == "" {
			continue
		}
		out = append(out, kefu.Identity{OrgID: id.OrgID, Channel: l.Channel, ExternalID: l.ExternalID, Verified: true})
	}
	return out
}
