package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

const jobColumns = `id, org_id, kind, ref, payload, status, attempts, max_attempts, run_at, lease_until, last_error,
	created_at, updated_at`

func scanJob(row scanner) (*kefu.Job, error) {
	var (
		j                     kefu.Job
		payload, status       string
		runAt, created, updtd int64
		lease                 sql.NullInt64
	)
	err := row.Scan(&j.ID, &j.OrgID, &j.Kind, &j.Ref, &payload, &status, &j.Attempts, &j.MaxAttempts, &runAt,
		&lease, &j.LastError, &created, &updtd)
	if err != nil {
		return nil, dbError(err)
	}
	j.Payload, j.Status = []byte(payload), kefu.JobStatus(status)
	j.RunAt, j.LeaseUntil = fromMicros(runAt), fromNullMicros(lease)
	j.CreatedAt, j.UpdatedAt = fromMicros(created), fromMicros(updtd)
	return &j, nil
}

// insertJob adds a pending job inside a write transaction, so a job exists exactly when the
// change that causes it commits. It fills in the id and times.
func insertJob(t *Tx, j *kefu.Job) error {
	if j.ID == "" {
		j.ID = newID()
	}
	j.Status, j.Attempts, j.CreatedAt, j.UpdatedAt = kefu.JobPending, 0, t.now, t.now
	j.RunAt = orNow(j.RunAt, t.now)
	_, err := t.exec(`INSERT INTO jobs (`+jobColumns+`) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, NULL, '', ?, ?)`,
		j.ID, j.OrgID, j.Kind, j.Ref, string(j.Payload), string(j.Status), j.MaxAttempts, micros(j.RunAt),
		micros(j.CreatedAt), micros(j.UpdatedAt))
	return dbError(err)
}

// InsertJob adds a pending job on its own, for work no other change causes (a test ping).
func (s *Store) InsertJob(ctx context.Context, j *kefu.Job) error {
	c := *j
	err := s.write(ctx, func(t *Tx) error {
		c = *j
		return insertJob(t, &c)
	})
	if err == nil {
		*j = c
	}
	return err
}

// ClaimJobs leases up to limit due jobs until now+lease and returns them with their attempt
// counted: pending jobs, failed ones whose retry time has come, and running ones whose lease
// ran out (their worker died). On PostgreSQL, SKIP LOCKED lets several nodes claim at once
// without waiting for or taking each other's jobs; on SQLite only this process writes.
func (s *Store) ClaimJobs(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]kefu.Job, error) {
	if due, err := s.jobsDue(ctx, now); err != nil || !due {
		return nil, err
	}
	var jobs []kefu.Job
	err := s.write(ctx, func(t *Tx) error {
		claimed, err := claimJobs(t, now, lease, limit)
		jobs = claimed
		return err
	})
	return jobs, err
}

// jobsDue reports whether any job could be claimed at now. The runner polls every second or
// so; asking a reader first keeps an idle runner off the writer, whose queue and batches belong
// to the message path.
func (s *Store) jobsDue(ctx context.Context, now time.Time) (bool, error) {
	var due int
	err := s.reader().queryRow(ctx, `SELECT CASE WHEN
		EXISTS (SELECT 1 FROM jobs WHERE status IN ('pending', 'failed') AND run_at <= ?)
		OR EXISTS (SELECT 1 FROM jobs WHERE status = 'running' AND lease_until < ?) THEN 1 ELSE 0 END`,
		micros(now), micros(now)).Scan(&due)
	return due == 1, dbError(err)
}

func claimJobs(t *Tx, now time.Time, lease time.Duration, limit int) ([]kefu.Job, error) {
	rows, err := t.c.query(t.ctx, `UPDATE jobs SET status = 'running', attempts = attempts + 1, lease_until = ?,
		updated_at = ? WHERE id IN (SELECT id FROM jobs
			WHERE (status IN ('pending', 'failed') AND run_at <= ?) OR (status = 'running' AND lease_until < ?)
			ORDER BY run_at LIMIT ?`+t.c.d.skipLocked()+`)
		RETURNING `+jobColumns, micros(now.Add(lease)), micros(now), micros(now), micros(now), limit)
	if err != nil {
		return nil, dbError(err)
	}
	defer rows.Close()
	var jobs []kefu.Job
	for rows.Next() {
		j, err := scanJob(rows)
		if err != nil {
			return nil, err
		}
		jobs = append(jobs, *j)
	}
	return jobs, dbError(rows.Err())
}

