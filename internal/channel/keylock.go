package channel

import (
	"context"
	"sync"
)

// KeyLocks is a mutex per key, held only while someone uses it, so it stays as small as the
// number of keys in use at this moment: the Receiver's senders being received, an adapter's
// inboxes being pulled. It locks within one process only. The zero value is ready.
type KeyLocks struct {
	mu    sync.Mutex
	locks map[string]*keyLock
}

type keyLock struct {
	held  chan struct{} // a token in it means held; a channel so waiting can end with ctx
	users int           // holders and waiters; the entry goes when it reaches zero
}

// Lock waits for key, or until ctx ends, and returns the function that releases it.
func (k *KeyLocks) Lock(ctx context.Context, key string) (unlock func(), err error) {
	k.mu.Lock()
	if k.locks == nil {
		k.locks = map[string]*keyLock{}
	}
	l := k.locks[key]
	if l == nil {
		l = &keyLock{held: make(chan struct{}, 1)}
		k.locks[key] = l
	}
	l.users++
	k.mu.Unlock()
	select {
	case l.held <- struct{}{}:
		return func() { <-l.held; k.leave(key, l) }, nil
	case <-ctx.Done():
		k.leave(key, l)
		return nil, ctx.Err()
	}
}

func (k *KeyLocks) leave(key string, l *keyLock) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if l.users--; l.users == 0 {
		delete(k.locks, key)
	}
}
