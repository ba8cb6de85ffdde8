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
	"github.com/kefu-dev/kefu/internal/jobs"
	"github.com/kefu-dev/kefu/internal/masking"
	"github.com/kefu-dev/kefu/internal/netguard"
	"github.com/kefu-dev/kefu/internal/privacy"
	"github.com/kefu-dev/kefu/internal/realtime"
	"github.com/kefu-dev/kefu/internal/sso"
	"github.com/kefu-dev/kefu/internal/store"
	"github.com/kefu-dev/kefu/internal/webhook"
	"github.com/kefu-dev/kefu/web"
)

// services are the use cases wire builds on the store, for the HTTP layer.
type services struct {
	auth     *auth.Service
	admin    *admin.Service
	audit    *audit.Service
	contacts *contact.Service
	masking  *masking.Service
	widget   *webchat.Service
	webhooks *webhook.Service
	jobs     *jobs.Admin
	channels *channel.Registry
	links    *auth.FileLinks
	privacy  *privacy.Service
	sso      *sso.Service
}

// wire builds every service on the store; the only place concrete types meet.
func (m *Main) wire(secret []byte) (http.Handler, error) {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	registerStoreMetrics(reg, m.store)
	links := auth.NewFileLinks(secret, m.Config.FileLinkTTL, nil)
	view := &lateAgentView{}
	m.hub = realtime.NewHub(realtime.HubOptions{Logger: m.Logger, Registerer: reg, MaxConnections: m.Config.MaxConnections,
		Events: m.bus, Links: links, AgentView: view})
	m.bus.Subscribe("realtime", m.hub.Publish)
	svc, err := m.wireServices(secret)
	if err != nil {
		return nil, err
	}
	svc.links = links
	view.convs = m.convs
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
		SessionTTL: m.SessionTTL, Revoker: revoker, Auditor: auditSvc, Erased: m.store, TwoFactor: m.store,
	})
	if err != nil {
		return nil, err
	}
	blobs, err := blob.NewDisk(filepath.Join(cfg.DataDir, "files"))
	if err != nil {
		return nil, err
	}
	m.auth = authSvc
	piiSettings := masking.New(masking.Options{Store: m.store, Logger: log})
	m.convs = conversation.New(conversation.Options{
		Store: m.store, Blobs: blobs, Presence: m.hub, Ephemeral: m.bus, Logger: log, MaxUploadBytes: cfg.MaxUploadBytes,
		PII: piiSettings, Auditor: auditSvc,
	})
	m.queue = conversation.NewQueueFollower(m.convs)
	m.bus.Subscribe("queue", m.queue.Follow)
	svc := &services{auth: authSvc, audit: auditSvc, masking: piiSettings,
		contacts: contact.New(m.store, log, nil, contact.WithPII(piiSettings, auditSvc))}
	svc.admin = admin.New(admin.Options{
		Store: m.store, Auth: authSvc, Hasher: hasher, Logger: log, PublicURL: cfg.PublicURL, Revoker: revoker,
		PasswordPolicy: auth.PasswordPolicy{MinLength: cfg.PasswordMinLength}, Auditor: auditSvc,
		InboxChanged: piiSettings.Invalidate, PermissionsChanged: revoker.Permissions,
	})
	if svc.privacy, err = privacy.New(privacy.Options{Store: m.store, Blobs: blobs, Auditor: auditSvc, Revoker: revoker, Logger: log}); err != nil {
		return nil, err
	}
	m.privacy = svc.privacy
	svc.widget = webchat.New(svc.admin, svc.contacts, authSvc, auth.VerifyIdentityHash, log)
	if svc.channels, err = channel.NewRegistry(svc.widget); err != nil {
		return nil, err
	}
	allow, err := cfg.OutboundAllowPrefixes()
	if err != nil {
		return nil, err
	}
	guard := netguard.New(netguard.Options{Allow: allow}) // every fetch of a URL someone configured
	if svc.sso, err = sso.New(sso.Options{
		Store: m.store, Sessions: authSvc, HashPassword: hasher.Hash, SecretKey: secret, Logger: log,
		HTTPClient: guard.Client(), Auditor: auditSvc,
	}); err != nil {
		return nil, err
	}
	return svc, m.wireJobs(svc, guard)
}

// wireJobs builds the job runner with its handlers, the webhook service and its dispatcher,
// which follows the bus only to wake up: it reads the event log itself.
func (m *Main) wireJobs(svc *services, guard *netguard.Guard) error {
	handlers := map[string]jobs.Handler{}
	m.runner = jobs.New(jobs.Options{Store: m.store, Logger: m.Logger, Handlers: handlers, Backoff: m.JobBackoff, Poll: m.JobPoll})
	opts := m.Webhooks
	opts.Store, opts.Guard, opts.Logger, opts.Notify, opts.Auditor = m.store, guard, m.Logger, m.runner.Notify, svc.audit
	svc.webhooks = webhook.New(opts)
	handlers[webhook.JobKind] = svc.webhooks.Deliver
	m.dispatcher = webhook.NewDispatcher(svc.webhooks, m.JobPoll)
	m.bus.Subscribe("webhooks", m.dispatcher.Follow)
	svc.jobs = jobs.NewAdmin(m.store, m.runner.Notify)
	m.webhooks, m.jobs = svc.webhooks, svc.jobs
	return nil
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
		Privacy: svc.privacy, Masking: svc.masking,
		Webchat: svc.widget, Channels: svc.channels, SSO: svc.sso,
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
