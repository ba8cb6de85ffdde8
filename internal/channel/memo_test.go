package channel

import (
	"testing"
	"time"
)

// The memo answers within its lifetime, forgets after it, and stays within its size.
func TestMemo(t *testing.T) {
	m := NewMemo[string](2, time.Hour)
	t0 := time.Unix(1_700_000_000, 0)
	m.Put("a", "u1", t0)
	if u, ok := m.Get("a", t0.Add(59*time.Minute)); !ok || u != "u1" {
		t.Errorf("within the hour: %q %v, want u1", u, ok)
	}
	if _, ok := m.Get("a", t0.Add(61*time.Minute)); ok {
		t.Error("after the hour: still remembered")
	}
	m.Put("b", "", t0)
	m.Put("c", "u3", t0.Add(2*time.Hour)) // full: a and b have expired and go
	if m.Len() != 1 {
		t.Errorf("%d entries, want 1 after the expired went", m.Len())
	}
}
