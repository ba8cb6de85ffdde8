package httpapi

import (
	"bufio"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics are the API's Prometheus series, shared by REST and the realtime backend.
type Metrics struct {
	requests    *prometheus.CounterVec
	shed        prometheus.Counter
	rateLimited prometheus.Counter
	messagesIn  *prometheus.CounterVec
	ackLatency  prometheus.Histogram
}

// NewMetrics creates the series and registers them on reg when it is not nil.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kefu_http_requests_total", Help: "HTTP requests by route pattern, method and status.",
		}, []string{"route", "method", "status"}),
		shed: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "kefu_http_shed_total", Help: "Requests refused with 429 because too many were in flight.",
		}),
		rateLimited: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "kefu_http_rate_limited_total", Help: "Requests refused with 429 because their client was over its rate limit.",
		}),
		messagesIn: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kefu_messages_in_total", Help: "Messages accepted (committed), by sender type and transport.",
		}, []string{"sender", "transport"}),
		ackLatency: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "kefu_ack_latency_seconds", Help: "Time from receiving a message to acknowledging its commit.",
			Buckets: []float64{.001, .002, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}),
	}
	if reg != nil {
		reg.MustRegister(m.requests, m.shed, m.rateLimited, m.messagesIn, m.ackLatency)
	}
	return m
}

// ObserveSend records one accepted message (realtime.SendObserver).
func (m *Metrics) ObserveSend(sender kefu.SenderType, transport string, started time.Time) {
	m.messagesIn.WithLabelValues(string(sender), transport).Inc()
	m.ackLatency.Observe(time.Since(started).Seconds())
}

// countRequests counts requests by route pattern (never the raw path: ids would explode the
// series).
func (s *server) countRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(sw, r)
		route := "unmatched"
		if rc := chi.RouteContext(r.Context()); rc != nil && rc.RoutePattern() != "" {
			route = rc.RoutePattern()
		}
		s.metrics.requests.WithLabelValues(route, r.Method, strconv.Itoa(sw.status)).Inc()
	})
}

func (s *server) metricsHandler() http.Handler {
	if s.Gatherer == nil {
		return promhttp.Handler()
	}
	return promhttp.HandlerFor(s.Gatherer, promhttp.HandlerOpts{})
}

// statusWriter remembers the status code. It forwards Flush and Hijack (through Unwrap) so
// streaming and WebSocket upgrades still work behind it.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Hijack lets WebSocket upgrades through; gorilla asserts http.Hijacker directly.
func (w *statusWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	w.status = http.StatusSwitchingProtocols
	return http.NewResponseController(w.ResponseWriter).Hijack()
}
