package kb

import (
	"encoding/csv"
	"errors"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// csvHeader is the columns of a CSV file, in export order. An import names its columns in its
// header, in any order; id, status and questions may be left out.
var csvHeader = []string{"id", "title", "body", "category", "locale", "status", "questions"}

// A CSV questions cell holds the alternative questions one per line (export writes them so);
// a cell without a line break is split at "|" instead, for files typed by hand.
func splitQuestions(cell string) []string {
	sep := "\n"
	if !strings.Contains(cell, "\n") {
		sep = "|"
	}
	out := []string{}
	for _, q := range strings.Split(strings.ReplaceAll(cell, "\r\n", "\n"), sep) {
		if q = strings.TrimSpace(q); q != "" {
			out = append(out, q)
		}
	}
	return out
}

func decodeCSV(r io.Reader) ([]row, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if err != nil {
		return nil, kefu.Errorf(kefu.CodeMalformed, "the file has no CSV header")
	}
	cols, err := csvColumns(head)
	if err != nil {
		return nil, err
	}
	var rows []row
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return rows, nil
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			return nil, kefu.Errorf(kefu.CodeMalformed, "CSV line %d cannot be read", line)
		}
		if len(rows) == MaxImportRows {
			return nil, kefu.Errorf(kefu.CodeTooLarge, "at most %d articles per import", MaxImportRows)
		}
		rows = append(rows, row{n: line, Record: csvRecord(cols, rec)})
	}
}

// csvColumns maps the header's known column names to their positions.
func csvColumns(head []string) (map[string]int, error) {
	cols := map[string]int{}
	for i, h := range head {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if slices.Contains(csvHeader, h) {
			cols[h] = i
		}
	}
	for _, need := range []string{"title", "body", "locale"} {
		if _, ok := cols[need]; !ok {
			return nil, kefu.Errorf(kefu.CodeMalformed, "the CSV header needs a %s column (columns: %s)", need, strings.Join(csvHeader, ","))
		}
	}
	return cols, nil
}

func csvRecord(cols map[string]int, rec []string) Record {
	cell := func(name string) string {
		if i, ok := cols[name]; ok && i < len(rec) {
			return rec[i]
		}
		return ""
	}
	return Record{ID: strings.TrimSpace(cell("id")), Title: cell("title"), Body: cell("body"), Category: cell("category"),
		Locale: strings.TrimSpace(cell("locale")), Status: strings.TrimSpace(cell("status")), Questions: splitQuestions(cell("questions"))}
}

// WriteCSV writes records as CSV with csvHeader. Cells are written as they are, not defused
// against spreadsheet formulas: Markdown bodies start with "-" or "+" as lists, and the file
// must import back unchanged; its authors are the organisation's editors.
func WriteCSV(w io.Writer, recs []Record) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	for _, r := range recs {
		if err := cw.Write([]string{r.ID, r.Title, r.Body, r.Category, r.Locale, r.Status, strings.Join(r.Questions, "\n")}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
