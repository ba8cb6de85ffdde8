package httpapi

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/kefu-dev/kefu/internal/problem"
)

// API tags group operations in the OpenAPI document.
const (
	tagAuth     = "Authentication"
	tagConv     = "Conversations"
	tagContacts = "Contacts"
	tagAdmin    = "Administration"
	tagWidget   = "Visitor (widget)"
)

// registry couples the huma API with the logger that records internal errors.
type registry struct {
	huma.API
	log *slog.Logger
}

// securityFor says which credentials an operation accepts, for the OpenAPI document.
func securityFor(tag, id string) []map[string][]string {
	switch {
	case id == "login" || id == "login-second-step" || strings.HasPrefix(id, "sso-") || id == "setup" || id == "setup-status" || id == "widget-session" || id == "widget-config" || id == "download-file" || strings.HasPrefix(id, "invitation-"):
		return nil
	case id == "session-status": // credentials optional: answers signed_in false without them
		return []map[string][]string{{}, {"bearer": {}}, {"session": {}}}
	case tag == tagChannels:
		return []map[string][]string{{"webhookSignature": {}}}
	case tag == tagWidget:
		return []map[string][]string{{"visitorToken": {}}}
	}
	return []map[string][]string{{"bearer": {}}, {"session": {}}}
}

// op registers one operation. Every handler's error becomes a Problem here, in one place.
func op[I, O any](api registry, id, method, path, summary, tag string, h func(context.Context, *I) (*O, error)) {
	huma.Register(api, operation(id, method, path, summary, tag), wrap(api.log, h))
}

// opDoc registers one operation with a description beyond its summary, and the refusals a
// change of settings can meet (forbidden, conflict).
func opDoc[I, O any](api registry, id, method, path, summary, description, tag string, h func(context.Context, *I) (*O, error)) {
	o := operation(id, method, path, summary, tag)
	o.Description = description
	o.Errors = append(o.Errors, http.StatusForbidden, http.StatusConflict)
	huma.Register(api, o, wrap(api.log, h))
}

// opUpload registers a multipart upload with its own body limit (the form overhead included).
func opUpload[I, O any](api registry, id, path, tag string, limit int64, h func(context.Context, *I) (*O, error)) {
	o := operation(id, http.MethodPost, path, "Upload an attachment (multipart field \"file\")", tag)
	o.MaxBodyBytes = limit + 64<<10
	o.BodyReadTimeout = uploadReadTimeout
	huma.Register(api, o, wrap(api.log, h))
}

// uploadReadTimeout bounds how long an upload's body may take to arrive.
const uploadReadTimeout = 2 * time.Minute

// operation describes an endpoint to huma. BodyReadTimeout is negative because huma would
// otherwise set a 5-second read deadline on the connection and never clear it: once the body
// is read, net/http watches the connection for the client leaving, hits that deadline, and
// cancels every request that takes longer than 5 seconds, e.g. one waiting for a busy writer.
// JSON bodies are read, with a deadline that is cleared afterwards, by requireValidUTF8.
func operation(id, method, path, summary, tag string) huma.Operation {
	return huma.Operation{
		OperationID: id, Method: method, Path: path, Summary: summary, Tags: []string{tag},
		BodyReadTimeout: -1,
		Security:        securityFor(tag, id),
		Errors:          []int{http.StatusBadRequest, http.StatusUnauthorized, http.StatusNotFound, http.StatusUnprocessableEntity, http.StatusTooManyRequests},
	}
}

func wrap[I, O any](log *slog.Logger, h func(context.Context, *I) (*O, error)) func(context.Context, *I) (*O, error) {
	return func(ctx context.Context, in *I) (*O, error) {
		out, err := h(ctx, in)
		if err != nil {
			return nil, problem.From(log, err)
		}
		return out, nil
	}
}

// apiConfig is huma's configuration: OpenAPI 3.1 at /api/v1/openapi.json, strict bodies
// (unknown fields are an error), and the credential schemes.
func apiConfig(version string) huma.Config {
	cfg := huma.DefaultConfig("kefu API", version)
	cfg.OpenAPIPath = "/api/v1/openapi"
	cfg.DocsPath = "" // the hosted docs renderer loads scripts from a CDN; serve only the document
	cfg.SchemasPath = "/api/v1/schemas"
	cfg.CreateHooks = nil // no $schema links injected into every response body
	// huma's own errors (parse and validation failures) go out as problem documents too.
	cfg.Transformers = append(cfg.Transformers, humaProblems)
	// encoding/json's encoder escapes <, > and & as \u003c..., so message text that looks like
	// HTML stays inert even where a careless client sniffs or concatenates it.
	cfg.Formats = map[string]huma.Format{"application/json": escapedJSON, "json": escapedJSON}
	cfg.Info.Description = "The REST API of kefu. Errors are application/problem+json with a stable `code`. " +
		"Realtime events are specified in docs/realtime.md."
	cfg.Components.SecuritySchemes = map[string]*huma.SecurityScheme{
		"bearer":       {Type: "http", Scheme: "bearer", Description: "Agent session token from /api/v1/auth/login, or an API token"},
		"session":      {Type: "apiKey", In: "cookie", Name: sessionCookie, Description: "Browser session; writes also need the X-CSRF-Token header"},
		"visitorToken": {Type: "http", Scheme: "bearer", Description: "Visitor token from /api/v1/widget/sessions"},
		"webhookSignature": {Type: "apiKey", In: "header", Name: "webhook-signature",
			Description: "Standard Webhooks signature with the inbox's secret, with webhook-id and webhook-timestamp (docs/channels.md)"},
	}
	return cfg
}

var escapedJSON = huma.Format{
	Marshal:   func(w io.Writer, v any) error { return json.NewEncoder(w).Encode(v) },
	Unmarshal: json.Unmarshal,
}
