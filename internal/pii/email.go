package pii

import "strings"

// Email addresses: a local part of letters, digits and ._%+- and a domain of at least two
// dot-separated labels whose last, the top-level domain, is two or more letters. Quoted local
// parts and IP literals are left alone: customers do not type them.

// findEmails appends the email addresses of text to out; each match spans the whole address.
func findEmails(text string, out []Match) []Match {
	for from := 0; ; {
		at := strings.IndexByte(text[from:], '@')
		if at < 0 {
			return out
		}
		at += from
		start, end := localStart(text, at), domainEnd(text, at+1)
		if start < at && text[start] != '.' && validDomain(text[at+1:end]) {
			out = append(out, Match{Kind: KindEmail, Start: start, End: end})
		}
		from = at + 1
	}
}

// localStart returns where the local part that ends at at begins.
func localStart(text string, at int) int {
	i := at
	for i > 0 && isLocalByte(text[i-1]) {
		i--
	}
	return i
}

// domainEnd returns where the domain that starts at i ends, without a sentence's final dot.
func domainEnd(text string, i int) int {
	for i < len(text) && (isWordByte(text[i]) && text[i] != '_' || text[i] == '.' || text[i] == '-') {
		i++
	}
	for i > 0 && text[i-1] == '.' {
		i--
	}
	return i
}

// isLocalByte reports whether c may be part of a local part as customers write them.
func isLocalByte(c byte) bool {
	return isWordByte(c) || c == '.' || c == '%' || c == '+' || c == '-'
}

// validDomain reports whether d is two or more non-empty labels, none starting or ending with
// a dash, and a top-level label of two or more letters.
func validDomain(d string) bool {
	labels := strings.Split(d, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
	}
	tld := labels[len(labels)-1]
	for i := 0; i < len(tld); i++ {
		if c := tld[i] | 0x20; c < 'a' || c > 'z' {
			return false
		}
	}
	return len(tld) >= 2
}
