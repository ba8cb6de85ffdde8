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
	"github.com/kefu-dev/kefu/internal/bot/dialog"
	"github.com/kefu-dev/kefu/internal/bot/manage"
	"github.com/kefu-dev/kefu/internal/channel"
	"github.com/kefu-dev/kefu/internal/channel/apichannel"
	"github.com/kefu-dev/kefu/internal/channel/webchat"
	"github.com/kefu-dev/kefu/internal/contact"
	"github.com/kefu-dev/kefu/internal/conversation"
	"github.com/kefu-dev/kefu/internal/jobs"
	"github.com/kefu-dev/kefu/internal/kb"
	"github.com/kefu-dev/kefu/internal/masking"
	"github.com/kefu-dev/kefu/internal/netguard"
	"github.com/kefu-dev/kefu/internal/privacy"
	"github.com/kefu-dev/kefu/internal/realtime"
	"github.com/kefu-dev/kefu/internal/sso"
	livevisitor "github.com/kefu-dev/kefu/internal/visitor"
	"github.com/kefu-dev/kefu/internal/webhook"
)

// services are the use cases wire builds on the store, for the HTTP layer.
type services struct {
	auth      *auth.Service
	admin     *admin.Service
	audit     *audit.Service
	kb        *kb.Service
	bot       *dialog.Service
	botManage *manage.Service // the bot's administration and agent assist
	contacts  *contact.Service
	masking   *masking.Service
	widget    *webchat.Service
	webhooks  *webhook.Service
	jobs      *jobs.Admin
	channels  *channel.Registry
	limits    *channelLimits // the registry's capabilities for the conversation service
	api       *apichannel.Adapter
	links     *auth.FileLinks
	privacy   *privacy.Service
	sso       *sso.Service
	visitors  *livevisitor.Service

	// Shared by several services as wire builds them.
	revoker *auth.Revoker
	hasher  *auth.Hasher
	blobs   *blob.Disk
	guard   *netguard.Guard
	// configurer lets the admin service reach the adapters' configuration checks; its registry
	// is set by wireChannels.
	configurer *registryConfigurer
}

// wire builds every service on the store; the only place concrete types meet.
func (m *Main) wire(secret []byte) (http.Handler, error) {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	registerStoreMetrics(reg, m.store)
	links := auth.NewFileLinks(secret, m.Config.FileLinkTTL, nil)
	view := &lateAgentView{}
	// The live visitor list follows the hub's visitor connections; it starts chats through the
	// conversation service, built after the hub.
	visitors := livevisitor.New(livevisitor.Options{Store: m.store, Events: m.bus, Logger: m.Logger})
	m.hub = realtime.NewHub(realtime.HubOptions{Logger: m.Logger, Registerer: reg, MaxConnections: m.Config.MaxConnections,
		Events: m.bus, Links: links, AgentView: view, Visitors: visitors,
		// View counts are one grouped query per organisation, summed per agent with the agent's
		// own scope: no use case of its own to go through.
		Counter: m.store})
	m.bus.Subscribe("realtime", m.hub.Publish)
	svc, err := m.wireServices(secret)
	if err != nil {
		return nil, err
	}
	visitors.SetStarter(m.convs)
	svc.links, svc.visitors = links, visitors
	view.convs = m.convs
	return m.wireHTTP(svc, reg)
}

// wireServices builds the services and the followers of the bus, in the order they need each
// other.
func (m *Main) wireServices(secret []byte) (*services, error) {
	svc := &services{limits: &channelLimits{}}
	steps := []func(*services, []byte) error{m.wireAuth, m.wireConversations, m.wireAdmin, m.wireSSO, m.wireChannels, m.wireJobs}
	for _, step := range steps {
		if err := step(svc, secret); err != nil {
			return nil, err
		}
	}
	return svc, nil
}

// wireAuth builds the audit log, the revoker and the auth service. One hasher serves the whole
// process, so the cap on concurrent hashes covers sign-ins, password changes and new agents
// together.
func (m *Main) wireAuth(svc *services, secret []byte) error {
	cfg := m.Config
	var err error
	if svc.audit, err = audit.New(audit.Options{Store: m.store, Logger: m.Logger}); err != nil {
		return err
	}
	svc.revoker = auth.NewRevoker(m.bus, m.hub) // revocations reach every node's hub over the bus
	svc.hasher = auth.NewHasher(m.PasswordParams, cfg.PasswordHashConcurrency, cfg.PasswordHashWait)
	svc.auth, err = auth.NewService(auth.Options{
		Store: m.store, Logger: m.Logger, SecretKey: secret, Hasher: svc.hasher,
		SessionTTL: m.SessionTTL, Revoker: svc.revoker, Auditor: svc.audit, Erased: m.store, TwoFactor: m.store,
	})
	m.auth = svc.auth
	return err
}

