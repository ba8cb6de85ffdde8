package httpapi

import (
	"context"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humachi"

	"github.com/kefu-dev/kefu/internal/audit"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// exportAuditBody is the export's format and the same filters the list takes as query
// parameters. (huma neither reads parameters from nor documents the fields of an embedded
// struct, so the two inputs spell them out each.)
type exportAuditBody struct {
	Format     string    `json:"format" enum:"csv,jsonl" doc:"csv (UTF-8 with BOM) or jsonl (JSON Lines, exact)"`
	ActorID    string    `json:"actor_id,omitempty" maxLength:"128" doc:"Entries by this agent (or contact)"`
	Action     string    `json:"action,omitempty" maxLength:"128" doc:"Action name or prefix, e.g. auth. or agent.role_changed"`
	TargetType string    `json:"target_type,omitempty" maxLength:"128" doc:"e.g. agent, token, inbox"`
	TargetID   string    `json:"target_id,omitempty" maxLength:"128"`
	From       time.Time `json:"from,omitzero" doc:"Entries at or after this time"`
	To         time.Time `json:"to,omitzero" doc:"Entries before this time"`
}

func (f exportAuditBody) filter() kefu.AuditFilter {
	return kefu.AuditFilter{ActorID: f.ActorID, ActionPrefix: f.Action, TargetType: f.TargetType,
		TargetID: f.TargetID, From: f.From, To: f.To}
}

type listAuditInput struct {
	ActorID    string    `query:"actor_id" maxLength:"128" doc:"Entries by this agent (or contact)"`
	Action     string    `query:"action" maxLength:"128" doc:"Action name or prefix, e.g. auth. or agent.role_changed"`
	TargetType string    `query:"target_type" maxLength:"128" doc:"e.g. agent, token, inbox"`
	TargetID   string    `query:"target_id" maxLength:"128"`
	From       time.Time `query:"from" doc:"Entries at or after this time (RFC 3339)"`
	To         time.Time `query:"to" doc:"Entries before this time (RFC 3339)"`
	Before     int64     `query:"before" minimum:"0" doc:"Paging: entries older than this seq (next_before of the previous page)"`
	Limit      int       `query:"limit" minimum:"1" maximum:"200" default:"50"`
}

type listAuditOutput struct {
	Body struct {
		Entries    []kefu.AuditEntry `json:"entries"`
		NextBefore int64             `json:"next_before,omitempty" doc:"Pass as before for the next page; absent on the last"`
	}
}

func (s *server) listAudit(ctx context.Context, in *listAuditInput) (*listAuditOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	f := kefu.AuditFilter{ActorID: in.ActorID, ActionPrefix: in.Action, TargetType: in.TargetType, TargetID: in.TargetID,
		From: in.From, To: in.To, BeforeSeq: in.Before, Limit: in.Limit}
	page, err := s.Audit.List(ctx, actor, f)
	if err != nil {
		return nil, err
	}
	out := &listAuditOutput{}
	out.Body.Entries, out.Body.NextBefore = page.Entries, page.NextBefore
	return out, nil
}

type exportAuditInput struct {
	Body exportAuditBody
}

// exportAudit streams the log as a download. It is a POST because it is recorded in the log
// itself (audit.exported), so a cookie-authenticated export needs the CSRF header.
func (s *server) exportAudit(ctx context.Context, in *exportAuditInput) (*huma.StreamResponse, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	write, err := s.Audit.Export(ctx, actor, in.Body.filter(), in.Body.Format)
	if err != nil {
		return nil, err
	}
	contentType, name := "text/csv; charset=utf-8", "audit-log.csv"
	if in.Body.Format == audit.FormatJSONL {
		contentType, name = "application/jsonl; charset=utf-8", "audit-log.jsonl"
	}
	return &huma.StreamResponse{Body: func(hctx huma.Context) {
		_, w := humachi.Unwrap(hctx)
		w.Header().Set("Content-Type", contentType)
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
		w.Header().Set("Cache-Control", "no-store")
		if err := write(w); err != nil {
			// The status is sent; the cut-short body is what the client sees.
			s.log.ErrorContext(ctx, "audit export failed", "err", err)
		}
	}}, nil
}
