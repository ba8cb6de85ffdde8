package llm

import (
	"context"
	"slices"
	"strings"
)

// Limits of one embeddings call.
const (
	// embedBatch is how many texts go in one request: DashScope's text-embedding models take at
	// most 10, OpenAI, Ollama and vLLM more.
	embedBatch = 10
	// embedTextRunes bounds one text; the start of an article says what it is about.
	embedTextRunes = 1000
)

// embeddingRequest is the body of POST {base}/embeddings.
type embeddingRequest struct {
	Model string   `json:"model"`
	Input []string `json:"input"`
}

// embeddingResponse is the part of the answer the client reads. Index is a pointer so that a
// provider that leaves it out is read in order.
type embeddingResponse struct {
	Data []struct {
		Index     *int      `json:"index"`
		Embedding []float64 `json:"embedding"`
	} `json:"data"`
}

// embed returns one vector per text, in order, all of one dimension, batching the requests.
func (c *Client) embed(ctx context.Context, texts []string) ([][]float64, error) {
	vecs := make([][]float64, 0, len(texts))
	for batch := range slices.Chunk(texts, embedBatch) {
		got, err := c.embedBatch(ctx, batch)
		if err != nil {
			return nil, err
		}
		vecs = append(vecs, got...)
	}
	if !sameDimension(vecs) {
		return nil, badResponse("embeddings of different dimensions")
	}
	return vecs, nil
}

// embedBatch makes one embeddings request and places each vector at its index.
func (c *Client) embedBatch(ctx context.Context, texts []string) ([][]float64, error) {
	var resp embeddingResponse
	if err := c.post(ctx, "/embeddings", embeddingRequest{Model: c.cfg.EmbeddingModel, Input: texts}, &resp); err != nil {
		return nil, err
	}
	if len(resp.Data) != len(texts) {
		return nil, badResponse("the number of embeddings differs from the number of inputs")
	}
	vecs := make([][]float64, len(texts))
	for i, d := range resp.Data {
		at := i
		if d.Index != nil {
			at = *d.Index
		}
		if at < 0 || at >= len(vecs) || vecs[at] != nil || len(d.Embedding) == 0 {
			return nil, badResponse("an embedding is missing, repeated or out of range")
		}
		vecs[at] = d.Embedding
	}
	return vecs, nil
}

func sameDimension(vecs [][]float64) bool {
	for _, v := range vecs {
		if len(v) != len(vecs[0]) {
			return false
		}
	}
	return true
}

// embeddingText is what stands for a candidate: its title and the start of its body.
func embeddingText(s Source) string {
	return truncateRunes(strings.TrimSpace(s.Title+"\n"+s.Body), embedTextRunes)
}
