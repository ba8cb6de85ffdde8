package kefu

// ValidID reports whether id has the shape of a kefu id (a lower-case UUID), so a malformed id
// is answered "not found" or "invalid" before it reaches a query.
func ValidID(id string) bool {
	if len(id) != 36 {
		return false
	}
	for i, r := range id {
		switch {
		case i == 8 || i == 13 || i == 18 || i == 23:
			if r != '-' {
				return false
			}
		case ('0' <= r && r <= '9') || ('a' <= r && r <= 'f'):
		default:
			return false
		}
	}
	return true
}
