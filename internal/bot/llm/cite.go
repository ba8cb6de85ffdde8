package llm

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// citationRe matches one citation marker: a number or a list of numbers in ASCII, full-width
// or Chinese brackets, optionally after "source"/"来源"/"资料": [1], [1, 3], 【2】, ［2］,
// [来源1], [Source 2]. Numbers have at most three digits so that a year in brackets is text.
var citationRe = regexp.MustCompile(`[\[【［]\s*(?i:source\s*|来源\s*|资料\s*)?(\d{1,3}(?:\s*[,，、;；]\s*\d{1,3})*)\s*[\]】］]`)

// citationNumberRe finds the numbers inside one marker.
var citationNumberRe = regexp.MustCompile(`\d+`)

// renumberCitations rewrites every marker in text as [k] refs numbered by the order in which
// sources are first cited, and returns the cited ids in that order. ok is false when a marker
// names a number that is not a source: the model cited something it was not given.
func renumberCitations(text string, sources []Source) (out string, cited []string, ok bool) {
	ok = true
	out = citationRe.ReplaceAllStringFunc(text, func(marker string) string {
		var refs strings.Builder
		var seen []int
		for _, num := range citationNumberRe.FindAllString(marker, -1) {
			n, _ := strconv.Atoi(num) // at most three digits
			if n < 1 || n > len(sources) {
				ok = false
				continue
			}
			ref := refOf(&cited, sources[n-1].ID)
			if !slices.Contains(seen, ref) {
				seen = append(seen, ref)
				refs.WriteString("[" + strconv.Itoa(ref) + "]")
			}
		}
		return refs.String()
	})
	return out, cited, ok
}

// refOf returns id's 1-based position in cited, appending it when it is new; two sources with
// one id share a ref.
func refOf(cited *[]string, id string) int {
	if i := slices.Index(*cited, id); i >= 0 {
		return i + 1
	}
	*cited = append(*cited, id)
	return len(*cited)
}
