package netguard

import "net/netip"

// deniedPrefixes are special-purpose ranges (IANA registries) that no customer URL has a reason
// to reach, on top of what netip's predicates catch (loopback, RFC 1918 and ULA, link-local,
// multicast, unspecified).
var deniedPrefixes = mustPrefixes(
	"0.0.0.0/8",       // "this network"
	"100.64.0.0/10",   // carrier-grade NAT, often the provider's internal network
	"192.0.0.0/24",    // IETF protocol assignments
	"192.0.2.0/24",    // documentation
	"192.88.99.0/24",  // 6to4 relay anycast
	"198.18.0.0/15",   // benchmarking
	"198.51.100.0/24", // documentation
	"203.0.113.0/24",  // documentation
	"240.0.0.0/4",     // reserved, and 255.255.255.255
	"::/96",           // IPv4-compatible IPv6 (deprecated), with :: and ::1 nearby
	"100::/64",        // discard-only
	"64:ff9b:1::/48",  // local-use NAT64
	"2001::/23",       // IETF protocol assignments, Teredo (hides an IPv4 address) included
	"2001:db8::/32",   // documentation
	"fec0::/10",       // deprecated site-local
	"ff00::/8",        // multicast of every scope
	"3fff::/20",       // documentation
	"5f00::/16",       // segment routing SIDs
)

// nat64 and sixToFour embed an IPv4 address that is judged in its own right.
var (
	nat64     = netip.MustParsePrefix("64:ff9b::/96")
	sixToFour = netip.MustParsePrefix("2002::/16")
)

func mustPrefixes(ss ...string) []netip.Prefix {
	out := make([]netip.Prefix, len(ss))
	for i, s := range ss {
		out[i] = netip.MustParsePrefix(s)
	}
	return out
}

// Denied reports whether ip is an address outbound requests must not reach by default.
func Denied(ip netip.Addr) bool {
	ip = ip.Unmap() // ::ffff:127.0.0.1 is 127.0.0.1
	if embedded, ok := embeddedIPv4(ip); ok {
		return Denied(embedded)
	}
	if !ip.IsValid() || ip.Zone() != "" {
		return true // a zone means a link-local scope on this host
	}
	if ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() ||
		ip.IsInterfaceLocalMulticast() || ip.IsMulticast() || ip.IsUnspecified() {
		return true
	}
	for _, p := range deniedPrefixes {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

// embeddedIPv4 returns the IPv4 address a NAT64 or 6to4 address stands for.
func embeddedIPv4(ip netip.Addr) (netip.Addr, bool) {
	if !ip.Is6() {
		return netip.Addr{}, false
	}
	b := ip.As16()
	switch {
	case nat64.Contains(ip):
		return netip.AddrFrom4([4]byte(b[12:16])), true
	case sixToFour.Contains(ip):
		return netip.AddrFrom4([4]byte(b[2:6])), true
	}
	return netip.Addr{}, false
}
