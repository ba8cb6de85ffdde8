package keyring

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// Version is the prefix of every sealed value's format; a new format gets a new one.
const Version = "v1"

// ErrTampered is returned for a sealed value that does not open: altered, truncated, moved to
// another row or column, or sealed under another key of the same id.
var ErrTampered = errors.New("keyring: sealed value failed authentication (altered, or moved from another row or column)")

// newAEAD returns AES-256-GCM under key.
func newAEAD(key []byte) (cipher.AEAD, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// seal encrypts plaintext under a with a fresh random nonce, returning nonce and ciphertext.
// Random 96-bit nonces are safe far past the number of values one data key will ever seal.
func seal(a cipher.AEAD, ad, plaintext []byte) []byte {
	nonce := make([]byte, a.NonceSize(), a.NonceSize()+len(plaintext)+a.Overhead())
	rand.Read(nonce)
	return a.Seal(nonce, nonce, plaintext, ad)
}

// open decrypts what seal returned.
func open(a cipher.AEAD, ad, sealed []byte) ([]byte, error) {
	if len(sealed) < a.NonceSize()+a.Overhead() {
		return nil, ErrTampered
	}
	n := a.NonceSize()
	out, err := a.Open(nil, sealed[:n], sealed[n:], ad)
	if err != nil {
		return nil, ErrTampered
	}
	return out, nil
}

// Prefix is what every value sealed under data key id starts with; the store selects values
// still under an older key by it.
func Prefix(keyID string) string { return Version + ":" + keyID + ":" }

// IsSealed reports whether v has the sealed format's prefix; anything else is legacy plaintext.
func IsSealed(v string) bool { return strings.HasPrefix(v, Version+":") }

// KeyIDOf returns the data key id a sealed value names.
func KeyIDOf(v string) (string, bool) {
	rest, ok := strings.CutPrefix(v, Version+":")
	if !ok {
		return "", false
	}
	id, _, ok := strings.Cut(rest, ":")
	return id, ok && validKeyID(id)
}

// format writes a sealed value: version, key id, then nonce and ciphertext in base64url.
func format(keyID string, sealed []byte) string {
	return Prefix(keyID) + base64.RawURLEncoding.EncodeToString(sealed)
}

// parse splits a sealed value into its key id and raw bytes.
func parse(v string) (keyID string, sealed []byte, err error) {
	id, ok := KeyIDOf(v)
	if !ok {
		return "", nil, fmt.Errorf("keyring: not a sealed value (want %s:<key id>:<data>)", Version)
	}
	raw, err := base64.RawURLEncoding.DecodeString(v[len(Prefix(id)):])
	if err != nil {
		return "", nil, ErrTampered
	}
	return id, raw, nil
}

// boundAD is the associated data a value is sealed with: the key id it names (so the header
// cannot be swapped) and the caller's identity of the field.
func boundAD(keyID string, ad []byte) []byte {
	return append([]byte("kefu "+Version+"\x00"+keyID+"\x00"), ad...)
}

// newKeyID returns a random data key id: 16 hex digits, short enough to prefix every value.
func newKeyID() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// validKeyID reports whether id looks like newKeyID's output.
func validKeyID(id string) bool {
	if len(id) != 16 {
		return false
	}
	_, err := hex.DecodeString(id)
	return err == nil
}

// wrapAD binds a wrapped data key to its id, so wrapped keys cannot be swapped between rows.
func wrapAD(keyID string) []byte { return []byte("kefu data key\x00" + keyID) }
