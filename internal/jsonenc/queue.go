package jsonenc

import "github.com/kefu-dev/kefu/internal/kefu"

// QueueStatus appends q as json.Marshal(q) does: what a queue.updated event tells a visitor.
func QueueStatus(b []byte, q *kefu.QueueStatus) []byte {
	b = append(b, `{"state":`...)
	b = String(b, string(q.State))
	b = append(b, `,"agents_available":`...)
	b = Bool(b, q.AgentsAvailable)
	b = append(b, `,"assigned":`...)
	b = Bool(b, q.Assigned)
	b = append(b, `,"position":`...)
	b = Int(b, int64(q.Position))
	b = append(b, `,"estimated_wait_seconds":`...)
	b = Int(b, int64(q.EstimatedWaitSeconds))
	return append(b, '}')
}
