package keyring

import (
	"context"
	"crypto/cipher"
	"crypto/rand"
	"fmt"
	"sync"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// Store keeps the wrapped data keys; the database implements it and cmd/kefu passes it in.
type Store interface {
	// DataKeys returns every data key, oldest first.
	DataKeys(ctx context.Context) ([]kefu.DataKey, error)
	// AddDataKey inserts a key; when k.Current, the key that was current stops being so in the
	// same transaction. Another current key added concurrently makes it fail with conflict.
	AddDataKey(ctx context.Context, k kefu.DataKey) error
	// RewrapDataKeys replaces the wrapped form and KEK id of the given keys in one transaction,
	// failing with conflict unless each is still wrapped by fromKEK.
	RewrapDataKeys(ctx context.Context, fromKEK string, keys []kefu.DataKey) error
}

// Keyring holds the unwrapped data keys of one process and seals and opens values with them.
// It is safe for concurrent use. Keys added by another process (a rotation run from the CLI,
// another node) are loaded the first time a value or the store names them.
type Keyring struct {
	st  Store
	src KEKSource

	mu      sync.RWMutex
	kek     KEK
	keys    map[string]cipher.AEAD
	current string
}

// Open loads the key-encryption key and unwraps the database's data keys with it, creating the
// key file and the first data key on a new installation. It refuses to start, with a message
// saying what to do, when the database holds data keys and the key is missing or is not the one
// that wrapped them: it never makes a new key over data sealed with another.
func Open(ctx context.Context, st Store, src KEKSource) (*Keyring, error) {
	stored, err := st.DataKeys(ctx)
	if err != nil {
		return nil, fmt.Errorf("keyring: read data keys: %w", err)
	}
	kek, err := loadKEK(src, stored)
	if err != nil {
		return nil, err
	}
	k := &Keyring{st: st, src: src, kek: kek, keys: map[string]cipher.AEAD{}}
	if err := k.load(stored); err != nil {
		return nil, err
	}
	if k.Current() == "" {
		if err := k.addCurrent(ctx); err != nil {
			return nil, err
		}
	}
	return k, nil
}

// loadKEK reads the key-encryption key, or creates the key file when the database has no data
// key yet. A key file left by an interrupted `keys rotate --kek` is completed.
func loadKEK(src KEKSource, stored []kefu.DataKey) (KEK, error) {
	kek, err := src.read()
	if isNotExist(err) && src.Configured == "" {
		if len(stored) > 0 {
			return KEK{}, fmt.Errorf("the database holds %d encrypted data key(s) but the master key file %s is missing: restore it from your backup, or set %s; refusing to start, as a new key could not read existing data",
				len(stored), src.filePath(), KEKEnv)
		}
		return createKEKFile(src.filePath())
	}
	if err != nil {
		return KEK{}, err
	}
	if len(stored) > 0 && stored[0].KEKID != kek.ID() {
		return finishKEKRotation(src, kek, stored[0].KEKID)
	}
	return kek, nil
}

// load unwraps stored keys and notes the current one. A key already unwrapped here is kept as it
// is, so a server keeps working after `keys rotate --kek` rewrapped the keys under a new KEK.
func (k *Keyring) load(stored []kefu.DataKey) error {
	k.followKEK(stored)
	keys := make(map[string]cipher.AEAD, len(stored))
	current := ""
	for _, dk := range stored {
		a, err := k.known(dk.ID)
		if a == nil {
			a, err = k.unwrap(dk)
		}
		if err != nil {
			return err
		}
		keys[dk.ID] = a
		if dk.Current {
			current = dk.ID
		}
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	k.keys, k.current = keys, current
	return nil
}

// followKEK switches to the key file's KEK when the stored keys name it and not the one in use:
// `keys rotate --kek` ran in another process, and this one keeps working without a restart.
func (k *Keyring) followKEK(stored []kefu.DataKey) {
	cur := k.theKEK()
	if len(stored) == 0 || stored[0].KEKID == cur.ID() {
		return
	}
	if next, err := k.src.read(); err == nil && next.ID() == stored[0].KEKID {
		k.mu.Lock()
		k.kek = next
		k.mu.Unlock()
	}
}

// theKEK returns the key-encryption key in use.
func (k *Keyring) theKEK() KEK {
	k.mu.RLock()
	defer k.mu.RUnlock()
	return k.kek
}

// known returns the cipher of an already unwrapped key, or nil.
func (k *Keyring) known(id string) (cipher.AEAD, error) {
	k.mu.RLock()
	defer k.mu.RUnlock()
	return k.keys[id], nil
}

// unwrap decrypts a stored data key with the KEK.
func (k *Keyring) unwrap(dk kefu.DataKey) (cipher.AEAD, error) {
	raw, err := k.rawKey(dk)
	if err != nil {
		return nil, fmt.Errorf("keyring: data key %s does not unwrap under the master key from %s: %w", dk.ID, k.theKEK().Source(), err)
	}
	return newAEAD(raw)
}

// mismatch is the refusal to start with a key-encryption key other than the data keys'.
func mismatch(kek KEK, want string) error {
	return fmt.Errorf("the master key from %s (id %s) is not the one that encrypted this database's data keys (id %s): restore the right key (from %s or your backup of %s); refusing to start",
		kek.Source(), kek.ID(), want, KEKEnv, KEKFile)
}

// Current is the id of the data key new values are sealed with ("" before Open finished).
func (k *Keyring) Current() string {
	k.mu.RLock()
	defer k.mu.RUnlock()
	return k.current
}

// KEKID is the fingerprint of the key-encryption key in use.
func (k *Keyring) KEKID() string { return k.theKEK().ID() }

// Rotate makes a new data key current and returns its id. Values sealed under older keys keep
// opening; the store reseals them (see `kefu keys rotate`).
func (k *Keyring) Rotate(ctx context.Context) (string, error) {
	if err := k.addCurrent(ctx); err != nil {
		return "", err
	}
	return k.Current(), nil
}

// addCurrent creates a data key, wraps it with the KEK and stores it as current. Should another
// process have added one at the same moment, its key is loaded and used instead.
func (k *Keyring) addCurrent(ctx context.Context) error {
	raw := make([]byte, 32)
	rand.Read(raw)
	dk, err := wrapKey(k.theKEK(), newKeyID(), raw)
	if err != nil {
		return err
	}
	dk.Current = true
	if err := k.st.AddDataKey(ctx, dk); err != nil && kefu.ErrorCode(err) != kefu.CodeConflict {
		return fmt.Errorf("keyring: store data key: %w", err)
	}
	return k.Refresh(ctx)
}

// wrapKey encrypts a raw data key under kek.
func wrapKey(kek KEK, id string, raw []byte) (kefu.DataKey, error) {
	kekAEAD, err := newAEAD(kek.key)
	if err != nil {
		return kefu.DataKey{}, err
	}
	return kefu.DataKey{ID: id, KEKID: kek.ID(), Wrapped: seal(kekAEAD, wrapAD(id), raw), CreatedAt: time.Now()}, nil
}

// Refresh reloads the data keys from the store, picking up keys and a current key that another
// process set.
func (k *Keyring) Refresh(ctx context.Context) error {
	stored, err := k.st.DataKeys(ctx)
	if err != nil {
		return fmt.Errorf("keyring: read data keys: %w", err)
	}
	return k.load(stored)
}

// aead returns the cipher of key id, loading the keys again once when it is unknown here.
func (k *Keyring) aead(ctx context.Context, id string) (cipher.AEAD, error) {
	k.mu.RLock()
	a := k.keys[id]
	k.mu.RUnlock()
	if a != nil {
		return a, nil
	}
	if err := k.Refresh(ctx); err != nil {
		return nil, err
	}
	k.mu.RLock()
	defer k.mu.RUnlock()
	if a = k.keys[id]; a == nil {
		return nil, fmt.Errorf("keyring: data key %s is not in the database (was it retired while a value still used it?)", id)
	}
	return a, nil
}

// Seal encrypts plaintext under data key keyID ("" = the current one), binding ad (the field's
// identity) to it, and returns the self-describing sealed text.
func (k *Keyring) Seal(ctx context.Context, keyID string, ad, plaintext []byte) (string, error) {
	if keyID == "" {
		keyID = k.Current()
	}
	a, err := k.aead(ctx, keyID)
	if err != nil {
		return "", err
	}
	return format(keyID, seal(a, boundAD(keyID, ad), plaintext)), nil
}

// Open decrypts a sealed value with the data key it names, which may be an older one; ad must
// be what it was sealed with. A value that fails authentication is ErrTampered.
func (k *Keyring) Open(ctx context.Context, ad []byte, sealed string) ([]byte, error) {
	id, raw, err := parse(sealed)
	if err != nil {
		return nil, err
	}
	a, err := k.aead(ctx, id)
	if err != nil {
		return nil, err
	}
	return open(a, boundAD(id, ad), raw)
}
