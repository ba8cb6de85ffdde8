package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/auth/authtest"
	"github.com/kefu-dev/kefu/internal/config"
	"github.com/kefu-dev/kefu/internal/keyring"
)

// identitySecret fetches an inbox's identity secret as its admin would.
func (s *testServer) identitySecret(token, inboxID string) string {
	s.t.Helper()
	var out struct {
		IdentitySecret string `json:"identity_secret"`
	}
	s.mustDo(200, "GET", "/api/v1/inboxes/"+inboxID+"/identity-secret", token, nil).JSON(s.t, &out)
	return out.IdentitySecret
}

// mustCreateInbox creates a web inbox and returns its id and widget key.
func (s *testServer) mustCreateInbox(token, name string) (id, widgetKey string) {
	s.t.Helper()
	var in struct {
		ID        string `json:"id"`
		WidgetKey string `json:"widget_key"`
	}
	s.mustDo(201, "POST", "/api/v1/inboxes", token, map[string]any{"name": name}).JSON(s.t, &in)
	return in.ID, in.WidgetKey
}

// runKefu runs the kefu command line against cfg's data dir and database, returning its output.
func runKefu(t *testing.T, cfg config.Config, extraEnv []string, args ...string) (string, int) {
	t.Helper()
	var out bytes.Buffer
	env := append([]string{"KEFU_DATA_DIR=" + cfg.DataDir, "KEFU_DATABASE_URL=" + cfg.DatabaseURL, "KEFU_LOG_LEVEL=warn"}, extraEnv...)
	code := execute(context.Background(), args, env, &out, &out)
	return out.String(), code
}

// identified opens a widget session with a signed user over plain HTTP (usable off the test's
// goroutine) and reports whether the server verified it.
func identified(addr, widgetKey, userID, hash string) (bool, error) {
	body, _ := json.Marshal(map[string]any{"widget_key": widgetKey, "user": map[string]string{"id": userID, "hash": hash}})
	resp, err := http.Post("http://"+addr+"/api/v1/widget/sessions", "application/json", bytes.NewReader(body))
	if err != nil {
		return false, err
	}
	defer resp.Body.Close()
	var out identifiedSession
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode != 200 {
		return false, err
	}
	return out.Verified, nil
}

// verifyLoop keeps opening signed widget sessions until stop is closed, counting the sessions
// verified and those that were not.
func verifyLoop(addr, widgetKey, userID, hash string, stop <-chan struct{}) (ok, failed *atomic.Int64, done *sync.WaitGroup) {
	ok, failed, done = &atomic.Int64{}, &atomic.Int64{}, &sync.WaitGroup{}
	done.Go(func() {
		for {
			select {
			case <-stop:
				return
			default:
			}
			if v, err := identified(addr, widgetKey, userID, hash); v && err == nil {
				ok.Add(1)
			} else {
				failed.Add(1)
			}
		}
	})
	return ok, failed, done
}

// TestKeysRotateWhileServing rotates the data key with `kefu keys rotate` while the server runs
// and a widget keeps signing in verified users: every session verifies, before, during and
// after; every secret ends up under the new key and the old key is retired.
func TestKeysRotateWhileServing(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		cfg := testConfig(t, db)
		s := MustRunMain(t, cfg)
		o := s.mustSetupOrg("Rotate")
		owner := o.Tokens["owner"]
		for _, name := range []string{"B", "C", "D"} {
			s.mustCreateInbox(owner, name)
		}
		hash := hmacHex(s.identitySecret(owner, o.InboxID), "u-1")
		before, err := s.store.DataKeys(context.Background())
		if err != nil || len(before) != 1 {
			t.Fatalf("data keys before rotation: %v, %v; want one", before, err)
		}

		stop := make(chan struct{})
		ok, failed, done := verifyLoop(s.Addr(), o.WidgetKey, "u-1", hash, stop)
		waitFor(t, 10*time.Second, "a first verified session", func() bool { return ok.Load() > 0 })
		out, code := runKefu(t, cfg, nil, "keys", "rotate", "--batch", "1")
		n := ok.Load()
		waitFor(t, 10*time.Second, "a verified session after the rotation", func() bool { return ok.Load() > n })
		close(stop)
		done.Wait()

		if code != 0 {
			t.Fatalf("kefu keys rotate: exit %d: %s", code, out)
		}
		for _, want := range []string{"is now current", "resealed 1 of 4", "resealed 4 of 4", "resealed 4 value(s)", "retired data key " + before[0].ID} {
			if !strings.Contains(out, want) {
				t.Errorf("rotate output lacks %q:\n%s", want, out)
			}
		}
		if failed.Load() != 0 {
			t.Errorf("%d of %d signed sessions were not verified during the rotation", failed.Load(), failed.Load()+ok.Load())
		}
		after, err := s.store.DataKeys(context.Background())
		if err != nil || len(after) != 1 || after[0].ID == before[0].ID || !after[0].Current {
			t.Errorf("data keys after rotation: %+v, %v; want one new current key", after, err)
		}
		if stale, err := s.store.CountStale(context.Background()); err != nil || stale != 0 {
			t.Errorf("values not under the new key: %d, %v", stale, err)
		}
		id, key := s.mustCreateInbox(owner, "After")
		if v, err := identified(s.Addr(), key, "u-2", hmacHex(s.identitySecret(owner, id), "u-2")); !v || err != nil {
			t.Errorf("an inbox created after the rotation: verified %v, %v", v, err)
		}
	})
}

