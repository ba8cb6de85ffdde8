package kefu

import "time"

// JobStatus is where a durable job stands.
type JobStatus string

// Job statuses. A job is pending until a worker leases it (running); an attempt that fails
// leaves it failed until its retry time, and one that fails for good, or the last allowed
// attempt, leaves it dead. Admins may put failed, dead and done jobs back to pending.
const (
	JobPending JobStatus = "pending"
	JobRunning JobStatus = "running"
	JobFailed  JobStatus = "failed"
	JobDead    JobStatus = "dead"
	JobDone    JobStatus = "done"
)

// Valid reports whether s is a known status.
func (s JobStatus) Valid() bool {
	switch s {
	case JobPending, JobRunning, JobFailed, JobDead, JobDone:
		return true
	}
	return false
}

// Job is work that must happen later or again: a webhook delivery now, outbound channel sends,
// reminders and SLA timers later. It is inserted in the transaction of the change that causes
// it and survives restarts.
type Job struct {
	ID    string `json:"id"`
	OrgID string `json:"org_id"`
	// Kind selects the handler, e.g. "webhook.delivery".
	Kind string `json:"kind"`
	// Ref is what the job belongs to (its webhook's id for a delivery), for listing.
	Ref         string     `json:"ref"`
	Payload     []byte     `json:"-"`
	Status      JobStatus  `json:"status"`
	Attempts    int        `json:"attempts"`
	MaxAttempts int        `json:"max_attempts"`
	RunAt       time.Time  `json:"run_at"`
	LeaseUntil  *time.Time `json:"lease_until"`
	LastError   string     `json:"last_error"`
	CreatedAt   time.Time  `json:"created_at"`
	UpdatedAt   time.Time  `json:"updated_at"`
}

// JobOutcome is what a worker reports after one attempt of a job.
type JobOutcome struct {
	ID string
	// Attempt is the attempt number the worker ran; the outcome is dropped when the job was
	// leased again since (the worker took too long and another ran it).
	Attempt int
	Status  JobStatus // done, failed (RunAt is the retry) or dead
	RunAt   time.Time
	Error   string
}

// JobQuery filters a list of jobs; zero values match everything.
type JobQuery struct {
	Status JobStatus
	Ref    string
	Limit  int // 1..200; 0 = 50
}
