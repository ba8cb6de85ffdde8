package retrieve

import "math"

// Weights of the kinds of term. A single Chinese character is weak evidence (退 is in 退款
// and 退货); a Chinese bigram no article contains is most often an artefact of cutting across
// two words (衣服不合适 gives 服不), so it must not weigh on the query as a real unknown word does.
const (
	unigramWeight      = 0.3
	unseenBigramWeight = 0.3
)

// alt is a vocabulary term a query term may match, with how much such a match counts.
type alt struct {
	term   token
	factor float64
}

// qterm is one term of the query: its weight (idf times the kind's weight) and the terms that
// match it.
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
func (ix *Index) buildQuery(query string) []qterm {
	toks := uniqueSorted(tokenize(query))
	out := make([]qterm, 0, len(toks))
	for _, t := range toks {
		out = append(out, ix.qtermFor(t))
	}
	return out
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
		if isUnigram(t) {
			q.weight *= unigramWeight
		} else if !isASCIIWord(t) && len([]rune(t)) == 2 {
			q.weight *= unseenBigramWeight
		}
	}
	return q
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
