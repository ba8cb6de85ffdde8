package jobs

import "testing"

// A cut never splits a UTF-8 sequence: it falls back to the last whole character.
func TestTruncateKeepsRunes(t *testing.T) {
	s := "欢迎光临" // 12 bytes
	for n, want := range map[int]string{12: s, 13: s, 11: "欢迎光", 7: "欢迎", 2: ""} {
		if got := Truncate(s, n); got != want {
			t.Errorf("Truncate(%q, %d) = %q, want %q", s, n, got, want)
		}
	}
}
