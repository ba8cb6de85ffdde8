package pii

import (
	"fmt"
	"regexp"
	"unicode/utf8"
)

// Limits on an organisation's own patterns. RE2 runs in time linear in the text, so a pattern
// cannot hang the message path, but every pattern costs a pass over every message.
const (
	MaxPatterns       = 20
	MaxPatternLen     = 256
	MaxPatternNameLen = 64
)

// PatternSpec is an organisation's own kind of personal data, as an admin writes it: a name
// and an RE2 regular expression.
type PatternSpec struct {
	Name string `json:"name" maxLength:"64" doc:"what the pattern finds, e.g. membership number"`
	Expr string `json:"expr" maxLength:"256" doc:"RE2 regular expression (Go syntax)"`
}

// Pattern is a compiled PatternSpec.
type Pattern struct {
	Spec PatternSpec
	re   *regexp.Regexp
}

// Compile validates and compiles a spec: a name, an expression within the length limit that
// RE2 accepts and that does not match the empty text.
func Compile(spec PatternSpec) (Pattern, error) {
	switch {
	case spec.Name == "" || utf8.RuneCountInString(spec.Name) > MaxPatternNameLen:
		return Pattern{}, fmt.Errorf("a pattern needs a name of at most %d characters", MaxPatternNameLen)
	case spec.Expr == "" || len(spec.Expr) > MaxPatternLen:
		return Pattern{}, fmt.Errorf("pattern %q: the expression must be 1 to %d bytes", spec.Name, MaxPatternLen)
	}
	re, err := regexp.Compile(spec.Expr)
	if err != nil {
		return Pattern{}, fmt.Errorf("pattern %q: %v", spec.Name, err)
	}
	if re.MatchString("") {
		return Pattern{}, fmt.Errorf("pattern %q matches empty text", spec.Name)
	}
	return Pattern{Spec: spec, re: re}, nil
}

// CompileAll compiles specs, refusing more than MaxPatterns.
func CompileAll(specs []PatternSpec) ([]Pattern, error) {
	if len(specs) > MaxPatterns {
		return nil, fmt.Errorf("at most %d patterns", MaxPatterns)
	}
	out := make([]Pattern, 0, len(specs))
	for _, s := range specs {
		p, err := Compile(s)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// find appends the non-empty matches of p in text to out.
func (p Pattern) find(text string, out []Match) []Match {
	for _, loc := range p.re.FindAllStringIndex(text, -1) {
		if loc[1] > loc[0] {
			out = append(out, Match{Kind: KindCustom, Start: loc[0], End: loc[1]})
		}
	}
	return out
}
