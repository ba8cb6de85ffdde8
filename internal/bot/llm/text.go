package llm

import (
	"strings"
	"unicode/utf8"

	"github.com/kefu-dev/kefu/internal/pii"
)

// customerText prepares what a customer wrote for the provider: valid UTF-8, trimmed, the
// built-in kinds of personal data masked (a phone or card number never helps to answer from
// the knowledge base, and the provider is a third party), cut to maxRunes.
func customerText(s string, maxRunes int) string {
	s = strings.TrimSpace(strings.ToValidUTF8(s, "\uFFFD"))
	var builtin *pii.Scanner // nil finds the built-in kinds only
	s, _ = builtin.Mask(s)
	return truncateRunes(s, maxRunes)
}

// truncateRunes cuts s to at most max runes, the last of them an ellipsis when it cut.
func truncateRunes(s string, max int) string {
	if max <= 0 {
		return ""
	}
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	i, n := 0, 0
	for n < max-1 {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
		n++
	}
	return s[:i] + "…"
}

func runeCount(s string) int { return utf8.RuneCountInString(s) }
