package retrieve

// English terms match a term one edit away (typo tolerance) and their longer or shorter forms
// (prefix matching). Both lookups go through variant keys kept with the vocabulary, so a query
// never scans the vocabulary: a term of five letters or more is filed under each of its
// one-letter deletions, and a term of five letters or more under its prefixes one to three
// letters shorter (down to four letters).

const (
	minTypoLen   = 5   // shorter words have too many neighbours one edit away
	minPrefixLen = 4   // a prefix shorter than this matches unrelated words
	maxPrefixGap = 3   // deliver ↔ delivery, but not pay ↔ payment-like distant words
	typoFactor   = 0.8 // how much a typo match counts against an exact one
	prefixFactor = 0.7 // how much a prefix match counts against an exact one
)

// deletions returns w with each one of its letters removed.
func deletions(w string) []string {
	out := make([]string, 0, len(w))
	for i := range len(w) {
		out = append(out, w[:i]+w[i+1:])
	}
	return out
}

// prefixes returns the prefixes of w one to maxPrefixGap letters shorter, none below
// minPrefixLen.
func prefixes(w string) []string {
	var out []string
	for n := len(w) - 1; n >= minPrefixLen && n >= len(w)-maxPrefixGap; n-- {
		out = append(out, w[:n])
	}
	return out
}

// withinOneEdit reports whether a and b differ by at most one insertion, deletion,
// substitution or transposition of adjacent letters. It stops at the second difference: on
// the search path this is cheaper than a full edit-distance table.
func withinOneEdit(a, b string) bool {
	if len(a) < len(b) {
		a, b = b, a
	}
	if len(a)-len(b) > 1 {
		return false
	}
	i := 0
	for i < len(b) && a[i] == b[i] {
		i++
	}
	if i == len(b) {
		return true
	}
	if len(a) != len(b) {
		return a[i+1:] == b[i:]
	}
	if a[i+1:] == b[i+1:] {
		return true
	}
	return i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
}

// isASCIIWord reports whether t is made of ASCII letters only; only those get fuzzy matching
// (numbers such as order ids must match exactly).
func isASCIIWord(t token) bool {
	for i := range len(t) {
		if t[i] < 'a' || t[i] > 'z' {
			return false
		}
	}
	return t != ""
}
