package main

import (
	"net/http"
	"path/filepath"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/kefu-dev/kefu/internal/admin"
	"github.com/kefu-dev/kefu/internal/auth"
	"github.com/kefu-dev/kefu/internal/blob"
	"github.com/kefu-dev/kefu/internal/channel"
	"github.com/kefu-dev/kefu/internal/channel/webchat"
	"github.com/kefu-dev/kefu/internal/contact"
	"github.com/kefu-dev/kefu/internal/conversation"
	"github.com/kefu-dev/kefu/internal/httpapi"
	"github.com/kefu-dev/kefu/internal/realtime"
	"github.com/kefu-dev/kefu/internal/sso"
	"github.com/kefu-dev/kefu/internal/store"
	"github.com/kefu-dev/kefu/web"
)

// services are the use cases wire builds on the store, for the HTTP layer.
type services struct {
	auth     *auth.Service
	admin    *admin.Service
	contacts *contact.Service
	widget   *webchat.Service
	channels *channel.Registry
	sso      *sso.Service
}

// wire builds every service on the store; the only place concrete types meet.
func (m *Main) wire(secret []byte) (http.Handler, error) {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	registerStoreMetrics(reg, m.store)
	m.hub = realtime.NewHub(realtime.HubOptions{Logger: m.Logger, Registerer: reg, MaxConnections: m.Config.MaxConnections, Events: m.bus})
	m.bus.Subscribe("realtime", m.hub.Publish)
	svc, err := m.wireServices(secret)
	if err != nil {
		return nil, err
	}
	return m.wireHTTP(svc, reg)
}

// wireServices builds the services and the followers of the bus.
func (m *Main) wireServices(secret []byte) (*services, error) {
	cfg, log := m.Config, m.Logger
	revoker := auth.NewRevoker(m.bus, m.hub) // revocations reach every node's hub over the bus
	authSvc, err := auth.NewService(auth.Options{
		Store: m.store, Logger: log, SecretKey: secret, PasswordParams: m.PasswordParams,
		SessionTTL: m.SessionTTL, Revoker: revoker, TwoFactor: m.store,
	})
	if err != nil {
		return nil, err
	}
	blobs, err := blob.NewDisk(filepath.Join(cfg.DataDir, "files"))
	if err != nil {
		return nil, err
	}
	m.auth = authSvc
	m.convs = conversation.New(conversation.Options{
		Store: m.store, Blobs: blobs, Presence: m.hub, Ephemeral: m.bus, Logger: log, MaxUploadBytes: cfg.MaxUploadBytes,
	})
	m.queue = conversation.NewQueueFollower(m.convs)
	m.bus.Subscribe("queue", m.queue.Follow)
	svc := &services{auth: authSvc, contacts: contact.New(m.store, log, nil)}
	svc.admin = admin.New(admin.Options{
		Store: m.store, Auth: authSvc, PasswordParams: m.PasswordParams, Logger: log, PublicURL: cfg.PublicURL, Revoker: revoker,
	})
	svc.widget = webchat.New(svc.admin, svc.contacts, authSvc, auth.VerifyIdentityHash, log)
	if svc.channels, err = channel.NewRegistry(svc.widget); err != nil {
		return nil, err
	}
	// Providers are fetched with a plain client with timeouts until internal/netguard exists.
	if svc.sso, err = sso.New(sso.Options{
		Store: m.store, Sessions: authSvc, HashPassword: authSvc.HashPassword, SecretKey: secret, Logger: log,
	}); err != nil {
		return nil, err
	}
	return svc, nil
}

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
		Logger: log, Version: m.Version, Auth: svc.auth, Admin: svc.admin, Conversations: m.convs, Contacts: svc.contacts,
		Webchat: svc.widget, Channels: svc.channels, SSO: svc.sso,
		Realtime: realtime.NewHandler(m.hub, backend, realtime.HandlerOptions{
			Logger: log, Sends: metrics, PingInterval: m.PingInterval, SSEHeartbeat: m.PingInterval,
		}),
		Web: web.Handler(), WidgetFiles: m.widgetFiles(),
		Ready: m.ready, Metrics: metrics, Gatherer: reg, PublicURL: cfg.PublicURL,
		TrustedProxies: proxies, MaxUploadBytes: cfg.MaxUploadBytes, MaxInFlight: cfg.MaxInFlight,
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
