package store

import (
	"encoding/base64"
	"encoding/json"
	"strings"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// pageCursor is a keyset position: the sort key and id of the last row of a page. It is opaque
// to clients (base64 of JSON) so the format can change without breaking them.
type pageCursor struct {
	Key int64  `json:"k"`
	ID  string `json:"i"`
}

func encodeCursor(key int64, id string) string {
	b, _ := json.Marshal(pageCursor{Key: key, ID: id}) // two plain fields cannot fail to encode
	return base64.RawURLEncoding.EncodeToString(b)
}

// decodeCursor parses a cursor from a previous page; garbage is invalid_input, never a 500.
func decodeCursor(s string) (pageCursor, error) {
	var c pageCursor
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err == nil {
		err = json.Unmarshal(b, &c)
	}
	if err != nil || c.ID == "" {
		return c, kefu.FieldError("cursor", "invalid cursor")
	}
	return c, nil
}

// likeContains returns a LIKE pattern matching s as a plain substring: the wildcards % and _
// and the escape character itself are escaped with a backslash (used with ESCAPE '\').
func likeContains(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(s) + "%"
}

// clampLimit returns limit within 1..max, def when it is zero or negative.
func clampLimit(limit, def, max int) int {
	if limit <= 0 {
		return def
	}
	return min(limit, max)
}
