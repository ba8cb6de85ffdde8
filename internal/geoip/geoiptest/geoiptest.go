// Package geoiptest writes small MaxMind DB files for tests, laid out like GeoLite2-City, so
// tests read a real database through the real reader instead of faking lookups. Only tests
// import it; the server never writes a database.
package geoiptest

import (
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/maxmind/mmdbwriter"
	"github.com/maxmind/mmdbwriter/mmdbtype"
)

// Write writes an IPv6 database (IPv4 networks included) in which each CIDR of regions has
// that region: "CN-GD" becomes country CN with subdivision GD, "US" a country alone. It
// returns the file's path in a temporary directory of t.
func Write(t testing.TB, regions map[string]string) string {
	t.Helper()
	records := make(map[string]mmdbtype.Map, len(regions))
	for cidr, region := range regions {
		country, sub, _ := strings.Cut(region, "-")
		rec := mmdbtype.Map{"country": ISO(country)}
		if sub != "" {
			rec["subdivisions"] = mmdbtype.Slice{ISO(sub)}
		}
		records[cidr] = rec
	}
	return WriteRecords(t, 6, records)
}

// ISO is a GeoIP2 place record with an ISO code (and an English name, as real files have).
func ISO(code string) mmdbtype.Map {
	return mmdbtype.Map{"iso_code": mmdbtype.String(code), "names": mmdbtype.Map{"en": mmdbtype.String(code)}}
}

// WriteRecords writes a database of ipVersion (4 or 6) with the given record per CIDR.
func WriteRecords(t testing.TB, ipVersion int, records map[string]mmdbtype.Map) string {
	t.Helper()
	tree, err := mmdbwriter.New(mmdbwriter.Options{DatabaseType: "GeoLite2-City", IPVersion: ipVersion, RecordSize: 24})
	if err != nil {
		t.Fatal(err)
	}
	for cidr, rec := range records {
		_, network, err := net.ParseCIDR(cidr)
		if err != nil {
			t.Fatal(err)
		}
		if err := tree.Insert(network, rec); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), "city.mmdb")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := tree.WriteTo(f); err != nil {
		t.Fatal(err)
	}
	return path
}
