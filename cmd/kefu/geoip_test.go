package main

import (
	"context"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kefu-dev/kefu/internal/auth/authtest"
	"github.com/kefu-dev/kefu/internal/geoip/geoiptest"
)

// TestGeoIPDatabaseOpens: with geoip_database set the server starts with the operator's file
// open and answers regions from it.
func TestGeoIPDatabaseOpens(t *testing.T) {
	cfg := testConfig(t, databases()[0])
	cfg.GeoIPDatabase = geoiptest.Write(t, map[string]string{"1.2.3.0/24": "CN-GD"})
	s := MustRunMain(t, cfg)
	if s.geoip == nil {
		t.Fatal("server started without its GeoIP database")
	}
	if got := s.geoip.Region(netip.MustParseAddr("1.2.3.4")); got != "CN-GD" {
		t.Errorf("Region(1.2.3.4) = %q, want CN-GD", got)
	}
	s.mustDo(200, "GET", "/healthz", "", nil)
}

// TestGeoIPDatabaseBadFile: a missing or unreadable file stops the start with an error that
// names the setting and the file.
func TestGeoIPDatabaseBadFile(t *testing.T) {
	dir := t.TempDir()
	garbage := filepath.Join(dir, "garbage.mmdb")
	if err := os.WriteFile(garbage, []byte(strings.Repeat("GeoLite2? no.\n", 64)), 0o600); err != nil {
		t.Fatal(err)
	}
	for name, path := range map[string]string{"missing": filepath.Join(dir, "GeoLite2-City.mmdb"), "corrupt": garbage} {
		t.Run(name, func(t *testing.T) {
			cfg := testConfig(t, databases()[0])
			cfg.GeoIPDatabase = path
			m := &Main{Config: cfg, Version: "test", PasswordParams: authtest.PasswordParams()}
			err := m.Run(context.Background())
			if cerr := m.Close(); cerr != nil {
				t.Errorf("Close() after a failed start = %v", cerr)
			}
			if err == nil || !strings.Contains(err.Error(), "geoip_database") || !strings.Contains(err.Error(), path) {
				t.Fatalf("Run() error = %v, want one naming geoip_database and %s", err, path)
			}
		})
	}
}
