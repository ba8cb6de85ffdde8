package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// PasswordParams are the argon2id cost parameters used for new hashes. Verification always
// reads the parameters stored in the hash, so they can be raised later without breaking logins.
type PasswordParams struct {
	Time      uint32 // passes over memory
	MemoryKiB uint32 // memory per hash, in KiB
	Threads   uint8  // lanes
}

// DefaultPasswordParams returns the parameters for new hashes when none are configured: the
// OWASP Password Storage Cheat Sheet baseline for argon2id (m=19 MiB, t=2, p=1). kefu targets
// small 2-core boxes where every running hash costs this much memory, so the memory-heavy
// settings (64 MiB and up) would make even the Hasher's few slots expensive; the sign-in
// throttle limits online guessing, and this baseline still makes offline cracking expensive. It is a function,
// not a variable, so no package can lower the cost for everyone. Tests use
// authtest.PasswordParams.
func DefaultPasswordParams() PasswordParams {
	return PasswordParams{Time: 2, MemoryKiB: 19 * 1024, Threads: 1}
}

// Sizes of new hashes, and the bounds a stored hash must respect before we spend CPU and memory
// on it (a corrupt or hostile row must not be able to make a login allocate gigabytes).
const (
	saltLen         = 16
	keyLen          = 32
	minSaltLen      = 8
	minKeyLen       = 16
	maxKeyLen       = 64
	maxMemoryKiB    = 1 << 20 // 1 GiB
	maxTime         = 16
	passwordMaxByte = 256
)

var b64 = base64.RawStdEncoding // PHC strings use unpadded standard base64

// HashPassword returns the argon2id hash of pw in PHC string format
// ($argon2id$v=19$m=...,t=...,p=...$salt$hash) with a fresh random salt.
func HashPassword(pw string, p PasswordParams) (string, error) {
	if p.Time == 0 || p.MemoryKiB == 0 || p.Threads == 0 {
		return "", fmt.Errorf("auth: invalid password params %+v", p)
	}
	salt := randomBytes(saltLen)
	key := argon2.IDKey([]byte(pw), salt, p.Time, p.MemoryKiB, p.Threads, keyLen)
	return formatPHC(p, salt, key), nil
}

// formatPHC writes an argon2id hash as a PHC string.
func formatPHC(p PasswordParams, salt, key []byte) string {
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.MemoryKiB, p.Time, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key))
}

// randomBytes returns n bytes from the system's CSPRNG.
func randomBytes(n int) []byte {
	b := make([]byte, n)
	rand.Read(b)
	return b
}

// VerifyPassword reports whether pw matches the PHC hash phc, comparing in constant time. The
// error is non-nil only when phc is not a valid argon2id hash.
func VerifyPassword(phc, pw string) (bool, error) {
	h, err := parsePHC(phc)
	if err != nil {
		return false, err
	}
	key := argon2.IDKey([]byte(pw), h.salt, h.params.Time, h.params.MemoryKiB, h.params.Threads, uint32(len(h.key)))
	return subtle.ConstantTimeCompare(key, h.key) == 1, nil
}

// phcHash is a parsed argon2id PHC string.
type phcHash struct {
	params PasswordParams
	salt   []byte
	key    []byte
}

var errPHC = errors.New("auth: malformed argon2id hash")

// parsePHC parses and bounds-checks an argon2id PHC string.
func parsePHC(s string) (phcHash, error) {
	parts := strings.Split(s, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return phcHash{}, errPHC
	}
	if parts[2] != fmt.Sprintf("v=%d", argon2.Version) {
		return phcHash{}, fmt.Errorf("%w: unsupported version %q", errPHC, parts[2])
	}
	var h phcHash
	if err := parsePHCParams(parts[3], &h.params); err != nil {
		return phcHash{}, err
	}
	var err1, err2 error
	h.salt, err1 = b64.DecodeString(parts[4])
	h.key, err2 = b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(h.salt) < minSaltLen || len(h.key) < minKeyLen || len(h.key) > maxKeyLen {
		return phcHash{}, fmt.Errorf("%w: bad salt or hash", errPHC)
	}
	return h, nil
}

// parsePHCParams parses "m=...,t=...,p=..." and rejects costs outside sane bounds.
func parsePHCParams(s string, p *PasswordParams) error {
	var m, t, th uint32
	n, err := fmt.Sscanf(s, "m=%d,t=%d,p=%d", &m, &t, &th)
	if err != nil || n != 3 || fmt.Sprintf("m=%d,t=%d,p=%d", m, t, th) != s {
		return fmt.Errorf("%w: bad parameters %q", errPHC, s)
	}
	if m == 0 || m > maxMemoryKiB || t == 0 || t > maxTime || th == 0 || th > 255 || m < 8*th {
		return fmt.Errorf("%w: parameters out of range %q", errPHC, s)
	}
	*p = PasswordParams{Time: t, MemoryKiB: m, Threads: uint8(th)}
	return nil
}