// wireConversations builds the attachment store, the masking settings and the conversation
// service with its queue follower and the pusher of visitors' queue positions.
func (m *Main) wireConversations(svc *services, _ []byte) error {
	cfg := m.Config
	var err error
	if svc.blobs, err = blob.NewDisk(filepath.Join(cfg.DataDir, "files")); err != nil {
		return err
	}
	svc.masking = masking.New(masking.Options{Store: m.store, Logger: m.Logger})
	regions, err := m.openGeoIP()
	if err != nil {
		return err
	}
	m.convs = conversation.New(conversation.Options{
		Store: m.store, Blobs: svc.blobs, Presence: m.hub, Ephemeral: m.bus, Logger: m.Logger, MaxUploadBytes: cfg.MaxUploadBytes,
		PII: svc.masking, Auditor: svc.audit, Regions: regions, Channels: svc.limits, BotGreeting: dialog.Greeting,
	})
	m.queue = conversation.NewQueueFollower(m.convs)
	m.bus.Subscribe("queue", m.queue.Follow)
	m.queuePush = conversation.NewQueuePusher(m.convs)
	m.bus.Subscribe("queue_push", m.queuePush.Follow)
	return nil
}

// wireAdmin builds contacts, administration, data protection and the web channel's service;
// wireChannels registers it with the other adapters.
func (m *Main) wireAdmin(svc *services, _ []byte) error {
	cfg := m.Config
	svc.contacts = contact.New(m.store, m.Logger, nil, contact.WithPII(svc.masking, svc.audit), contact.WithMerging(m.store, svc.audit))
	svc.configurer = &registryConfigurer{}
	svc.admin = admin.New(admin.Options{
		Store: m.store, Auth: svc.auth, Hasher: svc.hasher, Logger: m.Logger, PublicURL: cfg.PublicURL, Revoker: svc.revoker,
		PasswordPolicy: auth.PasswordPolicy{MinLength: cfg.PasswordMinLength}, Auditor: svc.audit,
		InboxChanged: svc.masking.Invalidate, PermissionsChanged: svc.revoker.Permissions,
		RoutingChanged: m.queue.RoutingChanged, Channels: svc.configurer,
	})
	var err error
	svc.privacy, err = privacy.New(privacy.Options{Store: m.store, Blobs: svc.blobs, Auditor: svc.audit, Revoker: svc.revoker, Logger: m.Logger})
	if err != nil {
		return err
	}
	m.privacy = svc.privacy
	svc.kb = kb.New(kb.Options{Store: m.store, Auditor: svc.audit, Logger: m.Logger})
	svc.widget = webchat.New(svc.admin, svc.contacts, svc.auth, auth.VerifyIdentityHash, auth.VerifyAttributesHash, m.Logger)
	return nil
}

// wireSSO builds the SSRF guard every fetch of a URL someone configured goes through, and
// single sign-on on it.
func (m *Main) wireSSO(svc *services, secret []byte) error {
	allow, err := m.Config.OutboundAllowPrefixes()
	if err != nil {
		return err
	}
	svc.guard = netguard.New(netguard.Options{Allow: allow})
	svc.sso, err = sso.New(sso.Options{
		Store: m.store, Sessions: svc.auth, HashPassword: svc.hasher.Hash, SecretKey: secret, Logger: m.Logger,
		HTTPClient: svc.guard.Client(), Auditor: svc.audit,
	})
	return err
}

// wireJobs builds the job runner with its handlers, the webhook service and its dispatcher,
// which follows the bus only to wake up: it reads the event log itself.
func (m *Main) wireJobs(svc *services, _ []byte) error {
	handlers := map[string]jobs.Handler{}
	m.runner = jobs.New(jobs.Options{Store: m.store, Logger: m.Logger, Handlers: handlers, Backoff: m.JobBackoff, Poll: m.JobPoll,
		Lease: m.JobLease})
	opts := m.Webhooks
	opts.Store, opts.Guard, opts.Logger, opts.Notify, opts.Auditor = m.store, svc.guard, m.Logger, m.runner.Notify, svc.audit
	svc.webhooks = webhook.New(opts)
	handlers[webhook.JobKind] = svc.webhooks.Deliver
	m.wireOutbound(svc, handlers)
	m.wireChannelJobs(handlers)
	if err := m.wireBot(svc, handlers); err != nil {
		return err
	}
	m.dispatcher = webhook.NewDispatcher(svc.webhooks, m.JobPoll)
	m.bus.Subscribe("webhooks", m.dispatcher.Follow)
	svc.jobs = jobs.NewAdmin(m.store, m.runner.Notify)
	m.webhooks, m.jobs = svc.webhooks, svc.jobs
	return nil
}
