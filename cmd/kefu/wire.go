package main

import (
	"net/http"
	"path/filepath"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/kefu-dev/kefu/internal/admin"
	"github.com/kefu-dev/kefu/internal/audit"
	"github.com/kefu-dev/kefu/internal/auth"
	"github.com/kefu-dev/kefu/internal/blob"
	"github.com/kefu-dev/kefu/internal/channel"
	"github.com/kefu-dev/kefu/internal/channel/webchat"
	"github.com/kefu-dev/kefu/internal/contact"
	"github.com/kefu-dev/kefu/internal/conversation"
	"github.com/kefu-dev/kefu/internal/httpapi"
	"github.com/kefu-dev/kefu/internal/privacy"
	"github.com/kefu-dev/kefu/internal/realtime"
	"github.com/kefu-dev/kefu/internal/store"
	"github.com/kefu-dev/kefu/web"
)

// services are the use cases wire builds on the store, for the HTTP layer.
type services struct {
	auth     *auth.Service
	admin    *admin.Service
	audit    *audit.Service
	contacts *contact.Service
	privacy  *privacy.Service
	widget   *webchat.Service
	channels *channel.Registry
	links    *auth.FileLinks
}

// wire builds every service on the store; the only place concrete types meet.
func (m *Main) wire(secret []byte) (http.Handler, error) {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	registerStoreMetrics(reg, m.store)
	links := auth.NewFileLinks(secret, m.Config.FileLinkTTL, nil)
	m.hub = realtime.NewHub(realtime.HubOptions{Logger: m.Logger, Registerer: reg, MaxConnections: m.Config.MaxConnections, Events: m.bus, Links: links})
	m.bus.Subscribe("realtime", m.hub.Publish)
	svc, err := m.wireServices(secret)
	if err != nil {
		return nil, err
	}
	svc.links = links
	return m.wireHTTP(svc, reg)
}

// wireServices builds the services and the followers of the bus.
func (m *Main) wireServices(secret []byte) (*services, error) {
	cfg, log := m.Config, m.Logger
	auditSvc, err := audit.New(audit.Options{Store: m.store, Logger: log})
	if err != nil {
		return nil, err
	}
	revoker := auth.NewRevoker(m.bus, m.hub) // revocations reach every node's hub over the bus
	// One hasher for the whole process, so the cap on concurrent hashes covers logins,
	// password changes and new agents together.
	hasher := auth.NewHasher(m.PasswordParams, cfg.PasswordHashConcurrency, cfg.PasswordHashWait)
	authSvc, err := auth.NewService(auth.Options{
		Store: m.store, Logger: log, SecretKey: secret, Hasher: hasher,
		SessionTTL: m.SessionTTL, Revoker: revoker, Auditor: auditSvc, Erased: m.store,
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
	svc := &services{auth: authSvc, audit: auditSvc, contacts: contact.New(m.store, log, nil)}
	svc.admin = admin.New(admin.Options{
		Store: m.store, Auth: authSvc, Hasher: hasher, Logger: log, PublicURL: cfg.PublicURL, Revoker: revoker,
		PasswordPolicy: auth.PasswordPolicy{MinLength: cfg.PasswordMinLength}, Auditor: auditSvc,
	})
	if svc.privacy, err = privacy.New(privacy.Options{Store: m.store, Blobs: blobs, Auditor: auditSvc, Revoker: revoker, Logger: log}); err != nil {
		return nil, err
	}
	m.privacy = svc.privacy
	svc.widget = webchat.New(svc.admin, svc.contacts, authSvc, auth.VerifyIdentityHash, log)
	if svc.channels, err = channel.NewRegistry(svc.widget); err != nil {
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
		Logger: log, Version: m.Version, Auth: svc.auth, FileLinks: svc.links, Admin: svc.admin, Audit: svc.audit, Conversations: m.convs, Contacts: svc.contacts,
		Privacy: svc.privacy,
		Webchat: svc.widget, Channels: svc.channels,
		Realtime: realtime.NewHandler(m.hub, backend, realtime.HandlerOptions{
			Logger: log, Sends: metrics, PingInterval: m.PingInterval, SSEHeartbeat: m.PingInterval,
		}),
		Web: web.Handler(), WidgetFiles: m.widgetFiles(),
		Ready: m.ready, Metrics: metrics, Gatherer: reg, PublicURL: cfg.PublicURL,
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
