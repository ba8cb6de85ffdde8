package hours

import (
	"testing"
	"time"
)

// BenchmarkNew: building a calendar (zone lookup included) per routing call must stay cheap.
func BenchmarkNew(b *testing.B) {
	bh := shanghai()
	for b.Loop() {
		if _, err := New(bh, ""); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkZonesNew: the same with the zone kept.
func BenchmarkZonesNew(b *testing.B) {
	bh, z := shanghai(), &Zones{}
	for b.Loop() {
		if _, err := z.New(bh, ""); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkOpen: the question routing asks per conversation.
func BenchmarkOpen(b *testing.B) {
	c, err := New(shanghai(), "")
	if err != nil {
		b.Fatal(err)
	}
	t := time.Date(2026, 9, 28, 10, 0, 0, 0, time.UTC)
	for b.Loop() {
		c.Open(t)
	}
}
