package retrieve

import (
	"cmp"
	"slices"
	"strings"
)

// Hit is an article found for a query.
type Hit struct {
	ID         string
	Score      float64 // ranks the hits of one query
	Confidence float64 // 0..1, comparable across queries: how well the best passage matches
	Matched    string  // the title or alternative question that matched best
}

const (
	candidateLimit = 64   // articles scored exactly, chosen by a cheap overlap bound
	queryShare     = 0.65 // how much of a passage's similarity is the share of the query it covers
	passageShare   = 0.7  // how much of the confidence is the best passage's, the rest the article's
	bodyBoost      = 0.1  // how much the body adds to the rank
	articleBoost   = 0.2  // how much the whole article's coverage of the query adds to the rank
	bodyConfidence = 0.5  // the most confidence a match in the body alone can give
	defaultLimit   = 10
)

// Search returns up to limit articles for query, best first; locale "" searches every locale.
// A query with no indexable term, or one no article shares a term with, finds nothing.
func (ix *Index) Search(query, locale string, limit int) []Hit {
	if limit <= 0 {
		limit = defaultLimit
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	q := ix.buildQuery(query)
	cands := ix.candidates(q, strings.ToLower(locale))
	hits := make([]Hit, 0, len(cands))
	for _, slot := range cands {
		hits = append(hits, ix.score(q, ix.slots[slot]))
	}
	slices.SortFunc(hits, func(a, b Hit) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(a.ID, b.ID))
	})
	return hits[:min(limit, len(hits))]
}

// candidates returns the slots of the articles in locale that share a term with q, at most
// candidateLimit of them, chosen by the summed weight of the query terms they contain.
func (ix *Index) candidates(q []qterm, locale string) []int32 {
	acc := map[int32]float64{}
	for _, t := range q {
		for _, a := range t.alts {
			for _, slot := range ix.postings[a.term] {
				acc[slot] += t.weight * a.factor
			}
		}
	}
	slots := make([]int32, 0, len(acc))
	for slot := range acc {
		if matchesLocale(ix.slots[slot].locale, locale) {
			slots = append(slots, slot)
		}
	}
	slices.SortFunc(slots, func(a, b int32) int { return cmp.Compare(acc[b], acc[a]) })
	return slots[:min(candidateLimit, len(slots))]
}

// score compares the query with each passage of e. The best title or question, blended with
// the share of the query the whole article covers (title, questions and body together), gives
// the confidence: a customer's question often joins two things an article says in different
// places (退货 in the title, 地址 in the body), which no single passage covers. The body alone
// gives confidence only when nothing else matched, and adds a little to the rank.
func (ix *Index) score(q []qterm, e *entry) Hit {
	h := Hit{ID: e.doc.ID}
	var body float64
	for i := range e.passages {
		p := &e.passages[i]
		if p.kind == kindBody {
			body = ix.queryCoverage(q, p)
			continue
		}
		if s := ix.similarity(q, p); s > h.Confidence {
			h.Confidence, h.Matched = s, p.text
		}
	}
	whole := ix.queryCoverage(q, &passage{terms: e.terms})
	h.Confidence = max(passageShare*h.Confidence+(1-passageShare)*whole, bodyConfidence*body)
	h.Score = h.Confidence + bodyBoost*body + articleBoost*whole
	return h
}

// similarity blends the share of the query the passage covers with the share of the passage
// the query covers, both weighted by idf: a question that says exactly what the customer said
// scores 1, one that shares only a common word scores near 0.
func (ix *Index) similarity(q []qterm, p *passage) float64 {
	qc := ix.queryCoverage(q, p)
	if qc == 0 {
		return 0
	}
	return queryShare*qc + (1-queryShare)*ix.passageCoverage(q, p)
}

// queryCoverage is the weighted share of the query's terms found in p.
func (ix *Index) queryCoverage(q []qterm, p *passage) float64 {
	var hit, all float64
	for _, t := range q {
		all += t.weight * t.weight
		if f := bestFactor(t, p); f > 0 {
			hit += t.weight * t.weight * f * f
		}
	}
	if all == 0 {
		return 0
	}
	return hit / all
}

// passageCoverage is the weighted share of p's terms that the query matched.
func (ix *Index) passageCoverage(q []qterm, p *passage) float64 {
	var hit, all float64
	for i, t := range p.terms {
		w := ix.termWeight(t)
		all += w * w
		f := matchedBy(q, t)
		if f == 0 && p.sounds != nil && p.sounds[i] != "" {
			f = matchedBy(q, p.sounds[i])
		}
		if f > 0 {
			hit += w * w * f * f
		}
	}
	if all == 0 {
		return 0
	}
	return hit / all
}

// bestFactor is the factor of the best of t's matches that p contains, 0 if none.
func bestFactor(t qterm, p *passage) float64 {
	var f float64
	for _, a := range t.alts {
		if a.factor > f && p.has(a.term) {
			f = a.factor
		}
	}
	return f
}

// matchedBy is the best factor with which any query term matches the passage term pt.
func matchedBy(q []qterm, pt token) float64 {
	var f float64
	for _, t := range q {
		for _, a := range t.alts {
			if a.term == pt && a.factor > f {
				f = a.factor
			}
		}
	}
	return f
}
