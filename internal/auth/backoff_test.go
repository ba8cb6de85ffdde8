package auth

import (
	"fmt"
	"testing"
	"time"
)

func TestLockout(t *testing.T) {
	tests := []struct {
		failures int
		want     time.Duration
	}{
		{5, time.Second},
		{6, 2 * time.Second},
		{7, 4 * time.Second},
		{14, 512 * time.Second},
		{15, 15 * time.Minute},
		{40, 15 * time.Minute},
		{1000, 15 * time.Minute},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.failures), func(t *testing.T) {
			if got := lockout(tt.failures); got != tt.want {
				t.Fatalf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func TestBackoffLocksAfterFiveFailures(t *testing.T) {
	clock := newFakeClock()
	b := newBackoff(clock.Now, 10)
	for i := 1; i <= 4; i++ {
		b.fail("email:a")
		if d := b.wait("email:a"); d != 0 {
			t.Fatalf("after %d failures got wait %s, want 0", i, d)
		}
	}
	b.fail("email:a")
	if d := b.wait("email:a"); d != time.Second {
		t.Fatalf("after 5 failures got wait %s, want 1s", d)
	}
	if d := b.wait("email:b", "ip:x"); d != 0 {
		t.Fatalf("got wait %s for other keys, want 0", d)
	}
	clock.Advance(time.Second)
	if d := b.wait("email:a"); d != 0 {
		t.Fatalf("after the lockout got wait %s, want 0", d)
	}
	b.fail("email:a")
	if d := b.wait("ip:x", "email:a"); d != 2*time.Second {
		t.Fatalf("after 6 failures got wait %s, want 2s (longest of the keys)", d)
	}
	b.reset("email:a")
	if d := b.wait("email:a"); d != 0 {
		t.Fatalf("after reset got wait %s, want 0", d)
	}
}

func TestBackoffForgetsOldFailures(t *testing.T) {
	clock := newFakeClock()
	b := newBackoff(clock.Now, 10)
	for range 4 {
		b.fail("k")
	}
	clock.Advance(backoffForget + time.Second)
	b.fail("k")
	if d := b.wait("k"); d != 0 {
		t.Fatalf("got wait %s after failures an hour apart, want 0", d)
	}
}

func TestBackoffEvictsOldest(t *testing.T) {
	clock := newFakeClock()
	b := newBackoff(clock.Now, 3)
	for _, k := range []string{"a", "b", "c"} {
		for range 5 {
			b.fail(k)
		}
	}
	b.fail("a") // a is now the most recent; b is the oldest
	b.fail("d")
	if len(b.entries) != 3 || b.order.Len() != 3 {
		t.Fatalf("got %d entries (%d in order), want 3", len(b.entries), b.order.Len())
	}
	if d := b.wait("b"); d != 0 {
		t.Fatalf("got wait %s for evicted key b, want 0", d)
	}
	for _, k := range []string{"a", "c"} {
		if d := b.wait(k); d == 0 {
			t.Fatalf("got wait 0 for kept key %s, want a lockout", k)
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