// startMain boots kefu with cfg and returns it running, or the error Run gave.
func startMain(t *testing.T, cfg config.Config) (*Main, error) {
	t.Helper()
	m := &Main{Config: cfg, Version: "test", PasswordParams: authtest.PasswordParams()}
	err := m.Run(context.Background())
	if err != nil {
		m.Close()
		return nil, err
	}
	return m, nil
}

// TestWrongMasterKeyRefusesStart: a server whose master key is not the one that wrapped the
// database's data keys, or that lost its key file, refuses to start and says why, and never
// writes a new key file over the existing keys.
func TestWrongMasterKeyRefusesStart(t *testing.T) {
	cfg := testConfig(t, databases()[0])
	m, err := startMain(t, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	wrong := cfg
	wrong.MasterKey = keyring.NewKEK("test").Encoded()
	if _, err := startMain(t, wrong); err == nil || !strings.Contains(err.Error(), "is not the one that encrypted") || !strings.Contains(err.Error(), "refusing to start") {
		t.Errorf("start with another master key: err %v, want a refusal naming the mismatch", err)
	}
	keyFile := filepath.Join(cfg.DataDir, keyring.KEKFile)
	if err := os.Rename(keyFile, keyFile+".moved"); err != nil {
		t.Fatal(err)
	}
	if _, err := startMain(t, cfg); err == nil || !strings.Contains(err.Error(), "is missing") {
		t.Errorf("start without the key file: err %v, want a refusal saying it is missing", err)
	}
	if _, err := os.Stat(keyFile); !os.IsNotExist(err) {
		t.Errorf("a new key file was written over existing data keys (stat: %v)", err)
	}
	if err := os.Rename(keyFile+".moved", keyFile); err != nil {
		t.Fatal(err)
	}
	m, err = startMain(t, cfg)
	if err != nil {
		t.Fatalf("start with the key file restored: %v", err)
	}
	m.Close()
}

// TestKeysRotateKEK rotates the master key in the key file while the server runs, then the
// data key under it: the running server keeps verifying, and a restart uses the new file. With
// the key in KEFU_MASTER_KEY the new one comes from KEFU_NEW_MASTER_KEY, and only it starts
// the server afterwards.
func TestKeysRotateKEK(t *testing.T) {
	cfg := testConfig(t, databases()[0])
	s := MustRunMain(t, cfg)
	o := s.mustSetupOrg("KEK")
	owner := o.Tokens["owner"]
	hash := hmacHex(s.identitySecret(owner, o.InboxID), "u-1")
	keyFile := filepath.Join(cfg.DataDir, keyring.KEKFile)
	oldFile, _ := os.ReadFile(keyFile)
	if out, code := runKefu(t, cfg, nil, "keys", "rotate", "--kek"); code != 0 || !strings.Contains(out, "rewrapped under a new master key") {
		t.Fatalf("keys rotate --kek: exit %d: %s", code, out)
	}
	if newFile, _ := os.ReadFile(keyFile); bytes.Equal(oldFile, newFile) {
		t.Fatal("master.key unchanged by keys rotate --kek")
	}
	if out, code := runKefu(t, cfg, nil, "keys", "rotate"); code != 0 {
		t.Fatalf("keys rotate after --kek: exit %d: %s", code, out)
	}
	id, key := s.mustCreateInbox(owner, "Under the new KEK")
	for _, tc := range []struct{ key, hash string }{{o.WidgetKey, hash}, {key, hmacHex(s.identitySecret(owner, id), "u-1")}} {
		if v, err := identified(s.Addr(), tc.key, "u-1", tc.hash); !v || err != nil {
			t.Errorf("running server after the master key rotation: verified %v, %v", v, err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	envKey, nextKey := keyring.NewKEK("a").Encoded(), keyring.NewKEK("b").Encoded()
	envCfg := testConfig(t, databases()[0])
	envCfg.MasterKey = envKey
	m, err := startMain(t, envCfg)
	if err != nil {
		t.Fatal(err)
	}
	m.Close()
	if out, code := runKefu(t, envCfg, []string{"KEFU_MASTER_KEY=" + envKey}, "keys", "rotate", "--kek"); code == 0 || !strings.Contains(out, "KEFU_NEW_MASTER_KEY") {
		t.Errorf("keys rotate --kek without KEFU_NEW_MASTER_KEY: exit %d: %s; want a refusal naming it", code, out)
	}
	if out, code := runKefu(t, envCfg, []string{"KEFU_MASTER_KEY=" + envKey, "KEFU_NEW_MASTER_KEY=" + nextKey}, "keys", "rotate", "--kek"); code != 0 {
		t.Fatalf("keys rotate --kek with KEFU_NEW_MASTER_KEY: exit %d: %s", code, out)
	}
	if _, err := startMain(t, envCfg); err == nil {
		t.Error("the old KEFU_MASTER_KEY still starts the server after the rotation")
	}
	envCfg.MasterKey = nextKey
	if m, err = startMain(t, envCfg); err != nil {
		t.Fatalf("start with the new KEFU_MASTER_KEY: %v", err)
	}
	m.Close()
}

// TestIdentitySecretNeverOnDisk is the canary: identity secrets, created and rotated through
// the API, appear nowhere in the SQLite files, write-ahead log included, while the widget keys
// written beside them do (so the scan does see the rows).
func TestIdentitySecretNeverOnDisk(t *testing.T) {
	cfg := testConfig(t, databases()[0])
	s := MustRunMain(t, cfg)
	o := s.mustSetupOrg("Canary")
	owner := o.Tokens["owner"]
	secrets, keys := []string{s.identitySecret(owner, o.InboxID)}, []string{o.WidgetKey}
	for _, name := range []string{"B", "C"} {
		id, key := s.mustCreateInbox(owner, name)
		s.mustDo(200, "PATCH", "/api/v1/inboxes/"+id, owner, map[string]any{"rotate_identity_secret": true})
		secrets, keys = append(secrets, s.identitySecret(owner, id)), append(keys, key)
	}
	files := readDBFiles(t, cfg.DataDir)
	for _, secret := range secrets {
		if !hexSecret.MatchString(secret) {
			t.Fatalf("identity secret %q is not what the API hands out (64 hex digits)", secret)
		}
		if bytes.Contains(files, []byte(secret)) {
			t.Errorf("identity secret %s… found in plaintext in the database files", secret[:8])
		}
	}
	for _, key := range keys {
		if !bytes.Contains(files, []byte(key)) {
			t.Errorf("widget key %s not found in the database files: the scan reads nothing", key)
		}
	}
}

// readDBFiles returns the bytes of the SQLite database and its -wal and -shm files.
func readDBFiles(t *testing.T, dir string) []byte {
	t.Helper()
	var all []byte
	for _, suffix := range []string{"", "-wal", "-shm"} {
		b, err := os.ReadFile(filepath.Join(dir, "kefu.db"+suffix))
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		all = append(all, b...)
	}
	return all
}

// hexSecret matches a plaintext identity secret as NewIdentitySecret makes them.
var hexSecret = regexp.MustCompile(`^[0-9a-f]{64}$`)

// TestTamperedSecretFailsClearly: an identity secret altered in the database file makes the
// widget's signed sign-in fail with the internal error code, not a silent "unverified", and the
// log names the row and the authentication failure.
func TestTamperedSecretFailsClearly(t *testing.T) {
	var logs syncBuffer
	cfg := testConfig(t, databases()[0])
	s := mustRun(t, &Main{Config: cfg, Version: "test", Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	o := s.mustSetupOrg("Tamper")
	hash := hmacHex(s.identitySecret(o.Tokens["owner"], o.InboxID), "u-1")
	db, err := sql.Open("sqlite", cfg.StoreURL())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// Change one character of the ciphertext's base64 (inside the tag): same length and format.
	if _, err := db.Exec(`UPDATE inboxes SET identity_secret = substr(identity_secret, 1, length(identity_secret) - 5)
		|| CASE substr(identity_secret, length(identity_secret) - 4, 1) WHEN 'A' THEN 'B' ELSE 'A' END
		|| substr(identity_secret, length(identity_secret) - 3) WHERE id = ?`, o.InboxID); err != nil {
		t.Fatal(err)
	}
	r := s.do("POST", "/api/v1/widget/sessions", "", map[string]any{"widget_key": o.WidgetKey, "user": map[string]string{"id": "u-1", "hash": hash}})
	if r.Status != 500 || r.Code(t) != "internal" {
		t.Errorf("signed sign-in on a tampered secret: %d %s, want 500 internal", r.Status, r.Body)
	}
	if !strings.Contains(logs.String(), "failed authentication") || !strings.Contains(logs.String(), o.InboxID) {
		t.Errorf("log lacks the authentication failure naming inbox %s:\n%s", o.InboxID, logs.String())
	}
}
