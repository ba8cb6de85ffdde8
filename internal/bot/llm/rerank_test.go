package llm_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/kefu-dev/kefu/internal/bot/llm"
	"github.com/kefu-dev/kefu/internal/bot/llm/llmtest"
	"github.com/kefu-dev/kefu/internal/kefu"
)

func TestRerankOrdersByEmbeddingSimilarity(t *testing.T) {
	fake, c := newFake(t)
	zh := []llm.Source{
		{ID: "ship", Title: "发货时间", Body: "下单后48小时内从杭州发货。"},
		{ID: "refund", Title: "退款到账时间", Body: "退款会在7个工作日内原路退回。"},
	}
	tests := []struct {
		query      string
		candidates []llm.Source
		first      int
	}{
		{"refunds to my card, how many working days?", teaSources, 0},
		{"brew green tea temperature", teaSources, 2},
		{"parcel shipping hours", teaSources, 1},
		{"退款多久到账", zh, 1},
	}
	for _, tt := range tests {
		order, err := c.Rerank(t.Context(), tt.query, tt.candidates)
		if err != nil {
			t.Fatal(err)
		}
		if !isPermutation(order, len(tt.candidates)) || order[0] != tt.first {
			t.Errorf("Rerank(%q) = %v, want a permutation starting with %d", tt.query, order, tt.first)
		}
	}
	req := fake.Requests()[0]
	if req.Path != "/v1/embeddings" || req.Authorization != "Bearer "+fake.Key || req.Embedding.Model != fake.EmbeddingModel ||
		len(req.Embedding.Input) != 4 || req.Embedding.Input[0] != tests[0].query {
		t.Errorf("first request %s %+v, want POST /v1/embeddings of the query and 3 candidates with the embedding model", req.Path, req.Embedding)
	}
}

// TestRerankReadsTheVectors checks the cosine order and the placement by index on vectors the
// test chooses: the query is [1, 0].
func TestRerankReadsTheVectors(t *testing.T) {
	fake, c := newFake(t)
	tests := []struct {
		name, body string
		want       []int
	}{
		{"in order", `{"data":[{"index":0,"embedding":[1,0]},{"index":1,"embedding":[0,1]},{"index":2,"embedding":[0.6,0.8]},{"index":3,"embedding":[1,0.1]}]}`, []int{2, 1, 0}},
		{"shuffled by index", `{"data":[{"index":3,"embedding":[1,0.1]},{"index":1,"embedding":[0,1]},{"index":0,"embedding":[1,0]},{"index":2,"embedding":[0.6,0.8]}]}`, []int{2, 1, 0}},
		{"without index", `{"data":[{"embedding":[1,0]},{"embedding":[0,1]},{"embedding":[0.6,0.8]},{"embedding":[1,0.1]}]}`, []int{2, 1, 0}},
		{"a zero vector last", `{"data":[{"embedding":[2,0]},{"embedding":[0,0]},{"embedding":[-1,0]},{"embedding":[0,3]}]}`, []int{2, 1, 0}},
		{"ties keep their order", `{"data":[{"embedding":[1,0]},{"embedding":[0,1]},{"embedding":[0,5]},{"embedding":[0,2]}]}`, []int{0, 1, 2}},
	}
	for _, tt := range tests {
		fake.SetFault(llmtest.Fault{Body: tt.body})
		order, err := c.Rerank(t.Context(), "refunds", teaSources)
		if err != nil || !slices.Equal(order, tt.want) {
			t.Errorf("%s: Rerank = %v, %v; want %v", tt.name, order, err, tt.want)
		}
	}
}

// TestRerankBatchesAndBounds: ten texts per request, at most MaxRerankCandidates ordered, the
// rest after them in their order.
func TestRerankBatchesAndBounds(t *testing.T) {
	fake, c := newFake(t)
	var candidates []llm.Source
	for i := range llm.MaxRerankCandidates + 5 {
		candidates = append(candidates, llm.Source{ID: fmt.Sprint(i), Title: fmt.Sprintf("article%d", i), Body: "oolong"})
	}
	candidates[20].Body = "refunds reach your card within seven working days"
	order, err := c.Rerank(t.Context(), "refunds within seven working days", candidates)
	if err != nil {
		t.Fatal(err)
	}
	if !isPermutation(order, len(candidates)) || order[0] != 20 || !slices.Equal(order[llm.MaxRerankCandidates:], []int{30, 31, 32, 33, 34}) {
		t.Errorf("Rerank = %v, want 20 first and 30..34 last in order", order)
	}
	var sizes []int
	for _, r := range fake.Requests() {
		sizes = append(sizes, len(r.Embedding.Input))
	}
	if !slices.Equal(sizes, []int{10, 10, 10, 1}) {
		t.Errorf("embedding batches of %v inputs, want [10 10 10 1] (the query and %d candidates)", sizes, llm.MaxRerankCandidates)
	}
}

func TestRerankWithoutARequest(t *testing.T) {
	fake, c := newFake(t)
	for _, candidates := range [][]llm.Source{nil, teaSources[:1]} {
		order, err := c.Rerank(t.Context(), "refunds", candidates)
		if err != nil || !slices.Equal(order, identity(len(candidates))) {
			t.Errorf("Rerank of %d candidates = %v, %v; want them in order", len(candidates), order, err)
		}
	}
	if _, err := c.Rerank(t.Context(), "  ", teaSources); kefu.ErrorCode(err) != kefu.CodeInvalid {
		t.Errorf("Rerank of an empty query: %v, want invalid_input", err)
	}
	cfg := fake.Config()
	cfg.EmbeddingModel = ""
	if _, err := llm.New(cfg, fake.Client()).Rerank(t.Context(), "refunds", teaSources); !errors.Is(err, llm.ErrNoEmbeddingModel) {
		t.Errorf("Rerank without an embedding model: %v, want ErrNoEmbeddingModel", err)
	}
	if n := len(fake.Requests()); n != 0 {
		t.Errorf("the fake received %d requests, want 0", n)
	}
}

func isPermutation(order []int, n int) bool {
	return slices.Equal(slices.Sorted(slices.Values(order)), identity(n))
}

func identity(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}
