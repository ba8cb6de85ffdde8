package llm

import (
	"cmp"
	"context"
	"math"
	"slices"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// MaxRerankCandidates is how many candidates Rerank orders; later ones keep their place after
// them. Retrieval gives the bot a handful; this bounds the cost of a caller that gives more.
const MaxRerankCandidates = 30

// Rerank returns the indexes of candidates ordered by the cosine similarity of their
// embeddings to the query's, most similar first; ties keep the given order. Only the first
// MaxRerankCandidates are ordered (the rest follow in their order), and fewer than two need no
// request. It fails with ErrNoEmbeddingModel when Config.EmbeddingModel is empty.
func (c *Client) Rerank(ctx context.Context, query string, candidates []Source) ([]int, error) {
	if c.err != nil {
		return nil, c.err
	}
	if c.cfg.EmbeddingModel == "" {
		return nil, ErrNoEmbeddingModel
	}
	query = customerText(query, embedTextRunes)
	if query == "" {
		return nil, kefu.FieldError("query", "query is empty")
	}
	order := identity(len(candidates))
	n := min(len(candidates), MaxRerankCandidates)
	if n < 2 {
		return order, nil
	}
	vecs, err := c.embed(ctx, rerankTexts(query, candidates[:n]))
	if err != nil {
		return nil, err
	}
	sortByCosine(order[:n], vecs[0], vecs[1:])
	return order, nil
}

// rerankTexts is the query followed by the candidates' texts: one batch for a few candidates.
func rerankTexts(query string, candidates []Source) []string {
	texts := []string{query}
	for _, s := range candidates {
		texts = append(texts, embeddingText(s))
	}
	return texts
}

// sortByCosine orders idx (candidate indexes) by their vectors' cosine to query, highest first.
func sortByCosine(idx []int, query []float64, vecs [][]float64) {
	score := make([]float64, len(vecs))
	for i, v := range vecs {
		score[i] = cosine(query, v)
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(score[b], score[a]) })
}

// cosine is the cosine similarity of a and b (of equal length); a zero vector scores -2, below
// any real similarity, since it says nothing.
func cosine(a, b []float64) float64 {
	var dot, na, nb float64
	for i := range a {
		dot += a[i] * b[i]
		na += a[i] * a[i]
		nb += b[i] * b[i]
	}
	if na == 0 || nb == 0 {
		return -2
	}
	return dot / (math.Sqrt(na) * math.Sqrt(nb))
}

func identity(n int) []int {
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	return idx
}
