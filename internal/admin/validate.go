package admin

import (
	"errors"
	"net/mail"
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// Input limits, in characters unless noted.
const (
	maxNameLen        = 100
	maxLabelNameLen   = 50
	maxDescriptionLen = 500
	maxGreetingLen    = 1000
	maxEmailLen       = 254 // RFC 5321 path limit
	maxURLLen         = 2048
	maxCapacity       = 1000
	maxOrigins        = 50
	maxMembers        = 1000
	maxTimezoneLen    = 64
	maxSignatureLen   = 2000 // a few lines with a name, title and phone numbers, in any script
)

// cleanName trims s and checks it is 1..max characters of printable text on one line.
func cleanName(field, s string, max int) (string, error) {
	s = strings.TrimSpace(s)
	if n := utf8.RuneCountInString(s); n < 1 || n > max {
		return "", kefu.FieldError(field, "%s must be 1 to %d characters", field, max)
	}
	if err := checkText(field, s, false); err != nil {
		return "", err
	}
	return s, nil
}

// cleanText trims s and checks it is at most max characters; line breaks are allowed.
func cleanText(field, s string, max int) (string, error) {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) > max {
		return "", kefu.FieldError(field, "%s must be at most %d characters", field, max)
	}
	if err := checkText(field, s, true); err != nil {
		return "", err
	}
	return s, nil
}

// checkText rejects invalid UTF-8 and control characters. PostgreSQL refuses both (so they would
// surface as internal errors), and a control character in a name is never intended.
func checkText(field, s string, multiline bool) error {
	if !utf8.ValidString(s) {
		return kefu.FieldError(field, "%s must be valid UTF-8", field)
	}
	for _, r := range s {
		if multiline && (r == '\n' || r == '\t' || r == '\r') {
			continue
		}
		if unicode.IsControl(r) {
			return kefu.FieldError(field, "%s must not contain control characters", field)
		}
	}
	return nil
}

// cleanEmail returns the lower-cased bare address, refusing display names ("Bob <b@x>") so what
// is stored is exactly what the person signs in with.
func cleanEmail(field, s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > maxEmailLen {
		return "", kefu.FieldError(field, "%s must be an email address of at most %d characters", field, maxEmailLen)
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || a.Name != "" || !strings.Contains(s[strings.LastIndex(s, "@")+1:], ".") {
		return "", kefu.FieldError(field, "%s must be an email address like name@example.com", field)
	}
	return strings.ToLower(s), nil
}

// cleanColor accepts "#RRGGBB" and returns it upper-cased so equal colours compare equal.
func cleanColor(field, s string) (string, error) {
	s = strings.TrimSpace(s)
	if len(s) != 7 || s[0] != '#' {
		return "", kefu.FieldError(field, "%s must look like #RRGGBB", field)
	}
	for _, c := range s[1:] {
		if !strings.ContainsRune("0123456789abcdefABCDEF", c) {
			return "", kefu.FieldError(field, "%s must look like #RRGGBB", field)
		}
	}
	return strings.ToUpper(s), nil
}

// checkCapacity bounds how many open conversations automatic assignment may give one agent.
func checkCapacity(field string, n int) error {
	if n < 0 || n > maxCapacity {
		return kefu.FieldError(field, "%s must be 0 to %d", field, maxCapacity)
	}
	return nil
}

// checkRole accepts the four built-in roles.
func checkRole(field string, r kefu.Role) error {
	if !r.Valid() {
		return kefu.FieldError(field, "%s must be one of owner, admin, supervisor, agent, custom", field)
	}
	return nil
}

// cleanAvatarURL accepts "" or an absolute http(s) URL. Other schemes (javascript:, data:) would
// be rendered as an image source in every agent's browser.
func cleanAvatarURL(field, s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	u, err := url.Parse(s)
	if err != nil || len(s) > maxURLLen || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		return "", kefu.FieldError(field, "%s must be an http or https URL of at most %d characters", field, maxURLLen)
	}
	return s, nil
}

// cleanOrigins validates widget origins and returns them normalised (lower-case, no trailing
// slash, no duplicates) in the form browsers send in the Origin header.
func cleanOrigins(field string, in []string) ([]string, error) {
	if len(in) > maxOrigins {
		return nil, kefu.FieldError(field, "at most %d origins", maxOrigins)
	}
	out := make([]string, 0, len(in))
	seen := map[string]bool{}
	for _, raw := range in {
		o, err := cleanOrigin(strings.TrimSpace(raw))
		if err != nil {
			return nil, kefu.FieldError(field, "%q is not an origin: use scheme://host[:port] with http or https and no path, or *", raw)
		}
		if !seen[o] {
			seen[o] = true
			out = append(out, o)
		}
	}
	return out, nil
}

// cleanOrigin parses one origin; "*" allows any.
func cleanOrigin(s string) (string, error) {
	if s == "*" {
		return s, nil
	}
	u, err := url.Parse(s)
	if err != nil || len(s) > maxURLLen {
		return "", errors.New("unparseable")
	}
	scheme := strings.ToLower(u.Scheme)
	switch {
	case scheme != "http" && scheme != "https", u.Host == "", u.User != nil, u.Opaque != "",
		u.Path != "" && u.Path != "/", u.RawQuery != "", u.ForceQuery, u.Fragment != "",
		strings.HasSuffix(u.Host, ":"):
		return "", errors.New("not an origin")
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return "", errors.New("bad port")
		}
	}
	if u.Hostname() == "" {
		return "", errors.New("no host")
	}
	return scheme + "://" + strings.ToLower(u.Host), nil
}

// cleanIDs checks that every id looks like one of ours and removes duplicates, keeping order.
func cleanIDs(field string, ids []string) ([]string, error) {
	if len(ids) > maxMembers {
		return nil, kefu.FieldError(field, "at most %d ids", maxMembers)
	}
	out := make([]string, 0, len(ids))
	seen := map[string]bool{}
	for _, id := range ids {
		if !kefu.ValidID(id) {
			return nil, kefu.FieldError(field, "%q is not a valid id", id)
		}
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out, nil
}

// renameField gives a validation error from another package the field name of this API, e.g.
// auth's "password" becomes "new_password" in a profile change.
func renameField(err error, field string) error {
	var e *kefu.Error
	if errors.As(err, &e) && e.Code == kefu.CodeInvalid {
		c := *e
		c.Field = field
		return &c
	}
	return err
}
