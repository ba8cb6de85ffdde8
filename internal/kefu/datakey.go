package kefu

import "time"

// DataKey is a data-encryption key as the database keeps it: the key itself wrapped (encrypted)
// by the key-encryption key named by KEKID, so a copy of the database alone reveals nothing.
// Current marks the one key new values are sealed with; older keys stay until nothing uses them.
type DataKey struct {
	ID        string
	KEKID     string // fingerprint of the key-encryption key that wrapped it
	Wrapped   []byte // nonce and AES-256-GCM ciphertext of the 32-byte key
	Current   bool
	CreatedAt time.Time
}
