package wxcrypto

import (
	"encoding/base64"
	"regexp"
	"strings"
	"testing"
)

func TestGenerateToken(t *testing.T) {
	valid := regexp.MustCompile(`^[A-Za-z0-9]{32}$`)
	seen := map[string]bool{}
	for range 50 {
		tok := GenerateToken()
		if !valid.MatchString(tok) || seen[tok] {
			t.Fatalf("token %q (seen before: %v)", tok, seen[tok])
		}
		seen[tok] = true
	}
}

func TestGenerateEncodingAESKey(t *testing.T) {
	seen := map[string]bool{}
	for range 50 {
		key := GenerateEncodingAESKey()
		raw, err := base64.StdEncoding.DecodeString(key + "=")
		if len(key) != 43 || err != nil || len(raw) != 32 || seen[key] {
			t.Fatalf("key %q: %d bytes, %v (seen before: %v)", key, len(raw), err, seen[key])
		}
		if strings.ContainsAny(key, "+/") { // the consoles take letters and digits only
			t.Fatalf("key %q has a character the console refuses", key)
		}
		seen[key] = true
		c := mustCodec(t, key, "wx1")
		enc, _ := c.Encrypt([]byte("hi"))
		if got, err := c.Decrypt(enc); err != nil || string(got) != "hi" {
			t.Fatalf("round trip under %q: %q, %v", key, got, err)
		}
	}
}
