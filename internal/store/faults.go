package store

import (
	"errors"
	"sync/atomic"
)

// faults are failures a test asks the writer to simulate at points where a real database fails
// only on a full disk or an I/O error, so that the recovery paths behind them are exercised.
// They are off unless a test turns them on (export_test.go); the check is one atomic load.
type faults struct {
	saveEventsOnce atomic.Bool // the next fast-path batch fails to save its events, once
}

var errInjected = errors.New("store: injected failure")

// saveEvents returns the injected failure, once, when a test armed it.
func (f *faults) saveEvents() error {
	if f.saveEventsOnce.Load() && f.saveEventsOnce.CompareAndSwap(true, false) {
		return errInjected
	}
	return nil
}
