package store

import (
	"errors"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jmoiron/sqlx"
	"modernc.org/sqlite"
)

// Dialect names for Store.Dialect.
const (
	DialectSQLite   = "sqlite"
	DialectPostgres = "postgres"
)

// dialect holds the few SQL differences between SQLite and PostgreSQL. SQL is written with `?`
// placeholders and rebound for PostgreSQL.
type dialect struct {
	name string
}

// rebind turns `?` placeholders into the dialect's form.
func (d dialect) rebind(query string) string {
	if d.name == DialectPostgres {
		return sqlx.Rebind(sqlx.DOLLAR, query)
	}
	return query
}

// forUpdate locks selected rows on PostgreSQL so concurrent writers on other nodes serialise;
// SQLite has a single writer and no row locks.
func (d dialect) forUpdate() string {
	if d.name == DialectPostgres {
		return " FOR UPDATE"
	}
	return ""
}

// forUpdateOf is forUpdate for the rows of one table of a join.
func (d dialect) forUpdateOf(table string) string {
	if d.name == DialectPostgres {
		return " FOR UPDATE OF " + table
	}
	return ""
}

// forNoKeyUpdate locks a selected row on PostgreSQL against other writers of it but, unlike
// FOR UPDATE, not against transactions that insert rows referencing it: their foreign key
// check takes a key-share lock, which only FOR UPDATE blocks.
func (d dialect) forNoKeyUpdate() string {
	if d.name == DialectPostgres {
		return " FOR NO KEY UPDATE"
	}
	return ""
}

// skipLocked makes a locking subquery skip rows other transactions hold, so nodes claiming
// jobs at once each take different ones without waiting; SQLite has one writer and no row locks.
func (d dialect) skipLocked() string {
	if d.name == DialectPostgres {
		return " FOR UPDATE SKIP LOCKED"
	}
	return ""
}

// labelsJSON is a subquery for the labels of the conversation whose id is convID (a column), as
// a JSON array of strings in the order fillLabels returns them: by label in the database's
// collation. SQLite's json_group_array takes its rows in the order of the inner query.
func (d dialect) labelsJSON(convID string) string {
	if d.name == DialectPostgres {
		return `(SELECT COALESCE(json_agg(label ORDER BY label), '[]') FROM conversation_labels
			WHERE conversation_id = ` + convID + `)`
	}
	return `(SELECT json_group_array(label) FROM (SELECT label FROM conversation_labels
		WHERE conversation_id = ` + convID + ` ORDER BY label))`
}

// like is the case-insensitive LIKE operator. SQLite's LIKE is already case-insensitive for ASCII.
func (d dialect) like() string {
	if d.name == DialectPostgres {
		return "ILIKE"
	}
	return "LIKE"
}

// SQLite extended result codes we map to kefu errors.
const (
	sqliteConstraintUnique     = 2067
	sqliteConstraintPrimaryKey = 1555
	sqliteConstraintForeignKey = 787
)

// isUniqueViolation reports whether err is a unique or primary key violation in either dialect.
func isUniqueViolation(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() == sqliteConstraintUnique || se.Code() == sqliteConstraintPrimaryKey
	}
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505"
}

// isForeignKeyViolation reports whether err is a foreign key violation in either dialect.
func isForeignKeyViolation(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() == sqliteConstraintForeignKey
	}
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23503"
}

// forShare locks a selected row on PostgreSQL against updates until commit, letting other
// readers share it; SQLite has a single writer and no row locks.
func (d dialect) forShare() string {
	if d.name == DialectPostgres {
		return " FOR SHARE"
	}
	return ""
}
