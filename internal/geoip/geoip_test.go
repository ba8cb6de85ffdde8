package geoip

import (
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/maxmind/mmdbwriter/mmdbtype"

	"github.com/kefu-dev/kefu/internal/geoip/geoiptest"
)

func iso(code string) mmdbtype.Map { return geoiptest.ISO(code) }

func writeDB(t *testing.T, ipVersion int, records map[string]mmdbtype.Map) string {
	return geoiptest.WriteRecords(t, ipVersion, records)
}

func cityRecords() map[string]mmdbtype.Map {
	return map[string]mmdbtype.Map{
		"1.2.3.0/24":     {"country": iso("CN"), "subdivisions": mmdbtype.Slice{iso("GD"), iso("SZ")}, "city": mmdbtype.Map{"geoname_id": mmdbtype.Uint32(1)}},
		"5.6.7.0/24":     {"country": iso("US")},
		"9.9.9.0/24":     {"registered_country": iso("DE")},
		"11.0.0.0/8":     {"continent": mmdbtype.Map{"code": mmdbtype.String("AS")}},
		"2400:cb00::/32": {"country": iso("JP"), "subdivisions": mmdbtype.Slice{iso("13")}},
	}
}

func TestRegion(t *testing.T) {
	r, err := Open(writeDB(t, 6, cityRecords()))
	if err != nil {
		t.Fatalf("Open() error = %v", err)
	}
	defer r.Close()
	tests := []struct {
		name string
		ip   netip.Addr
		want string
	}{
		{"subdivision: first (largest) one", netip.MustParseAddr("1.2.3.4"), "CN-GD"},
		{"IPv4-mapped IPv6", netip.MustParseAddr("::ffff:1.2.3.200"), "CN-GD"},
		{"country only", netip.MustParseAddr("5.6.7.8"), "US"},
		{"registered country when the country is unknown", netip.MustParseAddr("9.9.9.9"), "DE"},
		{"record without a country", netip.MustParseAddr("11.1.1.1"), ""},
		{"IPv6 subdivision", netip.MustParseAddr("2400:cb00::1"), "JP-13"},
		{"not in the database", netip.MustParseAddr("8.8.8.8"), ""},
		{"private address", netip.MustParseAddr("192.168.1.1"), ""},
		{"loopback IPv6", netip.IPv6Loopback(), ""},
		{"zero address", netip.Addr{}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := r.Region(tt.ip); got != tt.want {
				t.Errorf("Region(%v) = %q, want %q", tt.ip, got, tt.want)
			}
		})
	}
}

func TestRegionIPv4Database(t *testing.T) {
	r, err := Open(writeDB(t, 4, map[string]mmdbtype.Map{"1.2.3.0/24": {"country": iso("CN")}}))
	if err != nil {
		t.Fatalf("Open() error = %v", err)
	}
	defer r.Close()
	if got := r.Region(netip.MustParseAddr("1.2.3.4")); got != "CN" {
		t.Errorf("Region(1.2.3.4) = %q, want CN", got)
	}
	if got := r.Region(netip.MustParseAddr("2400:cb00::1")); got != "" {
		t.Errorf("Region(IPv6) in an IPv4 database = %q, want \"\"", got)
	}
}

func TestOpenRefusesBadFiles(t *testing.T) {
	dir := t.TempDir()
	good, err := os.ReadFile(writeDB(t, 6, cityRecords()))
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for name, path := range map[string]string{
		"missing":   filepath.Join(dir, "nope.mmdb"),
		"empty":     write("empty.mmdb", nil),
		"not mmdb":  write("text.mmdb", []byte(strings.Repeat("not a database\n", 100))),
		"truncated": write("cut.mmdb", good[:len(good)/2]),
	} {
		t.Run(name, func(t *testing.T) {
			r, err := Open(path)
			if err == nil {
				r.Close()
				t.Fatal("Open() = nil error, want one")
			}
			if !strings.Contains(err.Error(), path) {
				t.Errorf("Open() error = %q, want it to name %s", err, path)
			}
		})
	}
}

func TestCloseNil(t *testing.T) {
	var r *Reader
	if err := r.Close(); err != nil {
		t.Errorf("nil Close() = %v, want nil", err)
	}
}

func TestWriteHelper(t *testing.T) {
	r, err := Open(geoiptest.Write(t, map[string]string{"1.2.3.0/24": "CN-GD", "5.6.7.0/24": "US"}))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for ip, want := range map[string]string{"1.2.3.4": "CN-GD", "5.6.7.8": "US", "8.8.8.8": ""} {
		if got := r.Region(netip.MustParseAddr(ip)); got != want {
			t.Errorf("Region(%s) = %q, want %q", ip, got, want)
		}
	}
}
