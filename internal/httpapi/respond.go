package httpapi

import (
	"encoding/json"
	"net/http"
)

// writeJSON writes a small JSON document outside huma.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
