package httpapi

import (
	"strconv"
	"testing"
	"time"
)

func TestKeyedLimiterRefusesABurstPerKey(t *testing.T) {
	l := newKeyedLimiter(3, 0)
	now := time.Now()
	for i := range 3 {
		if d := l.wait("a", now); d != 0 {
			t.Fatalf("request %d of a minute's allowance of 3: got wait %v, want 0", i+1, d)
		}
	}
	if d := l.wait("a", now); d <= 0 || d > 20*time.Second {
		t.Errorf("fourth request: got wait %v, want the 20s one token takes to refill", d)
	}
	if d := l.wait("b", now); d != 0 {
		t.Errorf("another key: got wait %v, want its own allowance", d)
	}
	if d := l.wait("a", now.Add(20*time.Second)); d != 0 {
		t.Errorf("after a token refilled: got wait %v, want 0", d)
	}
}

func TestKeyedLimiterMemoryIsBounded(t *testing.T) {
	l := newKeyedLimiter(1, 100)
	now := time.Now()
	l.wait("steady", now)
	for i := range 10_000 {
		l.wait("spray-"+strconv.Itoa(i), now)
		if i%40 == 0 {
			l.wait("steady", now) // an active client keeps its bucket through the spray
		}
	}
	if n := l.size(); n > 100 {
		t.Errorf("after 10,000 addresses: remembers %d keys, want at most 100", n)
	}
	if d := l.wait("steady", now); d == 0 {
		t.Error("the active client's spent allowance was forgotten during the spray")
	}
}

func TestKeyedLimiterOff(t *testing.T) {
	var l *keyedLimiter = newKeyedLimiter(0, 0)
	for range 1000 {
		if d := l.wait("a", time.Now()); d != 0 {
			t.Fatalf("a limit of 0: got wait %v, want none", d)
		}
	}
}
