package audit

import (
	"testing"
	"time"
)

// TestUnknownLoginsBoundEntries: one entry per address a minute, at most max addresses a
// minute, and a new minute starts afresh.
func TestUnknownLoginsBoundEntries(t *testing.T) {
	u := newUnknownLogins(2)
	t0 := time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)
	steps := []struct {
		at            time.Time
		ip            string
		first, overfl bool
	}{
		{t0, "10.0.0.1", true, false},
		{t0.Add(10 * time.Second), "10.0.0.1", false, false},
		{t0.Add(20 * time.Second), "10.0.0.2", true, false},
		{t0.Add(30 * time.Second), "10.0.0.3", false, true},
		{t0.Add(61 * time.Second), "10.0.0.1", true, false},
		{t0.Add(62 * time.Second), "10.0.0.3", true, false},
	}
	for i, st := range steps {
		first, overflow := u.add(st.at, st.ip)
		if first != st.first || overflow != st.overfl {
			t.Errorf("step %d (%s at %s): got first %v overflow %v, want %v %v", i, st.ip, st.at.Format("15:04:05"),
				first, overflow, st.first, st.overfl)
		}
	}
}