// FinishJob records the outcome of an attempt. It is dropped (not found) when the job is no
// longer running that attempt: its lease ran out and another worker took it.
func (s *Store) FinishJob(ctx context.Context, o kefu.JobOutcome) error {
	return s.write(ctx, func(t *Tx) error {
		return mustAffect(t.exec(`UPDATE jobs SET status = ?, run_at = ?, lease_until = NULL, last_error = ?,
			updated_at = ? WHERE id = ? AND status = 'running' AND attempts = ?`,
			string(o.Status), micros(orNow(o.RunAt, t.now)), o.Error, micros(t.now), o.ID, o.Attempt))
	})
}

// ReleaseAbandonedJobs makes jobs left running by a process that stopped pending again. Only
// SQLite does it, at start: one process owns the file, so any running job is an orphan. On
// PostgreSQL other nodes may be running theirs; orphans wait for their lease to run out.
func (s *Store) ReleaseAbandonedJobs(ctx context.Context) error {
	if s.d.name != DialectSQLite {
		return nil
	}
	return s.write(ctx, func(t *Tx) error {
		_, err := t.exec(`UPDATE jobs SET status = 'pending', lease_until = NULL, updated_at = ?
			WHERE status = 'running'`, micros(t.now))
		return dbError(err)
	})
}

// GetJob returns one of the organisation's jobs.
func (s *Store) GetJob(ctx context.Context, orgID, id string) (*kefu.Job, error) {
	return scanJob(s.reader().queryRow(ctx, `SELECT `+jobColumns+` FROM jobs WHERE org_id = ? AND id = ?`, orgID, id))
}

// ListJobs returns the organisation's jobs matching q, newest first.
func (s *Store) ListJobs(ctx context.Context, orgID string, q kefu.JobQuery) ([]kefu.Job, error) {
	limit := q.Limit
	if limit <= 0 {
		limit = 50
	}
	rows, err := s.reader().query(ctx, `SELECT `+jobColumns+` FROM jobs WHERE org_id = ?
		AND (? = '' OR status = ?) AND (? = '' OR ref = ?) ORDER BY created_at DESC, id DESC LIMIT ?`,
		orgID, string(q.Status), string(q.Status), q.Ref, q.Ref, min(limit, 200))
	if err != nil {
		return nil, kefu.Internal(err)
	}
	defer rows.Close()
	jobs := []kefu.Job{}
	for rows.Next() {
		j, err := scanJob(rows)
		if err != nil {
			return nil, err
		}
		jobs = append(jobs, *j)
	}
	return jobs, dbError(rows.Err())
}

// RetryJob puts a job that is not running back to pending, due now, with its attempts counted
// afresh: an admin's retry of a dead job, or a resend of a delivered one.
func (s *Store) RetryJob(ctx context.Context, orgID, id string) error {
	return s.write(ctx, func(t *Tx) error {
		var status string
		err := t.c.queryRow(t.ctx, `SELECT status FROM jobs WHERE org_id = ? AND id = ?`+t.c.d.forUpdate(), orgID, id).Scan(&status)
		if err != nil {
			return dbError(err)
		}
		if kefu.JobStatus(status) == kefu.JobRunning {
			return kefu.Errorf(kefu.CodeConflict, "the job is running; retry it once it has finished")
		}
		_, err = t.exec(`UPDATE jobs SET status = 'pending', attempts = 0, run_at = ?, last_error = '', updated_at = ?
			WHERE id = ?`, micros(t.now), micros(t.now), id)
		return dbError(err)
	})
}

// PruneJobs deletes done and dead jobs last changed before the given time.
func (s *Store) PruneJobs(ctx context.Context, before time.Time) (int64, error) {
	return s.deleteInChunks(ctx, deleteChunk, `DELETE FROM jobs WHERE id IN
		(SELECT id FROM jobs WHERE status IN ('done', 'dead') AND updated_at < ? LIMIT ?)`, micros(before))
}
