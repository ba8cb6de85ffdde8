package wxcrypto

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strconv"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// NonceStore remembers the callbacks' nonces; the store implements it.
type NonceStore interface {
	// RecordCallbackNonce records nonce for inboxID with the hash of its body, and reports
	// replayed when the nonce was recorded before with a DIFFERENT body hash. The same nonce
	// with the same hash is the platform retrying a callback and is not a replay.
	RecordCallbackNonce(ctx context.Context, inboxID, nonce, bodyHash string, at time.Time) (replayed bool, err error)
}

// DefaultWindow is how far a callback's timestamp may be from kefu's clock.
const DefaultWindow = 5 * time.Minute

// maxNonce bounds a nonce's length; the platforms send ten digits or so.
const maxNonce = 64

// Replay refuses callbacks that are stale or replayed. The signature alone does not stop a
// replay: in plaintext mode it covers only (token, timestamp, nonce), not the body, so a
// captured query could be sent again with another body inside the window.
type Replay struct {
	Nonces NonceStore
	Window time.Duration    // default DefaultWindow
	Now    func() time.Time // default time.Now
}

// Check refuses a callback whose timestamp (unix seconds) is outside ±Window (ErrStale),
// whose nonce is empty or longer than 64 bytes (invalid_input), or whose nonce was seen
// before with a different body (ErrReplay).
func (r Replay) Check(ctx context.Context, inboxID, timestamp, nonce string, body []byte) error {
	now := r.now()
	if err := r.checkTime(now, timestamp); err != nil {
		return err
	}
	if nonce == "" || len(nonce) > maxNonce {
		return kefu.FieldError("nonce", "the callback nonce must be 1 to %d bytes", maxNonce)
	}
	if r.Nonces == nil {
		return kefu.Internal(errors.New("wxcrypto: Replay has no NonceStore"))
	}
	sum := sha256.Sum256(body)
	replayed, err := r.Nonces.RecordCallbackNonce(ctx, inboxID, nonce, hex.EncodeToString(sum[:]), now)
	if err != nil {
		return err
	}
	if replayed {
		return ErrReplay
	}
	return nil
}

// checkTime refuses a timestamp that is not decimal unix seconds or is outside the window.
func (r Replay) checkTime(now time.Time, timestamp string) error {
	sec, err := strconv.ParseInt(timestamp, 10, 64)
	if err != nil || sec < 0 {
		return ErrStale
	}
	skew := now.Sub(time.Unix(sec, 0))
	if skew > r.window() || skew < -r.window() {
		return ErrStale
	}
	return nil
}

func (r Replay) window() time.Duration {
	if r.Window > 0 {
		return r.Window
	}
	return DefaultWindow
}

func (r Replay) now() time.Time {
	if r.Now != nil {
		return r.Now()
	}
	return time.Now()
}
