package realtime

import (
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// metricValue returns the value of a gathered counter or gauge, with labels matching
// label=value pairs, or -1 when it does not exist.
func metricValue(t *testing.T, reg prometheus.Gatherer, name string, labels ...string) float64 {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
	next:
		for _, m := range mf.GetMetric() {
			for i := 0; i+1 < len(labels); i += 2 {
				found := false
				for _, lp := range m.GetLabel() {
					found = found || (lp.GetName() == labels[i] && lp.GetValue() == labels[i+1])
				}
				if !found {
					continue next
				}
			}
			if m.GetCounter() != nil {
				return m.GetCounter().GetValue()
			}
			return m.GetGauge().GetValue()
		}
	}
	return -1
}

func TestMetrics(t *testing.T) {
	e := newEnv(t, HubOptions{}, HandlerOptions{})
	a, _ := e.agent("tok-a1", nil)
	v := e.visitor("vtok-1", nil)
	v.next()
	a.send(ClientFrame{Type: FramePing, Ref: "p"})
	a.next()
	tests := []struct {
		name   string
		labels []string
		min    float64
	}{
		{"kefu_realtime_connections", []string{"role", "agent"}, 1},
		{"kefu_realtime_connections", []string{"role", "visitor"}, 1},
		{"kefu_realtime_frames_in_total", nil, 3},  // two hellos, one ping
		{"kefu_realtime_frames_out_total", nil, 4}, // two welcomes, a snapshot, a pong
		{"kefu_realtime_slow_consumer_closes_total", nil, 0},
		{"kefu_realtime_dropped_total", nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Counters move just after the write the client already saw: poll.
			waitFor(t, tt.name, func() bool { return metricValue(t, e.reg, tt.name, tt.labels...) >= tt.min })
		})
	}
	a.ws.Close()
	waitFor(t, "agent gauge back to 0", func() bool {
		return metricValue(t, e.reg, "kefu_realtime_connections", "role", "agent") == 0
	})
}

func TestMetricsSharedRegistry(t *testing.T) {
	reg := prometheus.NewRegistry()
	h1 := NewHub(HubOptions{Registerer: reg})
	h2 := NewHub(HubOptions{Registerer: reg})
	h1.metrics.framesOut.Inc()
	h2.metrics.framesOut.Inc()
	if got := metricValue(t, reg, "kefu_realtime_frames_out_total"); got != 2 {
		t.Fatalf("got %v, want 2: hubs on one registry share collectors", got)
	}
	NewHub(HubOptions{}).Publish([]kefu.Event{{OrgID: "o", Type: kefu.EventTyping}}) // no registerer: no panic
}
