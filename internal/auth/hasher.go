package auth

import (
	"context"
	"runtime"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// DefaultHashWait is how long a password hash waits for a free slot before the request is shed.
// A person signing in barely notices a second or two; a burst past that gets a quick 429 rather
// than a pile of goroutines each about to allocate the hash's memory.
const DefaultHashWait = 2 * time.Second

// hashRetryAfter is the retry hint of a shed hash: slots free up within tens of milliseconds.
const hashRetryAfter = time.Second

// Hasher hashes and verifies passwords with at most a fixed number of argon2id computations at
// once. Each computation holds MemoryKiB of memory (19 MiB by default) for its whole run, so
// without a cap ten concurrent logins took 200 MB; with it the memory spent on hashing is at
// most slots × MemoryKiB whatever the load. Every password hash in kefu (login, the dummy hash
// for unknown e-mails, password changes, new agents) goes through one Hasher.
type Hasher struct {
	params PasswordParams
	slots  chan struct{}
	wait   time.Duration
}

// NewHasher returns a Hasher for new hashes with params (zero = DefaultPasswordParams), at most
// maxConcurrent at once (0 = GOMAXPROCS: argon2id with one lane is CPU-bound, so more in
// parallel only adds memory) and waiting up to wait for a slot (0 = DefaultHashWait).
func NewHasher(params PasswordParams, maxConcurrent int, wait time.Duration) *Hasher {
	if params == (PasswordParams{}) {
		params = DefaultPasswordParams()
	}
	if maxConcurrent <= 0 {
		maxConcurrent = runtime.GOMAXPROCS(0)
	}
	if wait <= 0 {
		wait = DefaultHashWait
	}
	return &Hasher{params: params, slots: make(chan struct{}, maxConcurrent), wait: wait}
}

// Params are the parameters new hashes use.
func (h *Hasher) Params() PasswordParams { return h.params }

// Hash returns the argon2id hash of pw, or overloaded when no slot frees up in time.
func (h *Hasher) Hash(ctx context.Context, pw string) (string, error) {
	release, err := h.acquire(ctx)
	if err != nil {
		return "", err
	}
	defer release()
	return HashPassword(pw, h.params)
}

// Verify reports whether pw matches phc (see VerifyPassword), or fails with overloaded when no
// slot frees up in time.
func (h *Hasher) Verify(ctx context.Context, phc, pw string) (bool, error) {
	release, err := h.acquire(ctx)
	if err != nil {
		return false, err
	}
	defer release()
	return VerifyPassword(phc, pw)
}

// acquire takes a slot, waiting up to h.wait.
func (h *Hasher) acquire(ctx context.Context) (release func(), err error) {
	select {
	case h.slots <- struct{}{}:
		return h.release, nil
	default:
	}
	timer := time.NewTimer(h.wait)
	defer timer.Stop()
	select {
	case h.slots <- struct{}{}:
		return h.release, nil
	case <-timer.C:
		return nil, errHashOverloaded()
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (h *Hasher) release() { <-h.slots }

// errHashOverloaded is the answer when every hashing slot stayed busy for the whole wait.
func errHashOverloaded() *kefu.Error {
	return &kefu.Error{
		Code:       kefu.CodeOverloaded,
		Message:    "too many sign-ins and password changes at once; try again shortly",
		RetryAfter: hashRetryAfter,
	}
}
