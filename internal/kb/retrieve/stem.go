package retrieve

import "strings"

// stem strips the English inflections that separate a customer's words from an article's:
// plural -s/-es/-ies, -ed and -ing (undoubling the consonant: shipped → ship). It is
// deliberately lighter than Porter: knowledge-base vocabulary is small, over-stemming merges
// words like "use"/"user" that name different articles, and prefix matching (see expand)
// covers derived forms such as deliver/delivery.
func stem(w string) string {
	switch {
	case len(w) <= 3:
		return w
	case strings.HasSuffix(w, "'s"):
		return w[:len(w)-2]
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		return w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "sses"), strings.HasSuffix(w, "shes"), strings.HasSuffix(w, "ches"), strings.HasSuffix(w, "xes"):
		return w[:len(w)-2]
	case strings.HasSuffix(w, "ss"), strings.HasSuffix(w, "us"), strings.HasSuffix(w, "is"):
		return w
	case strings.HasSuffix(w, "s"):
		return w[:len(w)-1]
	case strings.HasSuffix(w, "ing") && len(w) > 5:
		return undouble(w[:len(w)-3])
	case strings.HasSuffix(w, "ed") && len(w) > 4:
		return undouble(w[:len(w)-2])
	}
	return w
}

// undouble turns "shipp" into "ship" and "cancell" into "cancel"; "ll" after a single vowel
// stays doubled only in a few words (call, bill) whose -ed/-ing forms are rare in questions.
func undouble(w string) string {
	n := len(w)
	if n >= 4 && w[n-1] == w[n-2] && !strings.ContainsRune("aeiousz", rune(w[n-1])) {
		return w[:n-1]
	}
	return w
}
