package main

import (
	"slices"
	"sync"
	"time"
)

// latencies collects samples from many goroutines and summarises them.
type latencies struct {
	mu   sync.Mutex
	vals []time.Duration
}

func (l *latencies) add(d time.Duration) {
	l.mu.Lock()
	l.vals = append(l.vals, d)
	l.mu.Unlock()
}

func (l *latencies) count() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.vals)
}

// Summary is a latency distribution in milliseconds.
type Summary struct {
	N    int     `json:"n"`
	P50  float64 `json:"p50_ms"`
	P90  float64 `json:"p90_ms"`
	P99  float64 `json:"p99_ms"`
	P999 float64 `json:"p999_ms"`
	Max  float64 `json:"max_ms"`
}

func (l *latencies) summary() Summary {
	l.mu.Lock()
	v := slices.Clone(l.vals)
	l.mu.Unlock()
	if len(v) == 0 {
		return Summary{}
	}
	slices.Sort(v)
	q := func(p float64) float64 {
		i := int(p*float64(len(v))+0.5) - 1
		i = max(0, min(i, len(v)-1))
		return ms(v[i])
	}
	return Summary{N: len(v), P50: q(0.50), P90: q(0.90), P99: q(0.99), P999: q(0.999), Max: ms(v[len(v)-1])}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// orderCheck tracks, per receiver and conversation, that seqs only increase; an equal seq is a
// duplicate and a smaller one is out of order.
type orderCheck struct {
	mu    sync.Mutex
	last  map[string]int64
	dups  int
	order int
}

func newOrderCheck() *orderCheck { return &orderCheck{last: map[string]int64{}} }

// see records seq for key (receiver + conversation) and reports whether it was new.
func (o *orderCheck) see(key string, seq int64) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	prev := o.last[key]
	switch {
	case seq == prev:
		o.dups++
		return false
	case seq < prev:
		o.order++
		return false
	}
	o.last[key] = seq
	return true
}

func (o *orderCheck) counts() (dups, outOfOrder int) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.dups, o.order
}

// idSet is a concurrent set of message or conversation ids with an optional time each.
type idSet struct {
	mu sync.Mutex
	m  map[string]time.Time
}

func newIDSet() *idSet { return &idSet{m: map[string]time.Time{}} }

// add records id at t; it reports false when id was already there (the first time is kept).
func (s *idSet) add(id string, t time.Time) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.m[id]; ok {
		return false
	}
	s.m[id] = t
	return true
}

func (s *idSet) get(id string) (time.Time, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.m[id]
	return t, ok
}

func (s *idSet) len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.m)
}

func (s *idSet) keys() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]string, 0, len(s.m))
	for k := range s.m {
		out = append(out, k)
	}
	return out
}

// waitFor polls cond every 50 ms until it holds or timeout passes; it reports whether it held.
func waitFor(timeout time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(50 * time.Millisecond)
	}
	return true
}
