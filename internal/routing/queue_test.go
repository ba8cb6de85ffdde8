package routing

import (
	"slices"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

func TestLess(t *testing.T) {
	t0 := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	e := func(id string, p kefu.Priority, after time.Duration) QueueEntry {
		return QueueEntry{ConversationID: id, Priority: p, QueuedAt: t0.Add(after)}
	}
	tests := []struct {
		name string
		a, b QueueEntry
		want bool
	}{
		{"higher priority first though later", e("b", kefu.PriorityUrgent, time.Hour), e("a", kefu.PriorityHigh, 0), true},
		{"lower priority after", e("a", kefu.PriorityLow, 0), e("b", kefu.PriorityMedium, time.Hour), false},
		{"none is lowest", e("a", kefu.PriorityNone, 0), e("b", kefu.PriorityLow, time.Hour), false},
		{"same priority: earlier first", e("z", kefu.PriorityHigh, time.Second), e("a", kefu.PriorityHigh, 2*time.Second), true},
		{"same priority: later after", e("a", kefu.PriorityHigh, 2*time.Second), e("z", kefu.PriorityHigh, time.Second), false},
		{"same time: id breaks tie", e("a", kefu.PriorityNone, 0), e("b", kefu.PriorityNone, 0), true},
		{"irreflexive", e("a", kefu.PriorityNone, 0), e("a", kefu.PriorityNone, 0), false},
		{"same instant in other zones", QueueEntry{ConversationID: "b", QueuedAt: t0}, QueueEntry{ConversationID: "a", QueuedAt: t0.In(time.FixedZone("x", 3600))}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Less(tt.a, tt.b); got != tt.want {
				t.Errorf("Less() = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestLessSortsQueue(t *testing.T) {
	t0 := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	q := []QueueEntry{
		{"c3", kefu.PriorityNone, t0},
		{"c1", kefu.PriorityUrgent, t0.Add(3 * time.Minute)},
		{"c4", kefu.PriorityNone, t0.Add(time.Minute)},
		{"c2", kefu.PriorityHigh, t0.Add(-time.Minute)},
	}
	slices.SortFunc(q, func(a, b QueueEntry) int {
		if Less(a, b) {
			return -1
		}
		if Less(b, a) {
			return 1
		}
		return 0
	})
	var got []string
	for _, e := range q {
		got = append(got, e.ConversationID)
	}
	if want := []string{"c1", "c2", "c3", "c4"}; !slices.Equal(got, want) {
		t.Errorf("sorted queue = %v, want %v", got, want)
	}
}
