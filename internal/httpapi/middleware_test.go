package httpapi

import (
	"net/http/httptest"
	"net/netip"
	"testing"
)

func TestRealIP(t *testing.T) {
	trusted := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}
	tests := []struct {
		name   string
		remote string
		xff    string
		want   string
	}{
		{"direct client, header ignored", "203.0.113.7:5555", "1.2.3.4", "203.0.113.7"},
		{"trusted proxy, one hop", "10.0.0.2:443", "198.51.100.9", "198.51.100.9"},
		{"trusted chain, first untrusted from the right", "10.0.0.2:443", "6.6.6.6, 198.51.100.9, 10.0.0.5", "198.51.100.9"},
		{"trusted proxy, spoofed garbage", "10.0.0.2:443", "not-an-ip", "10.0.0.2"},
		{"trusted proxy, no header", "10.0.0.2:443", "", "10.0.0.2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil)
			r.RemoteAddr = tt.remote
			if tt.xff != "" {
				r.Header.Set("X-Forwarded-For", tt.xff)
			}
			if got := realIP(r, trusted); got != tt.want {
				t.Errorf("realIP() = %q, want %q", got, tt.want)
			}
		})
	}
}
