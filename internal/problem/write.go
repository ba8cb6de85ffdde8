package problem

import (
	"encoding/json"
	"log/slog"
	"net/http"
)

// Write answers a plain net/http request with the problem for err (see From): the same
// document, status and headers the REST API sends through huma.
func Write(w http.ResponseWriter, log *slog.Logger, err error) {
	From(log, err).Write(w)
}

// Write sends p as the whole response. Its headers replace any set before (a cache lifetime
// meant for the file the request hoped for). encoding/json escapes <, > and &, as the REST
// API's encoder does, so a detail that quotes input stays inert.
func (p *Problem) Write(w http.ResponseWriter) {
	h := w.Header()
	for k, v := range p.GetHeaders() {
		h[k] = v
	}
	h.Set("Content-Type", ContentType)
	w.WriteHeader(p.Status)
	_ = json.NewEncoder(w).Encode(p)
}
