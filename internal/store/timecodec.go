package store

import (
	"database/sql"
	"encoding/json"
	"time"
)

// Timestamps are stored as BIGINT unix microseconds UTC: portable across both dialects and
// sortable as plain integers.

// micros encodes t for a BIGINT column.
func micros(t time.Time) int64 { return t.UnixMicro() }

// fromMicros decodes a BIGINT column into a UTC time.
func fromMicros(v int64) time.Time { return time.UnixMicro(v).UTC() }

// nullMicros encodes an optional time; nil becomes NULL.
func nullMicros(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UnixMicro()
}

// fromNullMicros decodes a nullable BIGINT column.
func fromNullMicros(v sql.NullInt64) *time.Time {
	if !v.Valid {
		return nil
	}
	t := fromMicros(v.Int64)
	return &t
}

// normTime makes t exactly what a round trip through the database returns, so values a create
// fills in compare equal to the ones read back later.
func normTime(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// orNow returns t at database precision, or now when t is zero: creates fill missing timestamps.
func orNow(t, now time.Time) time.Time {
	if t.IsZero() {
		return now
	}
	return normTime(t)
}

// normTimePtr is normTime for optional times.
func normTimePtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	n := normTime(*t)
	return &n
}

// nullString stores "" as NULL, for optional references such as an assignee.
func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// jsonText encodes v for a json column. The types stored are plain maps, slices and structs, so
// encoding cannot fail.
func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic("store: unencodable json column: " + err.Error())
	}
	return string(b)
}

// scanner is a row from QueryRow or Rows.
type scanner interface {
	Scan(dest ...any) error
}
