package httpapi

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/danielgtaylor/huma/v2/adapters/humachi"
	"github.com/go-chi/chi/v5"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/problem"
)

// problemAPI is a huma API configured as kefu's, with one operation that fails with fail's
// error when the body's name is "fail".
func problemAPI(t *testing.T, fail error) (*httptest.Server, registry) {
	type input struct {
		Body struct {
			Name string `json:"name" maxLength:"5"`
		}
	}
	type output struct{ Body struct{} }
	r := chi.NewRouter()
	api := registry{API: humachi.New(r, apiConfig("test")), log: slog.New(slog.DiscardHandler)}
	op(api, "try", http.MethodPost, "/try", "Try", tagAdmin, func(_ context.Context, in *input) (*output, error) {
		if in.Body.Name == "fail" {
			return nil, fail
		}
		return &output{}, nil
	})
	srv := httptest.NewServer(r)
	t.Cleanup(srv.Close)
	return srv, api
}

// post sends body and decodes the problem answered.
func post(t *testing.T, srv *httptest.Server, body string) (*http.Response, map[string]any) {
	t.Helper()
	res, err := http.Post(srv.URL+"/try", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var doc map[string]any
	_ = json.NewDecoder(res.Body).Decode(&doc)
	return res, doc
}

// checkDoc asserts res is the problem of code with status.
func checkDoc(t *testing.T, res *http.Response, doc map[string]any, status int, code kefu.Code) {
	t.Helper()
	if res.StatusCode != status || doc["status"] != float64(status) || doc["code"] != string(code) ||
		doc["type"] != "https://kefu.dev/errors/"+string(code) || res.Header.Get("Content-Type") != problem.ContentType {
		t.Errorf("got %d %s %v, want %d %s as problem+json", res.StatusCode, res.Header.Get("Content-Type"), doc, status, code)
	}
	if res.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("got Cache-Control %q, want no-store", res.Header.Get("Cache-Control"))
	}
}

// huma's own errors come out as kefu problems, through the API's transformer rather than
// huma's package-level hook, and never echo the offending input.
func TestHumaErrorsAreProblems(t *testing.T) {
	srv, _ := problemAPI(t, nil)
	res, doc := post(t, srv, `{"name": "x`)
	checkDoc(t, res, doc, http.StatusBadRequest, kefu.CodeMalformed)
	res, doc = post(t, srv, `{"name": "<script>"}`)
	checkDoc(t, res, doc, http.StatusUnprocessableEntity, kefu.CodeInvalid)
	errs, _ := doc["errors"].([]any)
	if len(errs) != 1 || errs[0].(map[string]any)["location"] != "body.name" {
		t.Fatalf("got errors %v, want one naming body.name", doc["errors"])
	}
	if _, echoed := errs[0].(map[string]any)["value"]; echoed {
		t.Errorf("the detail echoes the input: %v", errs[0])
	}
}

// A handler's overloaded error is a 429 whose Retry-After is the policy's.
func TestRESTRetryAfter(t *testing.T) {
	srv, _ := problemAPI(t, kefu.Errorf(kefu.CodeOverloaded, "busy"))
	res, doc := post(t, srv, `{"name": "fail"}`)
	checkDoc(t, res, doc, http.StatusTooManyRequests, kefu.CodeOverloaded)
	if want := strconv.Itoa(problem.Seconds(problem.RetryAfter(kefu.CodeOverloaded))); res.Header.Get("Retry-After") != want {
		t.Errorf("got Retry-After %q, want %s", res.Header.Get("Retry-After"), want)
	}
}

// The middleware's own refusals are the same documents: the in-flight limit (429) and a
// widget that is not built (503).
func TestPlainHandlerRetryAfter(t *testing.T) {
	s := &server{log: slog.New(slog.DiscardHandler), metrics: NewMetrics(nil), inFlight: newInFlightSlots(1)}
	s.inFlight <- struct{}{} // the one slot is taken
	for _, tt := range []struct {
		h    http.Handler
		code kefu.Code
	}{
		{s.shedLoad(http.NotFoundHandler()), kefu.CodeOverloaded},
		{s.widgetFile("widget.js", "public, max-age=60"), kefu.CodeUnavailable},
	} {
		rec := httptest.NewRecorder()
		tt.h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
		res := rec.Result()
		var doc map[string]any
		_ = json.NewDecoder(res.Body).Decode(&doc)
		checkDoc(t, res, doc, problem.Status(tt.code), tt.code)
		if want := strconv.Itoa(problem.Seconds(problem.RetryAfter(tt.code))); res.Header.Get("Retry-After") != want {
			t.Errorf("%s: got Retry-After %q, want %s", tt.code, res.Header.Get("Retry-After"), want)
		}
	}
}

// The OpenAPI document describes errors as kefu's Problem, not huma's ErrorModel.
func TestOpenAPIErrorsAreProblems(t *testing.T) {
	_, api := problemAPI(t, nil)
	doc, err := json.Marshal(api.OpenAPI())
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(doc), "ErrorModel") || strings.Contains(string(doc), `"ErrorDetail"`) {
		t.Errorf("the OpenAPI document still describes huma's ErrorModel")
	}
	res := api.OpenAPI().Paths["/try"].Post.Responses["422"].Content[problem.ContentType]
	if res == nil || res.Schema.Ref != "#/components/schemas/Problem" {
		t.Fatalf("got 422 response %+v, want a $ref to Problem", res)
	}
	if api.OpenAPI().Components.Schemas.Map()["ProblemDetail"] == nil {
		t.Errorf("the ProblemDetail schema is missing")
	}
}
