package channel

import (
	"context"
	"errors"
	"testing"
	"time"
)

// A held key makes a second locker wait until it is released or its context ends; other keys
// are not held up; nothing is left behind once every lock is released.
func TestKeyLocks(t *testing.T) {
	var k KeyLocks
	ctx := context.Background()
	unlock, err := k.Lock(ctx, "a")
	if err != nil {
		t.Fatal(err)
	}
	other, err := k.Lock(ctx, "b") // another key is not held up
	if err != nil {
		t.Fatal(err)
	}
	other()
	short, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	if _, err := k.Lock(short, "a"); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("lock of a held key = %v, want the context's deadline", err)
	}
	unlock()
	again, err := k.Lock(ctx, "a")
	if err != nil {
		t.Fatal(err)
	}
	again()
	if n := len(k.locks); n != 0 {
		t.Errorf("%d keys left after every lock was released, want 0", n)
	}
}
