package routing

import "strings"

// sameText reports whether two attribute values are equal the way operators mean them: case
// and surrounding space do not count (a pre-chat form's "Refund " is the rule's "refund").
func sameText(a, b string) bool {
	return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b))
}

// anySame reports whether value equals one of values (sameText). An empty value equals
// nothing: a conversation without an inquiry type does not match a rule that asks for one.
func anySame(values []string, value string) bool {
	if strings.TrimSpace(value) == "" {
		return false
	}
	for _, v := range values {
		if sameText(v, value) {
			return true
		}
	}
	return false
}

// langTag normalises a language tag for comparison: trimmed, lower case, "_" as "-" (browsers
// and Java locales disagree on zh_CN vs zh-CN; both mean the same).
func langTag(s string) string {
	return strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), "_", "-")
}

// langCovers reports whether the tag pattern covers tag: equal, or a prefix of it at a subtag
// boundary ("en" covers "en-GB", not "eng").
func langCovers(pattern, tag string) bool {
	p, t := langTag(pattern), langTag(tag)
	if p == "" || t == "" {
		return false
	}
	return t == p || strings.HasPrefix(t, p+"-")
}

// speaks reports whether an agent listing languages can serve a conversation in lang: either
// tag covers the other, since an "en" speaker serves en-GB and an "en-GB" speaker serves "en".
func speaks(languages []string, lang string) bool {
	for _, l := range languages {
		if langCovers(l, lang) || langCovers(lang, l) {
			return true
		}
	}
	return false
}
