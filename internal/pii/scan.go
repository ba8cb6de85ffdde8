package pii

import (
	"cmp"
	"slices"
)

// Scanner finds personal data: the built-in kinds and an organisation's own patterns. The zero
// value and nil find the built-in kinds only. A Scanner is immutable and safe for concurrent use.
type Scanner struct {
	patterns []Pattern
}

// NewScanner returns a scanner that also finds the given compiled patterns.
func NewScanner(patterns []Pattern) *Scanner {
	return &Scanner{patterns: patterns}
}

// Find returns the matches in text, ordered by start and not overlapping. Text with no digit
// and no '@' costs one pass over its bytes when there are no custom patterns.
func (sc *Scanner) Find(text string) []Match {
	var out []Match
	if mayHoldBuiltin(text) {
		out = findEmails(text, out)
		out = findNumbers(text, out)
	}
	if sc != nil {
		for _, p := range sc.patterns {
			out = p.find(text, out)
		}
	}
	return withoutOverlaps(out)
}

// mayHoldBuiltin reports whether text has a byte that can start a built-in match: an ASCII
// digit, the lead byte of a full-width digit, or '@'.
func mayHoldBuiltin(text string) bool {
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c <= '@' && (c >= '0' && c <= '9' || c == '@') {
			return true
		}
		if c == 0xEF {
			if _, w := digitAt(text, i); w > 0 {
				return true
			}
		}
	}
	return false
}

// withoutOverlaps sorts ms by start, longer first on a tie, and drops every match that overlaps
// one kept before it.
func withoutOverlaps(ms []Match) []Match {
	if len(ms) < 2 {
		return ms
	}
	slices.SortStableFunc(ms, func(a, b Match) int {
		return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(b.End, a.End))
	})
	kept := ms[:1]
	for _, m := range ms[1:] {
		if m.Start >= kept[len(kept)-1].End {
			kept = append(kept, m)
		}
	}
	return kept
}

// findNumbers appends the ID card, mobile and bank card numbers of text to out.
func findNumbers(text string, out []Match) []Match {
	var r run
	for i := 0; i < len(text); {
		if _, w := digitAt(text, i); w == 0 {
			i++
			continue
		}
		i = scanRun(text, i, &r)
		out = findInRun(text, &r, out)
	}
	return out
}

// findInRun appends the numbers made of whole groups of r, taking at each group the longest
// number that starts there.
func findInRun(text string, r *run, out []Match) []Match {
	last := len(r.groups) - 1
	for i := 0; i <= last; i++ {
		if i == 0 && r.gluedLeft {
			continue
		}
		for j := min(i+4, last); j >= i; j-- {
			if j == last && r.gluedRight {
				continue
			}
			if m, ok := classify(text, r.groups[i:j+1]); ok {
				out = append(out, m)
				i = j
				break
			}
		}
	}
	return out
}

// classify decides what the groups gs are, if anything: an ID card number before a mobile
// number before a bank card number.
func classify(text string, gs []group) (Match, bool) {
	start, end := gs[0].start, gs[len(gs)-1].end
	if len(gs) == 1 && isIDCard(gs[0].digits) {
		return Match{Kind: KindIDCard, Start: start, End: end}, true
	}
	if first, skip, ok := mobileNational(gs); ok {
		return Match{Kind: KindMobile, Start: skipDigits(text, gs[first].start, skip), End: end}, true
	}
	var buf [19]byte
	d := buf[:0]
	for _, g := range gs {
		if len(d)+len(g.digits) > len(buf) {
			return Match{}, false
		}
		d = append(d, g.digits...)
	}
	if bankGrouping(gs) && isBankCard(d) {
		return Match{Kind: KindBankCard, Start: start, End: end}, true
	}
	return Match{}, false
}

// skipDigits returns the offset n digits after i.
func skipDigits(text string, i, n int) int {
	for ; n > 0; n-- {
		_, w := digitAt(text, i)
		i += w
	}
	return i
}
