// Package geoip turns a visitor's IP address into a region for routing rules, from a
// MaxMind DB (.mmdb) file the operator supplies: GeoLite2 or GeoIP2 Country or City, or any
// database with their country / subdivisions layout. kefu ships no database and downloads
// none; without one, regions come only from signed identity attributes, the pre-chat form and
// the API.
package geoip

import (
	"fmt"
	"net/netip"

	"github.com/oschwald/maxminddb-golang/v2"
)

// Reader looks up regions in an open database. It is safe for concurrent use.
type Reader struct {
	db *maxminddb.Reader
}

// record is the part of a GeoIP2/GeoLite2 Country or City record kefu reads.
type record struct {
	Country struct {
		ISOCode string `maxminddb:"iso_code"`
	} `maxminddb:"country"`
	RegisteredCountry struct {
		ISOCode string `maxminddb:"iso_code"`
	} `maxminddb:"registered_country"`
	Subdivisions []struct {
		ISOCode string `maxminddb:"iso_code"`
	} `maxminddb:"subdivisions"`
}

// Open opens the database at path (memory-mapped, read-only). It fails on a missing file or
// one that is not a MaxMind DB, so a misconfigured server stops at startup rather than
// routing every visitor as "region unknown".
func Open(path string) (*Reader, error) {
	db, err := maxminddb.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open GeoIP database %s: %w", path, err)
	}
	r := &Reader{db: db}
	if err := r.probe(); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("read GeoIP database %s: %w", path, err)
	}
	return r, nil
}

// probe decodes a lookup of each address family the database holds, to refuse a file whose
// data section is unreadable before the first visitor meets it.
func (r *Reader) probe() error {
	probes := []netip.Addr{netip.MustParseAddr("1.1.1.1")}
	if r.db.Metadata.IPVersion == 6 {
		probes = append(probes, netip.MustParseAddr("2001:4860:4860::8888"))
	}
	for _, ip := range probes {
		var rec record
		if err := r.db.Lookup(ip).Decode(&rec); err != nil {
			return err
		}
	}
	return nil
}

// Region is where ip is, as routing rules name regions: "CN-GD" (ISO 3166-2) when the
// database knows the subdivision, else the ISO 3166-1 country code ("CN"), else "" (unknown,
// private or invalid address, or a record without a country).
func (r *Reader) Region(ip netip.Addr) string {
	if !ip.IsValid() {
		return ""
	}
	var rec record
	if err := r.db.Lookup(ip.Unmap()).Decode(&rec); err != nil {
		return ""
	}
	country := rec.Country.ISOCode
	if country == "" {
		country = rec.RegisteredCountry.ISOCode
	}
	if country == "" {
		return ""
	}
	if len(rec.Subdivisions) > 0 && rec.Subdivisions[0].ISOCode != "" {
		return country + "-" + rec.Subdivisions[0].ISOCode
	}
	return country
}

// Close unmaps the database. A nil Reader closes as a no-op, so callers may defer it
// unconditionally.
func (r *Reader) Close() error {
	if r == nil || r.db == nil {
		return nil
	}
	return r.db.Close()
}
