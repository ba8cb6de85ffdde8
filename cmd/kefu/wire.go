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
	"github.com/kefu-dev/kefu/internal/jobs"
	"github.com/kefu-dev/kefu/internal/netguard"
	"github.com/kefu-dev/kefu/internal/realtime"
	"github.com/kefu-dev/kefu/internal/store"
	"github.com/kefu-dev/kefu/internal/webhook"
	"github.com/kefu-dev/kefu/web"
)

// services are the use cases wire builds on the store, for the HTTP layer.
type services struct {
	auth     *auth.Service
	admin    *admin.Service
	contacts *contact.Service
	widget   *webchat.Service
	webhooks *webhook.Service
	jobs     *jobs.Admin
	channels *channel.Registry
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
	authSvc, err := auth.NewService(auth.Options{Store: m.store, Logger: log, SecretKey: secret, PasswordParams: m.PasswordParams})
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
	svc.admin = admin.New(admin.Options{Store: m.store, Auth: authSvc, PasswordParams: m.PasswordParams, Logger: log, PublicURL: cfg.PublicURL})
	svc.widget = webchat.New(svc.admin, svc.contacts, authSvc, auth.VerifyIdentityHash, log)
	if svc.channels, err = channel.NewRegistry(svc.widget); err != nil {
		return nil, err
	}
	return svc, m.wireJobs(svc)
}

// wireJobs builds the job runner with its handlers, the webhook service and its dispatcher,
// which follows the bus only to wake up: it reads the event log itself.
func (m *Main) wireJobs(svc *services) error {
	allow, err := m.Config.OutboundAllowPrefixes()
	if err != nil {
		return err
	}
	guard := netguard.New(netguard.Options{Allow: allow})
	handlers := map[string]jobs.Handler{}
	m.runner = jobs.New(jobs.Options{Store: m.store, Logger: m.Logger, Handlers: handlers, Backoff: m.JobBackoff, Poll: m.JobPoll})
	opts := m.Webhooks
	opts.Store, opts.Guard, opts.Logger, opts.Notify = m.store, guard, m.Logger, m.runner.Notify
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
		Logger: log, Version: m.Version, Auth: svc.auth, Admin: svc.admin, Conversations: m.convs, Contacts: svc.contacts,
		Webchat: svc.widget, Channels: svc.channels,
		Realtime: realtime.NewHandler(m.hub, backend, realtime.HandlerOptions{Logger: log, Sends: metrics}),
		Web:      web.Handler(), WidgetFiles: m.widgetFiles(),
		Ready: m.ready, Metrics: metrics, Gatherer: reg, PublicURL: cfg.PublicURL,
		Webhooks: svc.webhooks, Jobs: svc.jobs,
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
