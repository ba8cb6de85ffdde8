package wxcrypto

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// memNonces is a test double of the store's nonce table, for the unit tests of Check's own
// logic; the real store has its own conformance tests.
type memNonces struct {
	mu   sync.Mutex
	seen map[string]string
	err  error
}

func (m *memNonces) RecordCallbackNonce(_ context.Context, inboxID, nonce, bodyHash string, _ time.Time) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.err != nil {
		return false, m.err
	}
	k := inboxID + "\x00" + nonce
	if h, ok := m.seen[k]; ok {
		return h != bodyHash, nil
	}
	m.seen[k] = bodyHash
	return false, nil
}

var replayNow = time.Unix(1_700_000_000, 0)

func newReplay() (Replay, *memNonces) {
	m := &memNonces{seen: map[string]string{}}
	return Replay{Nonces: m, Now: func() time.Time { return replayNow }}, m
}

func ts(d time.Duration) string { return strconv.FormatInt(replayNow.Add(d).Unix(), 10) }

func TestReplayWindow(t *testing.T) {
	r, _ := newReplay()
	ctx := context.Background()
	for i, d := range []time.Duration{0, 5 * time.Minute, -5 * time.Minute, 90 * time.Second} {
		if err := r.Check(ctx, "in_1", ts(d), "n"+strconv.Itoa(i), nil); err != nil {
			t.Errorf("skew %v: %v", d, err)
		}
	}
	for _, stamp := range []string{ts(5*time.Minute + time.Second), ts(-5*time.Minute - time.Second),
		ts(-24 * time.Hour), "", "abc", "-1", "1.5e9", "99999999999999999999"} {
		if err := r.Check(ctx, "in_1", stamp, "fresh", nil); !errors.Is(err, ErrStale) {
			t.Errorf("timestamp %q: %v", stamp, err)
		}
	}
	r.Window = time.Minute
	if err := r.Check(ctx, "in_1", ts(2*time.Minute), "other", nil); !errors.Is(err, ErrStale) {
		t.Errorf("a narrower window: %v", err)
	}
}

func TestReplayNonces(t *testing.T) {
	r, _ := newReplay()
	ctx := context.Background()
	if err := r.Check(ctx, "in_1", ts(0), "42", []byte("body A")); err != nil {
		t.Fatal(err)
	}
	if err := r.Check(ctx, "in_1", ts(time.Second), "42", []byte("body A")); err != nil {
		t.Errorf("the platform's retry of the same body: %v", err)
	}
	if err := r.Check(ctx, "in_1", ts(0), "42", []byte("body B")); !errors.Is(err, ErrReplay) {
		t.Errorf("the same nonce with another body: %v", err)
	}
	if err := r.Check(ctx, "in_2", ts(0), "42", []byte("body B")); err != nil {
		t.Errorf("the same nonce at another inbox: %v", err)
	}
}

func TestReplayRefusesBadNonces(t *testing.T) {
	r, m := newReplay()
	for _, nonce := range []string{"", strings.Repeat("9", 65)} {
		err := r.Check(context.Background(), "in_1", ts(0), nonce, nil)
		if kefu.ErrorCode(err) != kefu.CodeInvalid {
			t.Errorf("nonce of %d bytes: %v", len(nonce), err)
		}
	}
	if len(m.seen) != 0 {
		t.Errorf("bad nonces were recorded: %v", m.seen)
	}
	if err := r.Check(context.Background(), "in_1", ts(0), strings.Repeat("9", 64), nil); err != nil {
		t.Errorf("a 64-byte nonce: %v", err)
	}
}

func TestReplayFailsClosed(t *testing.T) {
	r, m := newReplay()
	m.err = errors.New("database down")
	if err := r.Check(context.Background(), "in_1", ts(0), "1", nil); !errors.Is(err, m.err) {
		t.Errorf("store error: %v", err)
	}
	r.Nonces = nil
	if err := r.Check(context.Background(), "in_1", ts(0), "1", nil); err == nil {
		t.Error("no NonceStore: accepted")
	}
}
