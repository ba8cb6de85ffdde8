package retrieve

import (
	"math"
	"strings"
)

// A single Chinese character is weak evidence (退 is in 退款 and 退货), so it weighs less than
// a bigram or a word.
const unigramWeight = 0.3

// alt is a vocabulary term a query term may match, with how much such a match counts.
type alt struct {
	term   token
	factor float64
}

// qterm is one term of the query: its weight (idf times the kind's weight) and the terms that
// match it. A term no article knows has no alts: it only weighs, lowering every coverage.
type qterm struct {
	weight float64
	alts   []alt
}

// idf is BM25's inverse document frequency: rarer terms say more about which article is meant.
func idf(df, n int) float64 {
	return math.Log(1 + (float64(n)-float64(df)+0.5)/(float64(df)+0.5))
}

// termWeight is the weight of a term present in the vocabulary, for queries and passages alike.
func (ix *Index) termWeight(t token) float64 {
	w := idf(len(ix.postings[t]), len(ix.byID))
	if isUnigram(t) {
		w *= unigramWeight
	}
	return w
}

// buildQuery tokenizes the query and finds, for each term, the vocabulary terms it matches.
// Chinese characters and bigrams no article contains are left out: a bigram that cuts across
// two known words (衣服不合适 gives 服不) is an artefact of bigramming, and the words that are
// really unknown (股市, 机票) come in whole from unknownRuns, weighing as the rarest terms. An
// English word no article has but the lexicon knows is carried by its concept alone (cancel
// in 怎么 cancel order, asked of a Chinese knowledge base).
func (ix *Index) buildQuery(query string) []qterm {
	toks := uniqueSorted(ix.homophones(ix.lex.tokenize(query)))
	out := make([]qterm, 0, len(toks))
	for _, t := range toks {
		q := ix.qtermFor(t)
		if len(q.alts) == 0 && (hasHan(t) || ix.lex.en[t] != nil) {
			continue
		}
		out = append(out, q)
	}
	for _, w := range ix.unknownRuns(query) {
		out = append(out, qterm{weight: ix.unknownWeight(w)})
	}
	return out
}

// unknownWeight is the weight of an unknown Chinese word: the rarest term's, or a single
// character's share of it.
func (ix *Index) unknownWeight(w string) float64 {
	if len([]rune(w)) == 1 {
		return idf(0, len(ix.byID)) * unigramWeight
	}
	return idf(0, len(ix.byID))
}

// unknownRuns returns the pieces of the query's Chinese that no article and no lexicon entry
// knows: each run of characters not covered by a known bigram, a lexicon word or a function
// character. Such a piece is most often a word of something the knowledge base does not cover
// (今天股市怎么样 leaves 股市), which must weigh on the confidence.
func (ix *Index) unknownRuns(query string) []string {
	var out []string
	scanRuns(functionZH.Replace(normalize(query)), func(run []rune, han bool) {
		if han {
			out = append(out, ix.uncovered(run)...)
		}
	})
	return out
}

// uncovered returns the maximal runs of characters of run that nothing known covers; a single
// character some article has is not one (it is the query's unigram, or a word used apart).
func (ix *Index) uncovered(run []rune) []string {
	covered := ix.knownChars(run)
	var out []string
	for i := 0; i < len(run); {
		j := i
		for j < len(run) && !covered[j] {
			j++
		}
		if j-i > 1 || j-i == 1 && len(ix.postings[string(run[i])]) == 0 {
			out = append(out, string(run[i:j]))
		}
		i = j + 1
	}
	return out
}

// knownChars marks the characters of run that a known bigram, a lexicon word or being a
// function character covers.
func (ix *Index) knownChars(run []rune) []bool {
	covered := make([]bool, len(run))
	ix.lex.covers(run, covered)
	for i, r := range run {
		covered[i] = covered[i] || strings.ContainsRune(functionChars, r)
		if i > 0 && ix.knownBigram(string(run[i-1:i+1])) {
			covered[i-1], covered[i] = true, true
		}
	}
	return covered
}

// knownBigram reports whether an article contains the bigram or, for a homophone typo, its sound.
func (ix *Index) knownBigram(b token) bool {
	if len(ix.postings[b]) > 0 {
		return true
	}
	p := pinyinOf(b)
	return p != "" && len(ix.postings[p]) > 0
}

func (ix *Index) qtermFor(t token) qterm {
	alts := ix.expand(t)
	q := qterm{alts: alts}
	switch {
	case len(ix.postings[t]) > 0:
		q.weight = ix.termWeight(t)
	case len(alts) > 0:
		for _, a := range alts {
			q.weight = max(q.weight, ix.termWeight(a.term))
		}
	default:
		q.weight = idf(0, len(ix.byID))
		if commonENStems[t] || startsWithDigit(t) {
			q.weight *= unigramWeight
		}
	}
	return q
}

// commonENStems are the stems of commonEN: everyday words and numbers no article has weigh
// as a single Chinese character does, not as a word of something the knowledge base lacks.
var commonENStems = func() map[token]bool {
	m := map[token]bool{}
	for w := range commonEN {
		m[stem(w)] = true
	}
	return m
}()

func startsWithDigit(t token) bool {
	return t != "" && t[0] >= '0' && t[0] <= '9'
}

// expand lists the vocabulary terms t matches: itself, a longer or shorter form by prefix,
// and, when t itself is unknown, a term one edit away.
func (ix *Index) expand(t token) []alt {
	var alts []alt
	if len(ix.postings[t]) > 0 {
		alts = append(alts, alt{t, 1})
	}
	if !isASCIIWord(t) {
		return alts
	}
	if len(t) >= minPrefixLen {
		alts = ix.addAlts(alts, ix.prefKeys[t], prefixFactor)
		for _, p := range prefixes(t) {
			if len(ix.postings[p]) > 0 {
				alts = ix.addAlts(alts, []token{p}, prefixFactor)
			}
		}
	}
	if len(alts) == 0 && len(t) >= minTypoLen {
		alts = ix.addAlts(alts, ix.typoCandidates(t), typoFactor)
	}
	return alts
}

// typoCandidates returns the vocabulary terms one edit away from t.
func (ix *Index) typoCandidates(t token) []token {
	var out []token
	check := func(c token) {
		if c != t && withinOneEdit(c, t) {
			out = append(out, c)
		}
	}
	for _, c := range ix.typoKeys[t] {
		check(c)
	}
	for _, d := range deletions(t) {
		if len(ix.postings[d]) > 0 {
			check(d)
		}
		for _, c := range ix.typoKeys[d] {
			check(c)
		}
	}
	return out
}

// addAlts appends the terms not already listed.
func (ix *Index) addAlts(alts []alt, terms []token, factor float64) []alt {
next:
	for _, t := range terms {
		for _, a := range alts {
			if a.term == t {
				continue next
			}
		}
		alts = append(alts, alt{t, factor})
	}
	return alts
}
