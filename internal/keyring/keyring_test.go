package keyring

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// memStore keeps data keys in memory with the database's rules (one current key, rewrap only
// from the expected KEK); the real store passes the same through cmd/kefu's tests.
type memStore struct {
	mu   sync.Mutex
	keys []kefu.DataKey
}

func (m *memStore) DataKeys(context.Context) ([]kefu.DataKey, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]kefu.DataKey(nil), m.keys...), nil
}

func (m *memStore) AddDataKey(_ context.Context, k kefu.DataKey) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for i := range m.keys {
		if k.Current {
			m.keys[i].Current = false
		}
	}
	m.keys = append(m.keys, k)
	return nil
}

func (m *memStore) RewrapDataKeys(_ context.Context, from string, keys []kefu.DataKey) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, k := range m.keys {
		if k.KEKID != from {
			return kefu.Errorf(kefu.CodeConflict, "rewrapped concurrently")
		}
	}
	m.keys = append([]kefu.DataKey(nil), keys...)
	return nil
}

func mustOpen(t *testing.T, st Store, src KEKSource) *Keyring {
	t.Helper()
	k, err := Open(context.Background(), st, src)
	if err != nil {
		t.Fatalf("open keyring: %v", err)
	}
	return k
}

func mustSeal(t *testing.T, k *Keyring, ad, plain string) string {
	t.Helper()
	v, err := k.Seal(context.Background(), "", []byte(ad), []byte(plain))
	if err != nil {
		t.Fatalf("seal: %v", err)
	}
	return v
}

func TestSealOpenBindsField(t *testing.T) {
	k := mustOpen(t, &memStore{}, KEKSource{DataDir: t.TempDir()})
	v := mustSeal(t, k, "inboxes\x00identity_secret\x00row-1", "s3cret")
	if strings.Contains(v, "s3cret") || !strings.HasPrefix(v, Prefix(k.Current())) {
		t.Fatalf("sealed value %q: want the %s prefix and no plaintext", v, Prefix(k.Current()))
	}
	got, err := k.Open(context.Background(), []byte("inboxes\x00identity_secret\x00row-1"), v)
	if err != nil || string(got) != "s3cret" {
		t.Fatalf("open = %q, %v; want s3cret", got, err)
	}
	if _, err := k.Open(context.Background(), []byte("inboxes\x00identity_secret\x00row-2"), v); !errors.Is(err, ErrTampered) {
		t.Errorf("open under another row: err %v, want ErrTampered", err)
	}
	flipped := []byte(v)
	flipped[len(flipped)-3] ^= 1
	if _, err := k.Open(context.Background(), []byte("inboxes\x00identity_secret\x00row-1"), string(flipped)); !errors.Is(err, ErrTampered) {
		t.Errorf("open of an altered value: err %v, want ErrTampered", err)
	}
}

func TestRotateKeepsOldValuesReadable(t *testing.T) {
	st := &memStore{}
	k := mustOpen(t, st, KEKSource{DataDir: t.TempDir()})
	old, oldID := mustSeal(t, k, "f", "before"), k.Current()
	newID, err := k.Rotate(context.Background())
	if err != nil || newID == oldID || k.Current() != newID {
		t.Fatalf("rotate = %q, %v (current %q); want a new current key other than %q", newID, err, k.Current(), oldID)
	}
	if id, _ := KeyIDOf(mustSeal(t, k, "f", "after")); id != newID {
		t.Errorf("a value sealed after rotation names key %q, want %q", id, newID)
	}
	if got, err := k.Open(context.Background(), []byte("f"), old); err != nil || string(got) != "before" {
		t.Errorf("open a value of the old key = %q, %v; want before", got, err)
	}
}

func TestOtherProcessKeyIsLoadedOnUse(t *testing.T) {
	st, dir := &memStore{}, t.TempDir()
	server := mustOpen(t, st, KEKSource{DataDir: dir})
	cli := mustOpen(t, st, KEKSource{DataDir: dir})
	if _, err := cli.Rotate(context.Background()); err != nil {
		t.Fatal(err)
	}
	v := mustSeal(t, cli, "f", "from the cli")
	if got, err := server.Open(context.Background(), []byte("f"), v); err != nil || string(got) != "from the cli" {
		t.Errorf("server opens a value under the cli's new key = %q, %v", got, err)
	}
}

func TestKeyFileCreatedPrivate(t *testing.T) {
	dir := t.TempDir()
	mustOpen(t, &memStore{}, KEKSource{DataDir: dir})
	info, err := os.Stat(filepath.Join(dir, KEKFile))
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v, mode %v; want mode 0600", err, info.Mode().Perm())
	}
}

func TestEnvironmentWinsOverFile(t *testing.T) {
	dir, env := t.TempDir(), NewKEK(KEKEnv).Encoded()
	k := mustOpen(t, &memStore{}, KEKSource{DataDir: dir, Configured: env})
	want, _ := ParseKEK(env, KEKEnv)
	if k.KEKID() != want.ID() {
		t.Errorf("kek id %s, want the environment's %s", k.KEKID(), want.ID())
	}
	if _, err := os.Stat(filepath.Join(dir, KEKFile)); !os.IsNotExist(err) {
		t.Errorf("a key file was written although the environment names the key: %v", err)
	}
}

