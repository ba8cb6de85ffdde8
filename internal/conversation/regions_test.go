package conversation

import (
	"net/netip"
	"testing"

	"github.com/kefu-dev/kefu/internal/geoip"
	"github.com/kefu-dev/kefu/internal/geoip/geoiptest"
)

// TestRegionOf: the service asks the configured database, and nothing without one.
func TestRegionOf(t *testing.T) {
	db, err := geoip.Open(geoiptest.Write(t, map[string]string{"1.2.3.0/24": "CN-GD"}))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	with, without := New(Options{Regions: db}), New(Options{})
	tests := []struct {
		name string
		s    *Service
		ip   netip.Addr
		want string
	}{
		{"known address", with, netip.MustParseAddr("1.2.3.4"), "CN-GD"},
		{"unknown address", with, netip.MustParseAddr("8.8.8.8"), ""},
		{"no address", with, netip.Addr{}, ""},
		{"no database", without, netip.MustParseAddr("1.2.3.4"), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.s.regionOf(tt.ip); got != tt.want {
				t.Errorf("regionOf(%v) = %q, want %q", tt.ip, got, tt.want)
			}
		})
	}
}
