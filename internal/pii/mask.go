package pii

import (
	"strings"
	"unicode/utf8"
)

// Mask returns text with every match replaced by its masked form, and whether anything was
// masked. Masked forms keep a useful shape: the first 3 and last 4 characters of an ID card
// number (110***********1234), the first and last 4 digits of a bank card, 138****5678 for a
// mobile number, z***@example.com for an email address, and nothing of a custom match. Digits
// are replaced one for one, so separators and the length in characters stay; an email's local
// part becomes its first character and three stars, so its length does not leak.
func (sc *Scanner) Mask(text string) (string, bool) {
	ms := sc.Find(text)
	if len(ms) == 0 {
		return text, false
	}
	return Apply(text, ms), true
}

// Apply returns text with the matches ms (ordered, not overlapping, as Find returns them)
// masked.
func Apply(text string, ms []Match) string {
	var b strings.Builder
	b.Grow(len(text))
	prev := 0
	for _, m := range ms {
		b.WriteString(text[prev:m.Start])
		writeMasked(&b, text[m.Start:m.End], m.Kind)
		prev = m.End
	}
	b.WriteString(text[prev:])
	return b.String()
}

// writeMasked writes the masked form of s, a match of kind k.
func writeMasked(b *strings.Builder, s string, k Kind) {
	switch k {
	case KindIDCard:
		maskDigits(b, s, 3, 4)
	case KindBankCard:
		maskDigits(b, s, 4, 4)
	case KindMobile:
		maskDigits(b, s, 3, 4)
	case KindEmail:
		maskEmail(b, s)
	default:
		b.WriteString(strings.Repeat("*", utf8.RuneCountInString(s)))
	}
}

// maskDigits writes s with every digit but the first keep and the last tail replaced by '*'.
// The X check character of an ID card counts as a digit.
func maskDigits(b *strings.Builder, s string, keep, tail int) {
	n := countDigits(s)
	seen := 0
	for i := 0; i < len(s); {
		_, w := digitAt(s, i)
		if w == 0 && s[i] != 'X' && s[i] != 'x' {
			b.WriteByte(s[i])
			i++
			continue
		}
		w = max(w, 1)
		if seen < keep || seen >= n-tail {
			b.WriteString(s[i : i+w])
		} else {
			b.WriteByte('*')
		}
		seen++
		i += w
	}
}

// countDigits counts the digits and X check characters of s.
func countDigits(s string) int {
	n := 0
	for i := 0; i < len(s); {
		if _, w := digitAt(s, i); w > 0 {
			n++
			i += w
			continue
		}
		if s[i] == 'X' || s[i] == 'x' {
			n++
		}
		i++
	}
	return n
}

// maskEmail writes the address s with its local part cut to its first character and "***".
func maskEmail(b *strings.Builder, s string) {
	at := strings.IndexByte(s, '@')
	b.WriteByte(s[0])
	b.WriteString("***")
	b.WriteString(s[at:])
}
