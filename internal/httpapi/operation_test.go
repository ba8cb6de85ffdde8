package httpapi

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/danielgtaylor/huma/v2/adapters/humachi"
	"github.com/go-chi/chi/v5"
)

// A request with a JSON body that takes longer than huma's default 5-second body deadline must
// keep its context: left set, that deadline makes net/http cancel the request once its
// background read of the idle connection times out. Under load (a busy writer) this turned
// slow requests into 503s. The test takes about 6 seconds on purpose.
func TestSlowJSONRequestKeepsItsContext(t *testing.T) {
	if testing.Short() {
		t.Skip("waits past huma's 5-second body deadline")
	}
	type input struct {
		Body struct {
			Name string `json:"name"`
		}
	}
	type output struct {
		Body struct {
			Err string `json:"err"`
		}
	}
	r := chi.NewRouter()
	s := &server{log: slog.New(slog.DiscardHandler)}
	r.Use(s.requireValidUTF8)
	api := registry{API: humachi.New(r, apiConfig("test")), log: s.log}
	op(api, "slow", http.MethodPost, "/slow", "Slow", tagAdmin, func(ctx context.Context, in *input) (*output, error) {
		select {
		case <-time.After(6 * time.Second):
		case <-ctx.Done():
		}
		out := &output{}
		if err := ctx.Err(); err != nil {
			out.Body.Err = err.Error()
		}
		return out, nil
	})
	srv := httptest.NewServer(r)
	defer srv.Close()
	res, err := http.Post(srv.URL+"/slow", "application/json", strings.NewReader(`{"name":"x"}`))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK || strings.Contains(string(body), "context") {
		t.Fatalf("got %d %s, want 200 with the request context intact", res.StatusCode, body)
	}
}