func TestRefusesWrongOrMissingKEK(t *testing.T) {
	st, dir := &memStore{}, t.TempDir()
	mustOpen(t, st, KEKSource{DataDir: dir})
	_, err := Open(context.Background(), st, KEKSource{DataDir: dir, Configured: NewKEK(KEKEnv).Encoded()})
	if err == nil || !strings.Contains(err.Error(), "not the one that encrypted") {
		t.Errorf("open with another key: err %v, want a refusal naming the mismatch", err)
	}
	if err := os.Remove(filepath.Join(dir, KEKFile)); err != nil {
		t.Fatal(err)
	}
	_, err = Open(context.Background(), st, KEKSource{DataDir: dir})
	if err == nil || !strings.Contains(err.Error(), "is missing") {
		t.Errorf("open without the key file: err %v, want a refusal saying it is missing", err)
	}
	if _, err := os.Stat(filepath.Join(dir, KEKFile)); !os.IsNotExist(err) {
		t.Errorf("a new key file was created over existing data keys: %v", err)
	}
}

func TestBadKEKText(t *testing.T) {
	for name, text := range map[string]string{"short": "c2hvcnQ=", "not base64": "!!!", "empty": " "} {
		if _, err := ParseKEK(text, KEKEnv); err == nil {
			t.Errorf("%s: parsed, want an error", name)
		}
	}
}

func TestRotateKEKFile(t *testing.T) {
	st, dir := &memStore{}, t.TempDir()
	src := KEKSource{DataDir: dir}
	k := mustOpen(t, st, src)
	v, before := mustSeal(t, k, "f", "kept"), k.KEKID()
	if err := k.RotateKEKFile(context.Background(), src); err != nil {
		t.Fatalf("rotate kek: %v", err)
	}
	again := mustOpen(t, st, src)
	if again.KEKID() == before {
		t.Errorf("kek id unchanged after rotation: %s", before)
	}
	if got, err := again.Open(context.Background(), []byte("f"), v); err != nil || string(got) != "kept" {
		t.Errorf("open after kek rotation = %q, %v", got, err)
	}
}

func TestInterruptedKEKRotationCompletes(t *testing.T) {
	st, dir := &memStore{}, t.TempDir()
	src := KEKSource{DataDir: dir}
	k := mustOpen(t, st, src)
	next := NewKEK(src.nextPath())
	if err := writeKEKFile(src.nextPath(), next); err != nil {
		t.Fatal(err)
	}
	if err := k.RewrapKEK(context.Background(), next); err != nil {
		t.Fatal(err)
	}
	// Stopped here: the database is rewrapped, master.key is still the old key.
	again := mustOpen(t, st, src)
	if again.KEKID() != next.ID() {
		t.Errorf("kek id %s, want the interrupted rotation's %s", again.KEKID(), next.ID())
	}
	if _, err := os.Stat(src.nextPath()); !os.IsNotExist(err) {
		t.Errorf("master.key.next still there after completion: %v", err)
	}
}

// A server keeps working when another process rotated the key file's KEK and then added a data
// key under it: it rereads the key file instead of failing to unwrap.
func TestKEKRotationInAnotherProcess(t *testing.T) {
	st, src := &memStore{}, KEKSource{DataDir: t.TempDir()}
	server, cli := mustOpen(t, st, src), mustOpen(t, st, src)
	if err := cli.RotateKEKFile(context.Background(), src); err != nil {
		t.Fatal(err)
	}
	if _, err := cli.Rotate(context.Background()); err != nil {
		t.Fatal(err)
	}
	v := mustSeal(t, cli, "f", "under a key wrapped by the new kek")
	if got, err := server.Open(context.Background(), []byte("f"), v); err != nil || string(got) != "under a key wrapped by the new kek" {
		t.Errorf("server open after the other process's kek rotation = %q, %v", got, err)
	}
}

// Processes starting together on a new installation end up with one key file, all of them
// using it: none overwrites the key another already sealed under.
func TestConcurrentFirstStartsShareOneKEK(t *testing.T) {
	st, src := &memStore{}, KEKSource{DataDir: t.TempDir()}
	ids := make([]string, 8)
	var wg sync.WaitGroup
	for i := range ids {
		wg.Go(func() {
			k, err := Open(context.Background(), st, src)
			if err != nil {
				t.Errorf("open %d: %v", i, err)
				return
			}
			ids[i] = k.KEKID()
		})
	}
	wg.Wait()
	file, err := readKEKFile(src.filePath())
	if err != nil {
		t.Fatal(err)
	}
	for i, id := range ids {
		if id != file.ID() {
			t.Errorf("process %d uses master key %s, the file holds %s", i, id, file.ID())
		}
	}
}
