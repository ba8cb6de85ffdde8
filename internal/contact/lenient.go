package contact

import (
	"maps"
	"slices"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// Lenient returns p without the fields Resolve would refuse, and one field error per field it
// dropped. A channel passes on what a third party says about a sender (a host site's setUser,
// a page's attributes); one malformed e-mail there must cost that field, not the whole chat.
func Lenient(p Profile) (Profile, []*kefu.Error) {
	var dropped []*kefu.Error
	keep := func(v string, check func(string) (string, error)) string {
		if _, err := check(v); err != nil {
			dropped = append(dropped, err.(*kefu.Error))
			return ""
		}
		return v
	}
	out := Profile{
		Name:  keep(p.Name, func(v string) (string, error) { return profileField("name", v) }),
		Email: keep(p.Email, normaliseEmail),
		Phone: keep(p.Phone, normalisePhone),
	}
	if p.Level != nil {
		if _, err := contactLevel(*p.Level); err != nil {
			dropped = append(dropped, err.(*kefu.Error))
		} else {
			out.Level = p.Level
		}
	}
	out.Attributes, dropped = lenientAttributes(p.Attributes, dropped)
	return out, dropped
}

// lenientAttributes keeps the attributes mergeAttributes accepts, in a stable order so the
// dropped ones are reported the same way every time.
func lenientAttributes(attrs map[string]string, dropped []*kefu.Error) (map[string]string, []*kefu.Error) {
	out := map[string]string{}
	for _, k := range slices.Sorted(maps.Keys(attrs)) {
		if err := mergeAttributes(&kefu.Contact{}, map[string]string{k: attrs[k]}); err != nil {
			dropped = append(dropped, err.(*kefu.Error))
			continue
		}
		out[k] = attrs[k]
	}
	return out, dropped
}
