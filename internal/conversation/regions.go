package conversation

import "net/netip"

// Regions looks up where an IP address is, as routing rules name regions ("CN-GD", "CN");
// "" when unknown. geoip.Reader implements it from the operator's MaxMind DB file.
type Regions interface {
	Region(ip netip.Addr) string
}

// regionOf is the region of a visitor at ip, "" when no database is configured or the address
// is unknown. A region the visitor or the API gave wins over this guess: callers use it only
// when they have none.
func (s *Service) regionOf(ip netip.Addr) string {
	if s.regions == nil || !ip.IsValid() {
		return ""
	}
	return s.regions.Region(ip)
}
