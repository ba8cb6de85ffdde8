package keyring

import (
	"context"
	"fmt"
	"os"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/keyfile"
)

// nextPath is where `keys rotate --kek` keeps the new key file until the database has been
// rewrapped under it; Open completes a rotation that stopped between the two.
func (s KEKSource) nextPath() string { return s.filePath() + ".next" }

// RewrapKEK wraps every data key under next instead of the current key-encryption key, in one
// transaction. The keyring keeps working; it uses next from then on.
func (k *Keyring) RewrapKEK(ctx context.Context, next KEK) error {
	stored, err := k.st.DataKeys(ctx)
	if err != nil {
		return fmt.Errorf("keyring: read data keys: %w", err)
	}
	rewrapped := make([]kefu.DataKey, 0, len(stored))
	for _, dk := range stored {
		raw, err := k.rawKey(dk)
		if err != nil {
			return err
		}
		w, err := wrapKey(next, dk.ID, raw)
		if err != nil {
			return err
		}
		w.Current, w.CreatedAt = dk.Current, dk.CreatedAt
		rewrapped = append(rewrapped, w)
	}
	if err := k.st.RewrapDataKeys(ctx, k.KEKID(), rewrapped); err != nil {
		return fmt.Errorf("keyring: rewrap data keys: %w", err)
	}
	k.mu.Lock()
	k.kek = next
	k.mu.Unlock()
	return nil
}

// rawKey unwraps a stored key to its raw bytes.
func (k *Keyring) rawKey(dk kefu.DataKey) ([]byte, error) {
	kek := k.theKEK()
	if dk.KEKID != kek.ID() {
		return nil, mismatch(kek, dk.KEKID)
	}
	kekAEAD, err := newAEAD(kek.key)
	if err != nil {
		return nil, err
	}
	return open(kekAEAD, wrapAD(dk.ID), dk.Wrapped)
}

// RotateKEKFile replaces the key file's key-encryption key with a new random one: the new key
// is written beside the old first (master.key.next), the data keys are rewrapped, and only then
// does the new file replace the old. A crash in between leaves both keys on disk, and the next
// Open picks whichever the database names.
func (k *Keyring) RotateKEKFile(ctx context.Context, src KEKSource) error {
	if src.Configured != "" {
		return fmt.Errorf("the master key comes from %s: pass the new one in KEFU_NEW_MASTER_KEY instead", KEKEnv)
	}
	next := NewKEK(src.filePath())
	if err := writeKEKFile(src.nextPath(), next); err != nil {
		return err
	}
	if err := k.RewrapKEK(ctx, next); err != nil {
		os.Remove(src.nextPath())
		return err
	}
	return installNext(src)
}

// installNext moves master.key.next over master.key.
func installNext(src KEKSource) error {
	if err := os.Rename(src.nextPath(), src.filePath()); err != nil {
		return fmt.Errorf("install new master key: %w", err)
	}
	return keyfile.SyncDir(src.DataDir)
}

// finishKEKRotation is Open's answer to a key file that is not the data keys' KEK: if the
// master.key.next of an interrupted rotation is, it becomes the key file; else it is an error.
func finishKEKRotation(src KEKSource, kek KEK, want string) (KEK, error) {
	if src.Configured != "" {
		return KEK{}, mismatch(kek, want)
	}
	next, err := readKEKFile(src.nextPath())
	if err != nil || next.ID() != want {
		return KEK{}, mismatch(kek, want)
	}
	if err := installNext(src); err != nil {
		return KEK{}, err
	}
	next.source = src.filePath()
	return next, nil
}
