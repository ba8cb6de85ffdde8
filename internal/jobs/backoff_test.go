package jobs

import (
	"testing"
	"time"
)

func TestBackoffDoublesWithinJitterAndCap(t *testing.T) {
	b := Backoff{Base: time.Second, Max: 10 * time.Second}
	for _, tc := range []struct {
		attempt int
		full    time.Duration
	}{{1, time.Second}, {2, 2 * time.Second}, {3, 4 * time.Second}, {4, 8 * time.Second}, {5, 10 * time.Second}, {40, 10 * time.Second}} {
		seen := map[time.Duration]bool{}
		for range 200 {
			d := b.Delay(tc.attempt)
			if d < tc.full/2 || d > tc.full {
				t.Fatalf("Delay(%d) = %v, want within [%v, %v]", tc.attempt, d, tc.full/2, tc.full)
			}
			seen[d] = true
		}
		if len(seen) < 2 {
			t.Errorf("Delay(%d) gave %d distinct values in 200 draws, want jitter", tc.attempt, len(seen))
		}
	}
}
