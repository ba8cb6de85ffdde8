package main

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/kefu-dev/kefu/internal/channel/email"
	"github.com/kefu-dev/kefu/internal/httpapi"
	"github.com/kefu-dev/kefu/internal/realtime"
	"github.com/kefu-dev/kefu/internal/store"
	"github.com/kefu-dev/kefu/web"
)

// wireHTTP builds the route table over the services, realtime included.
func (m *Main) wireHTTP(svc *services, reg *prometheus.Registry) (http.Handler, error) {
	cfg, log := m.Config, m.Logger
	proxies, err := cfg.TrustedProxyPrefixes()
	if err != nil {
		return nil, err
	}
	metrics := httpapi.NewMetrics(reg)
	backend := realtime.Services{Auth: &httpapi.RealtimeAuth{Auth: svc.auth, Conversations: m.convs}, Conversations: m.convs}
	return httpapi.New(httpapi.Options{
		Logger: log, Version: m.Version, Auth: svc.auth, FileLinks: svc.links, Admin: svc.admin, Audit: svc.audit, KB: svc.kb, Bot: svc.bot, BotManage: svc.botManage, Conversations: m.convs, Contacts: svc.contacts,
		Privacy: svc.privacy, Masking: svc.masking,
		Webchat: svc.widget, Channels: svc.channels, APIChannel: svc.api, SSO: svc.sso, Visitors: svc.visitors,
		EmailOriginals: email.NewOriginals(m.store, m.convs),
		Realtime: realtime.NewHandler(m.hub, backend, realtime.HandlerOptions{
			Logger: log, Sends: metrics, PingInterval: m.PingInterval, SSEHeartbeat: m.PingInterval,
		}),
		Web: web.Handler(), WidgetFiles: m.widgetFiles(),
		Ready: m.ready, Metrics: metrics, Gatherer: reg, PublicURL: cfg.PublicURL,
		Webhooks: svc.webhooks, Jobs: svc.jobs,
		TrustedProxies: proxies, MaxUploadBytes: cfg.MaxUploadBytes, MaxInFlight: cfg.MaxInFlight,
		RateLimits: httpapi.RateLimits{IP: cfg.RateLimitIP, Sessions: cfg.RateLimitSessions, Visitor: cfg.RateLimitVisitor,
			Uploads: cfg.RateLimitUploads, Token: cfg.RateLimitToken, MaxKeys: cfg.RateLimitMaxKeys},
		HSTSMaxAge: cfg.HSTSMaxAge, ServesTLS: cfg.TLSMode() != "",
	}), nil
}

// registerStoreMetrics exposes the group-commit counters: batches and ops, whose ratio is the
// mean commit batch size, and the batches that had to be retried op by op.
func registerStoreMetrics(reg prometheus.Registerer, st *store.Store) {
	reg.MustRegister(
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "kefu_store_commit_batches_total", Help: "Group-commit transactions."},
			func() float64 { b, _ := st.WriterStats(); return float64(b) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "kefu_store_commit_ops_total", Help: "Writes committed by group commit; divided by batches it is the mean batch size."},
			func() float64 { _, o := st.WriterStats(); return float64(o) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "kefu_store_commit_retries_total", Help: "Group-commit batches run a second time with a savepoint per write because one write failed."},
			func() float64 { return float64(st.WriterRetries()) }),
	)
}
