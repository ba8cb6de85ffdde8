package httpapi

import (
	"reflect"

	"github.com/danielgtaylor/huma/v2"

	"github.com/kefu-dev/kefu/internal/problem"
)

// huma writes the errors it raises itself (a body that does not parse, a schema violation, an
// oversize body, an unacceptable Accept header) as its own ErrorModel, built by its
// package-level NewError hook. kefu leaves that hook alone and converts per API instead:
// humaProblems, one of the API's response transformers, swaps each ErrorModel for the
// problem.Problem of its status before it is written, and registry.DocumentOperation documents
// problem.Problem as the schema of every error response.

// huma writes a *problem.Problem as it is: its status, its headers, its content type.
var (
	_ huma.StatusError       = (*problem.Problem)(nil)
	_ huma.HeadersError      = (*problem.Problem)(nil)
	_ huma.ContentTypeFilter = (*problem.Problem)(nil)
)

// humaProblems is a huma transformer: every response body passes through it, and the
// ErrorModels of huma's own errors come out as problems with the same status. It runs before
// the status is written, so the problem's headers still apply.
func humaProblems(ctx huma.Context, _ string, v any) (any, error) {
	m, ok := v.(*huma.ErrorModel)
	if !ok {
		return v, nil
	}
	p := problem.ForStatus(m.Status, m.Detail, detailsOf(m.Errors)...)
	for k, vs := range p.GetHeaders() {
		ctx.SetHeader(k, vs[0])
	}
	return p, nil
}

// detailsOf keeps the location and message of each input error but never the offending value,
// which may be a secret or markup the client sent. An error naming no location is dropped: huma
// makes those from plain Go errors, whose text may describe internals.
func detailsOf(errs []*huma.ErrorDetail) []problem.ProblemDetail {
	details := make([]problem.ProblemDetail, 0, len(errs))
	for _, e := range errs {
		if e != nil && e.Location != "" {
			details = append(details, problem.ProblemDetail{Location: e.Location, Message: e.Message})
		}
	}
	return details
}

// problemType is what every error response of the OpenAPI document is.
var problemType = reflect.TypeFor[problem.Problem]()

// DocumentOperation implements huma.OperationDocumenter, which huma.Register calls instead of
// adding op to the OpenAPI document itself: it adds op with problem.Problem as the schema of
// its error responses, where huma would describe its ErrorModel, which kefu never sends.
func (r registry) DocumentOperation(op *huma.Operation) {
	if op.Hidden {
		return
	}
	schema := r.OpenAPI().Components.Schemas.Schema(problemType, true, "Problem")
	for _, res := range op.Responses {
		if mt := res.Content[problem.ContentType]; mt != nil {
			mt.Schema = schema
		}
	}
	r.OpenAPI().AddOperation(op)
	r.dropErrorModel()
}

// dropErrorModel removes the schemas huma registered for its ErrorModel while it prepared op
// (it does that before DocumentOperation runs, for every operation), so the OpenAPI document
// does not describe a shape kefu never sends. Only huma's own types are removed. Should a huma
// release stop exposing its schema map, they would stay in the document, unused and harmless.
func (r registry) dropErrorModel() {
	reg := r.OpenAPI().Components.Schemas
	for name, t := range map[string]reflect.Type{
		"ErrorModel":  reflect.TypeFor[huma.ErrorModel](),
		"ErrorDetail": reflect.TypeFor[huma.ErrorDetail](),
	} {
		if reg.TypeFromRef(schemaRef+name) == t {
			delete(reg.Map(), name)
		}
	}
}

// schemaRef prefixes a schema's name in a $ref of the OpenAPI document.
const schemaRef = "#/components/schemas/"
