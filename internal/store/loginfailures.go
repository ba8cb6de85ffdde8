package store

import (
	"context"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// maxLoginFailureSubjects bounds one read: a sign-in looks at two or three subjects.
const maxLoginFailureSubjects = 8

// LoginFailures returns the failure rows of the given subjects; subjects without failures are
// left out.
func (s *Store) LoginFailures(ctx context.Context, subjects []string) ([]kefu.LoginFailures, error) {
	if len(subjects) == 0 {
		return nil, nil
	}
	if len(subjects) > maxLoginFailureSubjects {
		return nil, kefu.Errorf(kefu.CodeInvalid, "at most %d subjects", maxLoginFailureSubjects)
	}
	rows, err := s.reader().query(ctx, `SELECT subject, failures, last_failed_at FROM login_failures
		WHERE subject IN (`+placeholders(len(subjects))+`)`, anyArgs(subjects)...)
	if err != nil {
		return nil, dbError(err)
	}
	defer rows.Close()
	var out []kefu.LoginFailures
	for rows.Next() {
		var f kefu.LoginFailures
		var last int64
		if err := rows.Scan(&f.Subject, &f.Failures, &last); err != nil {
			return nil, dbError(err)
		}
		f.LastFailedAt = fromMicros(last)
		out = append(out, f)
	}
	return out, dbError(rows.Err())
}

// AddLoginFailure counts one failure of subject at the given time and returns the new count
// and the time of the failure before it (zero for the first). A subject whose last failure is
// older than forgetBefore starts again from one, so an old burst of typos does not count
// against next week's first mistake. The increment is one statement, so concurrent failures
// from several processes are all counted, each seeing its own count.
func (s *Store) AddLoginFailure(ctx context.Context, subject string, at, forgetBefore time.Time) (int, time.Time, error) {
	var n int
	var prev int64
	err := s.write(ctx, func(t *Tx) error {
		return dbError(t.c.queryRow(t.ctx, `INSERT INTO login_failures (subject, failures, last_failed_at, prev_failed_at)
			VALUES (?, 1, ?, 0)
			ON CONFLICT (subject) DO UPDATE SET
				failures = CASE WHEN login_failures.last_failed_at < ? THEN 1 ELSE login_failures.failures + 1 END,
				prev_failed_at = login_failures.last_failed_at,
				last_failed_at = excluded.last_failed_at
			RETURNING failures, prev_failed_at`, subject, micros(at), micros(forgetBefore)).Scan(&n, &prev))
	})
	if err != nil || prev == 0 {
		return n, time.Time{}, err
	}
	return n, fromMicros(prev), nil
}

// ClearLoginFailures forgets the failures of subjects, after a successful sign-in.
func (s *Store) ClearLoginFailures(ctx context.Context, subjects []string) error {
	if len(subjects) == 0 {
		return nil
	}
	return s.write(ctx, func(t *Tx) error {
		_, err := t.exec(`DELETE FROM login_failures WHERE subject IN (`+placeholders(len(subjects))+`)`,
			anyArgs(subjects)...)
		return dbError(err)
	})
}

// ForgiveLoginFailure takes one failure back from subject's count, for an attempt that was
// counted before it turned out to succeed.
func (s *Store) ForgiveLoginFailure(ctx context.Context, subject string) error {
	return s.write(ctx, func(t *Tx) error {
		_, err := t.exec(`UPDATE login_failures SET failures = failures - 1 WHERE subject = ? AND failures > 0`, subject)
		return dbError(err)
	})
}

// DeleteLoginFailuresBefore removes the rows whose last failure is older than before (they no
// longer lock anything out) and returns how many.
func (s *Store) DeleteLoginFailuresBefore(ctx context.Context, before time.Time) (int64, error) {
	var n int64
	err := s.write(ctx, func(t *Tx) error {
		res, err := t.exec(`DELETE FROM login_failures WHERE last_failed_at < ?`, micros(before))
		if err != nil {
			return dbError(err)
		}
		n, err = res.RowsAffected()
		return err
	})
	return n, err
}
