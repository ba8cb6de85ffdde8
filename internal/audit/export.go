package audit

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// Export formats.
const (
	FormatCSV   = "csv"   // UTF-8 with a byte order mark, so spreadsheet programs read Chinese text right
	FormatJSONL = "jsonl" // one JSON entry a line, every field exact: what an offline check reads
)

// exportChunk is how many entries an export reads at a time: memory stays constant however
// long the log.
const exportChunk = 500

// Exporter writes the entries of one export; Start returns it once the export itself has been
// recorded, so nothing is streamed unaudited.
type Exporter func(w io.Writer) error

// Export checks that actor may read the log, records the export as audit.exported and returns
// the function that streams the actor's organisation's entries matching f, oldest first, in
// format.
func (s *Service) Export(ctx context.Context, actor kefu.Actor, f kefu.AuditFilter, format string) (Exporter, error) {
	if err := requireView(actor); err != nil {
		return nil, err
	}
	if format != FormatCSV && format != FormatJSONL {
		return nil, kefu.FieldError("format", "must be csv or jsonl")
	}
	if err := checkFilter(&f); err != nil {
		return nil, err
	}
	after, _ := json.Marshal(exportRecord(f, format))
	err := s.Append(ctx, actor, kefu.AuditEntry{Action: ActionExported, TargetType: "audit_log", After: after})
	if err != nil {
		return nil, err
	}
	f.Ascending, f.BeforeSeq, f.AfterSeq, f.Limit = true, 0, 0, exportChunk
	orgID := actor.OrgID
	return func(w io.Writer) error { return s.stream(context.WithoutCancel(ctx), orgID, f, format, w) }, nil
}

// exportRecord is what the audit.exported entry says about an export.
func exportRecord(f kefu.AuditFilter, format string) map[string]string {
	m := map[string]string{"format": format}
	put := func(k, v string) {
		if v != "" {
			m[k] = v
		}
	}
	put("actor_id", f.ActorID)
	put("action", f.ActionPrefix)
	put("target_type", f.TargetType)
	put("target_id", f.TargetID)
	if !f.From.IsZero() {
		put("from", f.From.UTC().Format(time.RFC3339))
	}
	if !f.To.IsZero() {
		put("to", f.To.UTC().Format(time.RFC3339))
	}
	return m
}

// stream writes every matching entry in chunks.
func (s *Service) stream(ctx context.Context, orgID string, f kefu.AuditFilter, format string, w io.Writer) error {
	enc := newEncoder(format, w)
	if err := enc.header(); err != nil {
		return err
	}
	for {
		entries, err := s.store.ListAudit(ctx, orgID, f)
		if err != nil {
			return err
		}
		for i := range entries {
			if err := enc.entry(&entries[i]); err != nil {
				return err
			}
		}
		if len(entries) < f.Limit {
			return enc.flush()
		}
		f.AfterSeq = entries[len(entries)-1].Seq
	}
}

// encoder writes entries in one export format.
type encoder struct {
	w     io.Writer
	csv   *csv.Writer // nil for JSON Lines
	jsonl *json.Encoder
}

func newEncoder(format string, w io.Writer) *encoder {
	if format == FormatCSV {
		return &encoder{w: w, csv: csv.NewWriter(w)}
	}
	return &encoder{w: w, jsonl: json.NewEncoder(w)}
}

var csvHeader = []string{"seq", "at", "actor_kind", "actor_id", "token_id", "ip", "user_agent", "action",
	"target_type", "target_id", "before", "after", "prev_hash", "hash"}

func (e *encoder) header() error {
	if e.csv == nil {
		return nil
	}
	if _, err := io.WriteString(e.w, "\uFEFF"); err != nil {
		return err
	}
	return e.csv.Write(csvHeader)
}

func (e *encoder) entry(a *kefu.AuditEntry) error {
	if e.csv == nil {
		return e.jsonl.Encode(a)
	}
	row := []string{strconv.FormatInt(a.Seq, 10), a.At.UTC().Format(time.RFC3339Nano), a.ActorKind, a.ActorID,
		a.TokenID, a.IP, a.UserAgent, a.Action, a.TargetType, a.TargetID, string(a.Before), string(a.After),
		a.PrevHash, a.Hash}
	for i := range row {
		row[i] = defuseFormula(row[i])
	}
	return e.csv.Write(row)
}

func (e *encoder) flush() error {
	if e.csv == nil {
		return nil
	}
	e.csv.Flush()
	return e.csv.Error()
}

// defuseFormula keeps a spreadsheet from running a cell as a formula (a user agent is the
// client's to choose): such a cell gets a leading apostrophe. The JSON Lines export is exact.
func defuseFormula(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return "'" + v
	}
	return v
}
