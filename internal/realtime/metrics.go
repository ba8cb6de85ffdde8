package realtime

import (
	"errors"
	"log/slog"

	"github.com/prometheus/client_golang/prometheus"
)

// metrics are one hub's Prometheus collectors. They exist even without a registerer so the code
// that counts never has to check.
type metrics struct {
	connections        *prometheus.GaugeVec
	framesOut          prometheus.Counter
	framesIn           prometheus.Counter
	slowConsumerCloses prometheus.Counter
	dropped            prometheus.Counter
	revoked            prometheus.Counter
}

func newMetrics(reg prometheus.Registerer, log *slog.Logger) *metrics {
	m := &metrics{
		connections: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "kefu_realtime_connections", Help: "Live realtime connections by role.",
		}, []string{"role"}),
		framesOut: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "kefu_realtime_frames_out_total", Help: "Frames written to realtime clients.",
		}),
		framesIn: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "kefu_realtime_frames_in_total", Help: "Frames read from realtime clients.",
		}),
		slowConsumerCloses: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "kefu_realtime_slow_consumer_closes_total", Help: "Connections closed because their send queue was full.",
		}),
		dropped: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "kefu_realtime_dropped_total", Help: "Events not queued for a connection because its queue was full.",
		}),
		revoked: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "kefu_realtime_revoked_closes_total", Help: "Agent connections closed because their credential was revoked or its permissions changed.",
		}),
	}
	if reg != nil {
		m.register(reg, log)
	}
	return m
}

// register adds the collectors to reg. A second hub on the same registry (tests, a restart in
// one process) shares the collectors already there instead of failing.
func (m *metrics) register(reg prometheus.Registerer, log *slog.Logger) {
	m.connections = registerOrExisting(reg, m.connections, log)
	m.framesOut = registerOrExisting(reg, m.framesOut, log)
	m.framesIn = registerOrExisting(reg, m.framesIn, log)
	m.slowConsumerCloses = registerOrExisting(reg, m.slowConsumerCloses, log)
	m.dropped = registerOrExisting(reg, m.dropped, log)
	m.revoked = registerOrExisting(reg, m.revoked, log)
}

func registerOrExisting[C prometheus.Collector](reg prometheus.Registerer, c C, log *slog.Logger) C {
	err := reg.Register(c)
	if err == nil {
		return c
	}
	var are prometheus.AlreadyRegisteredError
	if errors.As(err, &are) {
		if existing, ok := are.ExistingCollector.(C); ok {
			return existing
		}
	}
	log.Warn("realtime: register metric", "err", err)
	return c
}
