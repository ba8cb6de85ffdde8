package pii

// Mainland mobile numbers: eleven digits 1[3-9]x xxxx xxxx, written whole or as 3-4-4, with an
// optional country code 86 or 0086 (a "+" before it is left as it is).

// mobileNational returns the index of the group where the national number starts and the
// number of leading digits of that group that are a country code; ok false when gs is no
// mobile number.
func mobileNational(gs []group) (first, skip int, ok bool) {
	if len(gs) > 1 && isCountryCode(gs[0].digits) {
		return 1, 0, mobileGroups(gs[1:])
	}
	if len(gs) == 1 || len(gs) == 3 {
		// The country code written against the number: 8613812345678, +86138-1234-5678.
		d := gs[0].digits
		for _, cc := range []int{2, 4} {
			if len(d) > cc && isCountryCode(d[:cc]) && mobileGroupsFrom(d[cc:], gs[1:]) {
				return 0, cc, true
			}
		}
	}
	return 0, 0, mobileGroups(gs)
}

// mobileGroupsFrom is mobileGroups of a first group with digits first and the groups rest.
func mobileGroupsFrom(first []byte, rest []group) bool {
	gs := make([]group, 0, 3)
	gs = append(gs, group{digits: first})
	return mobileGroups(append(gs, rest...))
}

// mobileGroups reports whether gs is a national number written whole or 3-4-4.
func mobileGroups(gs []group) bool {
	switch len(gs) {
	case 1:
		return isMobile(gs[0].digits)
	case 3:
		if len(gs[0].digits) != 3 || len(gs[1].digits) != 4 || len(gs[2].digits) != 4 {
			return false
		}
		d := [11]byte{}
		copy(d[:], gs[0].digits)
		copy(d[3:], gs[1].digits)
		copy(d[7:], gs[2].digits)
		return isMobile(d[:])
	}
	return false
}

// isCountryCode reports whether d is 86 or 0086.
func isCountryCode(d []byte) bool {
	switch len(d) {
	case 2:
		return d[0] == 8 && d[1] == 6
	case 4:
		return d[0] == 0 && d[1] == 0 && d[2] == 8 && d[3] == 6
	}
	return false
}

// isMobile reports whether d is an eleven digit mainland mobile number.
func isMobile(d []byte) bool {
	if len(d) != 11 || d[0] != 1 || d[1] < 3 || d[1] > 9 {
		return false
	}
	for _, v := range d[2:] {
		if v > 9 {
			return false
		}
	}
	return true
}
