package wecom

import (
	"regexp"
	"testing"
)

// WeCom takes msgids of at most 32 bytes of [0-9a-zA-Z_-]: every part's id fits, the first
// part's maps back to the kefu message id, the others do not, and each is stable.
func TestPartMsgID(t *testing.T) {
	const id = "01a24fbd-9047-7af8-9f99-e0e82c569333"
	shape := regexp.MustCompile(`^[0-9a-zA-Z_-]{1,32}$`)
	seen := map[string]bool{}
	for i := range 4 {
		got := partMsgID(id, i)
		if !shape.MatchString(got) || seen[got] || got != partMsgID(id, i) {
			t.Fatalf("part %d: msgid %q; want a stable, distinct id of WeCom's shape", i, got)
		}
		seen[got] = true
		back, ok := messageIDOf(got)
		if (i == 0) != (ok && back == id) {
			t.Errorf("part %d: messageIDOf(%q) = %q, %v; want the message id for part 0 only", i, got, back, ok)
		}
	}
}
