package auth

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/store"
	"github.com/kefu-dev/kefu/internal/store/storetest"
)

func TestLimitLockout(t *testing.T) {
	tests := []struct {
		l        limit
		failures int
		want     time.Duration
	}{
		{accountLimit, 4, 0},
		{accountLimit, 5, time.Second},
		{accountLimit, 6, 2 * time.Second},
		{accountLimit, 14, 512 * time.Second},
		{accountLimit, 15, 15 * time.Minute},
		{accountLimit, 1000, 15 * time.Minute},
		{addressLimit, 19, 0},
		{addressLimit, 20, time.Second},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.l.free, "/", tt.failures), func(t *testing.T) {
			if got := tt.l.lockout(tt.failures); got != tt.want {
				t.Fatalf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func TestAddressKey(t *testing.T) {
	tests := map[string]string{
		"192.0.2.7":            "192.0.2.7",
		"::ffff:192.0.2.7":     "192.0.2.7",
		"2001:db8:1:2:3:4:5:6": "2001:db8:1:2::/64",
		"2001:db8:1:2:ffff::9": "2001:db8:1:2::/64",
		"":                     "",
		"not an address":       "",
		"fe80::1%eth0":         "fe80::/64",
	}
	for in, want := range tests {
		if got := addressKey(in); got != want {
			t.Errorf("addressKey(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRateLimitedError(t *testing.T) {
	err := rateLimited(1500 * time.Millisecond)
	if got := retryAfter(err); got != 2*time.Second {
		t.Fatalf("got RetryAfter %s, want 2s (rounded up)", got)
	}
	if err.Message != "too many failed sign-in attempts; try again in 2s" {
		t.Fatalf("got message %q", err.Message)
	}
}

// throttleEnv is a Service over a real store with a fake clock, alice and bob in one
// organisation (password "password-<name>") and a log buffer.
type throttleEnv struct {
	st         *store.Store
	clock      *fakeClock
	svc        *Service
	log        *syncBuffer
	alice, bob *kefu.Agent
}

// syncBuffer is a bytes.Buffer safe for concurrent log writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

var throttleSecret = []byte("0123456789abcdef0123456789abcdef")

func newThrottleEnv(t *testing.T, st *store.Store) *throttleEnv {
	t.Helper()
	e := &throttleEnv{st: st, clock: newFakeClock(), log: &syncBuffer{}}
	e.svc = e.service(t)
	org := &kefu.Org{Name: "Acme", Settings: kefu.DefaultOrgSettings()}
	e.alice = &kefu.Agent{Email: "alice@example.com", Name: "Alice", Role: kefu.RoleOwner, PasswordHash: mustHash(t, "password-alice")}
	if err := st.CreateOrgWithOwner(context.Background(), org, e.alice); err != nil {
		t.Fatal(err)
	}
	e.bob = &kefu.Agent{OrgID: org.ID, Email: "bob@example.com", Name: "Bob", Role: kefu.RoleAgent, PasswordHash: mustHash(t, "password-bob")}
	if err := st.CreateAgent(context.Background(), e.bob); err != nil {
		t.Fatal(err)
	}
	return e
}

// service returns another Service over the same store and secret: another kefu process.
func (e *throttleEnv) service(t *testing.T) *Service {
	svc, err := NewService(Options{
		Store: e.st, Now: e.clock.Now, SecretKey: throttleSecret, PasswordParams: testPasswordParams,
		Logger: slog.New(slog.NewTextHandler(e.log, nil)),
	})
	if err != nil {
		t.Fatal(err)
	}
	return svc
}

func (e *throttleEnv) signIn(email, pw, ip, device string) (*LoginResult, error) {
	return e.svc.SignIn(context.Background(), LoginRequest{Email: email, Password: pw, ClientIP: ip, Device: device})
}

func wantCode(t *testing.T, what string, err error, code kefu.Code) {
	t.Helper()
	if kefu.ErrorCode(err) != code {
		t.Fatalf("%s: got %v, want %s", what, err, code)
	}
}

// TestLoginThrottle runs the sign-in throttle against the real store: SQLite always,
// PostgreSQL when KEFU_TEST_POSTGRES_URL is set.
func TestLoginThrottle(t *testing.T) {
	for name, open := range map[string]func(testing.TB) *store.Store{
		"sqlite":   storetest.OpenSQLite,
		"postgres": storetest.OpenPostgres,
	} {
		t.Run(name, func(t *testing.T) {
			for _, tt := range []struct {
				name string
				fn   func(t *testing.T, e *throttleEnv)
			}{
				{"AccountLockout", testAccountLockout},
				{"UnknownEmailsDoNotLockOthersOut", testUnknownEmailSpray},
				{"KnownDeviceSkipsAddressThrottle", testKnownDevice},
				{"DeviceCookieIsBoundAndSigned", testDeviceCookieChecks},
				{"SharedAcrossProcesses", testThrottleShared},
				{"ConcurrentBurst", testConcurrentBurst},
				{"SuccessesDoNotAddUp", testSuccessesDoNotAddUp},
				{"Prune", testThrottlePrune},
				{"ShedAttemptsAreNotCounted", testShedNotCounted},
			} {
				t.Run(tt.name, func(t *testing.T) { tt.fn(t, newThrottleEnv(t, open(t))) })
			}
		})
	}
}

// testAccountLockout: five wrong passwords lock the account (from any address) for a second,
// doubling; other accounts on the same address are untouched; a success resets the account.
func testAccountLockout(t *testing.T, e *throttleEnv) {
	for i := range 5 {
		_, err := e.signIn("alice@example.com", "wrong-password", "192.0.2.1", "")
		wantCode(t, fmt.Sprint("failure ", i+1), err, kefu.CodeUnauthenticated)
	}
	_, err := e.signIn("ALICE@example.com", "password-alice", "198.51.100.7", "")
	wantCode(t, "locked account, right password, other address", err, kefu.CodeRateLimited)
	if retryAfter(err) != time.Second || !strings.Contains(kefu.PublicMessage(err), "try again in 1s") {
		t.Fatalf("got retry %s, message %q, want 1s", retryAfter(err), kefu.PublicMessage(err))
	}
	if _, err := e.signIn("bob@example.com", "password-bob", "192.0.2.1", ""); err != nil {
		t.Fatalf("another account from the same address got %v, want success", err)
	}
	e.clock.Advance(time.Second)
	if _, err := e.signIn("alice@example.com", "password-alice", "198.51.100.7", ""); err != nil {
		t.Fatalf("after the lockout got %v, want success", err)
	}
	_, err = e.signIn("alice@example.com", "wrong-password", "198.51.100.7", "")
	wantCode(t, "one failure after the reset", err, kefu.CodeUnauthenticated)
	if _, err := e.signIn("alice@example.com", "password-alice", "198.51.100.7", ""); err != nil {
		t.Fatalf("after a reset and one failure got %v, want success", err)
	}
	logged := e.log.String()
	for _, want := range []string{"reason=wrong_password", "reason=account_locked", "client_ip=198.51.100.7", "agent_id=" + e.alice.ID} {
		if !strings.Contains(logged, want) {
			t.Errorf("log lacks %q:\n%s", want, logged)
		}
	}
}

// testUnknownEmailSpray is defect 2: a spray of made-up e-mails from one address must not lock
// accounts out, only the address; it is counted per address, so it adds a bounded number of
// rows; and a made-up e-mail locks out like a real one, revealing nothing.
func testUnknownEmailSpray(t *testing.T, e *throttleEnv) {
	counted := 0
	for i := range 200 {
		_, err := e.signIn(fmt.Sprintf("ghost%d@example.com", i), "whatever-pw", "203.0.113.5", "")
		switch kefu.ErrorCode(err) {
		case kefu.CodeUnauthenticated:
			counted++
		case kefu.CodeRateLimited:
		default:
			t.Fatalf("attempt %d got %v", i, err)
		}
	}
	if counted != addressLimit.free {
		t.Fatalf("%d attempts were checked and counted, want %d: the address throttle bounds the spray", counted, addressLimit.free)
	}
	if _, err := e.signIn("alice@example.com", "password-alice", "192.0.2.1", ""); err != nil {
		t.Fatalf("alice from another address got %v, want success: the spray locks no account", err)
	}
	_, err := e.signIn("bob@example.com", "password-bob", "203.0.113.5", "")
	wantCode(t, "bob, never signed in, from the sprayed address", err, kefu.CodeRateLimited)
	if !strings.Contains(e.log.String(), "reason=address_locked") || !strings.Contains(e.log.String(), "reason=unknown_email") {
		t.Fatalf("log lacks the refusal reasons:\n%s", e.log.String())
	}
	for range 5 {
		e.signIn("ghost@example.com", "whatever-pw", "192.0.2.9", "")
	}
	_, err = e.signIn("ghost@example.com", "whatever-pw", "192.0.2.10", "")
	wantCode(t, "a made-up e-mail after five failures", err, kefu.CodeRateLimited)
}

// testKnownDevice: a browser that signed in to an account before keeps signing in to it while
// its address is throttled and its account locked by somebody else's guessing; its own
// failures lock only the device.
func testKnownDevice(t *testing.T, e *throttleEnv) {
	res, err := e.signIn("bob@example.com", "password-bob", "203.0.113.5", "")
	if err != nil || res.Device == "" || !res.DeviceExpires.Equal(e.clock.Now().Add(DeviceTTL)) {
		t.Fatalf("got %+v, %v, want a device cookie valid for %s", res, err, DeviceTTL)
	}
	for i := range addressLimit.free {
		e.signIn(fmt.Sprintf("ghost%d@example.com", i), "whatever-pw", "203.0.113.5", "")
	}
	for range accountLimit.free {
		e.signIn("bob@example.com", "guess-guess", "198.51.100.1", "")
	}
	_, err = e.signIn("bob@example.com", "password-bob", "203.0.113.5", "")
	wantCode(t, "bob without his cookie", err, kefu.CodeRateLimited)
	again, err := e.signIn("bob@example.com", "password-bob", "203.0.113.5", res.Device)
	if err != nil {
		t.Fatalf("bob with his device cookie got %v, want success", err)
	}
	if !strings.HasPrefix(again.Device, strings.Join(strings.Split(res.Device, ".")[:2], ".")+".") {
		t.Fatalf("got renewed cookie %q, want the same device as %q", again.Device, res.Device)
	}
	for range deviceLimit.free {
		_, err := e.signIn("bob@example.com", "typo-typo", "203.0.113.5", again.Device)
		wantCode(t, "device failure", err, kefu.CodeUnauthenticated)
	}
	_, err = e.signIn("bob@example.com", "password-bob", "203.0.113.5", again.Device)
	wantCode(t, "locked device", err, kefu.CodeRateLimited)
	if !strings.Contains(e.log.String(), "reason=device_locked") {
		t.Fatalf("log lacks device_locked:\n%s", e.log.String())
	}
}

// testDeviceCookieChecks: a device cookie works only for its account, unaltered and unexpired.
func testDeviceCookieChecks(t *testing.T, e *throttleEnv) {
	res, err := e.signIn("alice@example.com", "password-alice", "192.0.2.1", "")
	if err != nil {
		t.Fatal(err)
	}
	if e.svc.knownDevice(res.Device, e.alice.ID) == "" {
		t.Fatal("the issued cookie is not accepted for its account")
	}
	parts := strings.Split(res.Device, ".")
	moved := e.bob.ID + "." + strings.Join(parts[1:], ".")
	later := parts[0] + "." + parts[1] + ".99999999999." + parts[3]
	for name, cookie := range map[string]string{
		"other account": res.Device, "moved to bob": moved, "expiry changed": later,
		"garbage": "a.b.c.d", "empty": "",
	} {
		if e.svc.knownDevice(cookie, e.bob.ID) != "" {
			t.Errorf("%s: accepted for bob", name)
		}
	}
	other, err := NewService(Options{Store: e.st, Now: e.clock.Now, SecretKey: []byte(strings.Repeat("z", 32))})
	if err != nil {
		t.Fatal(err)
	}
	if other.knownDevice(res.Device, e.alice.ID) != "" {
		t.Error("a server with another secret accepted the cookie")
	}
	e.clock.Advance(DeviceTTL)
	if e.svc.knownDevice(res.Device, e.alice.ID) != "" {
		t.Error("an expired cookie was accepted")
	}
}

// testThrottleShared: failures counted by one kefu process lock the account on another.
func testThrottleShared(t *testing.T, e *throttleEnv) {
	other := e.service(t)
	for range accountLimit.free {
		e.signIn("alice@example.com", "wrong-password", "192.0.2.1", "")
	}
	_, _, _, err := other.Login(context.Background(), "alice@example.com", "password-alice", "192.0.2.2")
	wantCode(t, "the other process", err, kefu.CodeRateLimited)
}

// testThrottlePrune: counts older than the failure memory are pruned, recent ones kept.
func testThrottlePrune(t *testing.T, e *throttleEnv) {
	e.signIn("alice@example.com", "wrong-password", "192.0.2.1", "")
	e.clock.Advance(failureMemory + time.Minute)
	e.signIn("bob@example.com", "wrong-password", "192.0.2.2", "")
	n, err := e.svc.PruneLoginFailures(context.Background(), e.clock.Now())
	if err != nil || n != 2 { // alice's account and 192.0.2.1
		t.Fatalf("pruned %d, %v; want the 2 old rows", n, err)
	}
	left, err := e.st.LoginFailures(context.Background(), []string{"account:" + e.bob.ID, "ip:192.0.2.2"})
	if err != nil || len(left) != 2 {
		t.Fatalf("got %+v, %v, want bob's rows kept", left, err)
	}
}

// testConcurrentBurst: of 30 concurrent guesses at one account, from 30 addresses, only the
// free failures reach the password check; the rest are refused as locked out.
func testConcurrentBurst(t *testing.T, e *throttleEnv) {
	var wg sync.WaitGroup
	var mu sync.Mutex
	codes := map[kefu.Code]int{}
	for i := range 30 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := e.signIn("alice@example.com", "guess-"+fmt.Sprint(i), fmt.Sprintf("198.51.100.%d", i+1), "")
			mu.Lock()
			defer mu.Unlock()
			codes[kefu.ErrorCode(err)]++
		}()
	}
	wg.Wait()
	if codes[kefu.CodeUnauthenticated] != accountLimit.free || codes[kefu.CodeRateLimited] != 30-accountLimit.free {
		t.Fatalf("got %v, want %d password checks and the rest rate_limited", codes, accountLimit.free)
	}
}

// testSuccessesDoNotAddUp: an office's many successful sign-ins from one address do not count
// towards that address's throttle.
func testSuccessesDoNotAddUp(t *testing.T, e *throttleEnv) {
	for range addressLimit.free + 5 {
		if _, err := e.signIn("bob@example.com", "password-bob", "203.0.113.9", ""); err != nil {
			t.Fatalf("sign-in got %v", err)
		}
	}
	for i := range addressLimit.free {
		_, err := e.signIn(fmt.Sprintf("ghost%d@example.com", i), "whatever-pw", "203.0.113.9", "")
		wantCode(t, fmt.Sprint("failure ", i+1, " after the successes"), err, kefu.CodeUnauthenticated)
	}
}

// testShedNotCounted: attempts the hashing cap sheds compared no password, so however many
// there were, they lock nobody out.
func testShedNotCounted(t *testing.T, e *throttleEnv) {
	svc, err := NewService(Options{
		Store: e.st, Now: e.clock.Now, SecretKey: throttleSecret, Hasher: NewHasher(testPasswordParams, 1, time.Millisecond),
	})
	if err != nil {
		t.Fatal(err)
	}
	release, err := svc.hasher.acquire(context.Background()) // the one slot is busy
	if err != nil {
		t.Fatal(err)
	}
	for i := range 8 {
		_, err := svc.SignIn(context.Background(), LoginRequest{Email: "alice@example.com", Password: "wrong-password", ClientIP: "192.0.2.9"})
		wantCode(t, fmt.Sprint("shed attempt ", i+1), err, kefu.CodeOverloaded)
	}
	release()
	if _, err := svc.SignIn(context.Background(), LoginRequest{Email: "alice@example.com", Password: "password-alice", ClientIP: "192.0.2.9"}); err != nil {
		t.Fatalf("after shed attempts: %v, want a sign-in", err)
	}
}
