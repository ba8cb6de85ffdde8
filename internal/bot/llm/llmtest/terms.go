package llmtest

import (
	"hash/fnv"
	"math"
	"strings"
	"unicode"
)

// Dimensions is the length of the fake's embeddings.
const Dimensions = 256

// stopTerms are terms so common in questions that sharing one says nothing about the topic.
var stopTerms = map[string]bool{
	"the": true, "and": true, "you": true, "your": true, "for": true, "are": true, "can": true,
	"how": true, "what": true, "with": true, "this": true, "that": true, "have": true,
	"does": true, "our": true, "from": true, "will": true, "when": true, "where": true,
	"什么": true, "怎么": true, "可以": true, "我们": true, "你们": true, "请问": true,
	"一下": true, "如何": true, "是否": true, "为什么": true,
}

// terms splits text into lowercase words of three or more letters or digits and the bigrams
// of each run of Chinese characters, without stopTerms.
func terms(text string) []string {
	var out []string
	for _, run := range runs(strings.ToLower(text)) {
		for _, t := range runTerms(run) {
			if !stopTerms[t] {
				out = append(out, t)
			}
		}
	}
	return out
}

// runTerms is a run's bigrams when it is Chinese, else the run itself when long enough.
func runTerms(run []rune) []string {
	if class(run[0]) != classHan {
		if len(run) < 3 {
			return nil
		}
		return []string{string(run)}
	}
	var out []string
	for i := 0; i+1 < len(run); i++ {
		out = append(out, string(run[i:i+2]))
	}
	return out
}

// runs splits text into maximal runs of Chinese characters and of other letters and digits.
func runs(text string) [][]rune {
	var out [][]rune
	var cur []rune
	for _, r := range text {
		if len(cur) > 0 && class(r) != class(cur[0]) {
			out = append(out, cur)
			cur = nil
		}
		if class(r) != classNone {
			cur = append(cur, r)
		}
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

const (
	classNone = iota // spaces, punctuation, symbols
	classWord        // letters and digits other than Chinese characters
	classHan         // Chinese characters
)

func class(r rune) int {
	switch {
	case unicode.Is(unicode.Han, r):
		return classHan
	case unicode.IsLetter(r) || unicode.IsDigit(r):
		return classWord
	}
	return classNone
}

// Embed is the fake's embedding of text: its terms hashed into Dimensions counts, normalised
// to length 1 (all zeros for text without terms). Texts sharing more terms are closer.
func Embed(text string) []float64 {
	v := make([]float64, Dimensions)
	for _, t := range terms(text) {
		h := fnv.New32a()
		h.Write([]byte(t))
		v[h.Sum32()%Dimensions]++
	}
	var sum float64
	for _, x := range v {
		sum += x * x
	}
	if sum > 0 {
		norm := math.Sqrt(sum)
		for i := range v {
			v[i] /= norm
		}
	}
	return v
}
