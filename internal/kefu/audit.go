package kefu

// AuditEntry is one security-relevant action as services hand it to the audit log: who did what
// to which object. It never holds the personal data concerned.
type AuditEntry struct {
	OrgID      string
	ActorID    string // the agent
	Action     string // e.g. "pii.reveal"
	TargetType string // e.g. "message", "contact"
	TargetID   string
	Detail     map[string]string
}

// ActionPIIReveal is the audit action of revealing masked personal data.
const ActionPIIReveal = "pii.reveal"
