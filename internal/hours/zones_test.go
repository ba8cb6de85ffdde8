package hours

import (
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

func TestZones(t *testing.T) {
	z := &Zones{}
	a, err := z.Load("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := z.Load("Asia/Shanghai"); b != a {
		t.Error("Load() loaded the zone again, want the kept one")
	}
	for _, bad := range []string{"Local", "Asia/Atlantis"} {
		if _, err := z.Load(bad); err == nil {
			t.Errorf("Load(%q) = nil error, want one", bad)
		}
		if _, err := (*Zones)(nil).Load(bad); err == nil {
			t.Errorf("nil Load(%q) = nil error, want one", bad)
		}
	}
	if loc, err := z.Load(""); err != nil || loc != time.UTC {
		t.Errorf(`Load("") = %v, %v, want UTC`, loc, err)
	}
}

// TestZonesNewSameAsNew: a calendar built with kept zones answers as one built fresh.
func TestZonesNewSameAsNew(t *testing.T) {
	z := &Zones{}
	fresh := mustNew(t, nightShift(), "")
	kept, err := z.New(nightShift(), "")
	if err != nil {
		t.Fatal(err)
	}
	for h := range 48 {
		at := time.Date(2026, 12, 23, 0, 0, 0, 0, time.UTC).Add(time.Duration(h) * 30 * time.Minute)
		if fresh.Open(at) != kept.Open(at) {
			t.Fatalf("at %v fresh and kept calendars disagree", at)
		}
	}
	if _, err := z.New(kefu.BusinessHours{}, "Local"); kefu.ErrorCode(err) != kefu.CodeInvalid {
		t.Errorf(`Zones.New() with fallback "Local" error = %v, want invalid_input`, err)
	}
}
