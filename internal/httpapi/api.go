package httpapi

import (
	"context"
	"io/fs"
	"log/slog"
	"net/http"
	"net/netip"
	"time"

	"github.com/danielgtaylor/huma/v2/adapters/humachi"
	"github.com/go-chi/chi/v5"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/kefu-dev/kefu/internal/admin"
	"github.com/kefu-dev/kefu/internal/audit"
	"github.com/kefu-dev/kefu/internal/auth"
	"github.com/kefu-dev/kefu/internal/bot/dialog"
	"github.com/kefu-dev/kefu/internal/bot/manage"
	"github.com/kefu-dev/kefu/internal/channel"
	"github.com/kefu-dev/kefu/internal/channel/apichannel"
	"github.com/kefu-dev/kefu/internal/channel/webchat"
	"github.com/kefu-dev/kefu/internal/contact"
	"github.com/kefu-dev/kefu/internal/conversation"
	"github.com/kefu-dev/kefu/internal/jobs"
	"github.com/kefu-dev/kefu/internal/kb"
	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/masking"
	"github.com/kefu-dev/kefu/internal/privacy"
	"github.com/kefu-dev/kefu/internal/problem"
	"github.com/kefu-dev/kefu/internal/realtime"
	"github.com/kefu-dev/kefu/internal/sso"
	"github.com/kefu-dev/kefu/internal/visitor"
	"github.com/kefu-dev/kefu/internal/webhook"
)

// Options are the services and settings the API serves.
type Options struct {
	Logger         *slog.Logger
	Version        string
	Auth           *auth.Service
	FileLinks      *auth.FileLinks // signs and checks visitors' attachment links
	Admin          *admin.Service
	Audit          *audit.Service
	KB             *kb.Service     // the knowledge base
	Bot            *dialog.Service // the knowledge-base bot in conversations
	BotManage      *manage.Service // the bot's metrics, unanswered questions, language model; agent assist
	Conversations  *conversation.Service
	Contacts       *contact.Service
	Privacy        *privacy.Service // retention, legal holds, access and erasure requests
	Masking        *masking.Service // each inbox's PII policy and the organisation's patterns
	Webchat        *webchat.Service
	Visitors       *visitor.Service    // the live visitor list and agent-started chats
	Channels       *channel.Registry   // the adapters, for what each inbox's channel can send; nil = none shown
	APIChannel     *apichannel.Adapter // the API channel's inbound endpoint; nil = not served
	EmailOriginals EmailOriginals      // inbound mails whole, sanitised; nil = not found
	Webhooks       *webhook.Service
	Jobs           *jobs.Admin
	Realtime       *realtime.Handler
	SSO            *sso.Service                    // OpenID Connect sign-in; nil = none
	Web            http.Handler                    // the browser front ends, served at /; nil = none
	WidgetFiles    fs.FS                           // the built visitor widget; nil = not built
	Ready          func(ctx context.Context) error // nil error = ready to serve
	Metrics        *Metrics                        // nil = unregistered series
	Gatherer       prometheus.Gatherer
	PublicURL      string // "" = derive origins from the request
	TrustedProxies []netip.Prefix
	MaxUploadBytes int64
	MaxInFlight    int // concurrent non-streaming requests before 429; 0 = 2048
	RateLimits     RateLimits
	// HSTSMaxAge is the Strict-Transport-Security max-age of responses over HTTPS (served
	// directly, or behind a proxy when PublicURL is https); 0 sends no header.
	HSTSMaxAge time.Duration
	// ServesTLS says the server itself speaks HTTPS, so cookies are Secure even without an
	// https PublicURL.
	ServesTLS bool
}

// server holds what handlers need.
type server struct {
	Options
	log      *slog.Logger
	metrics  *Metrics
	inFlight chan struct{} // one slot per REST request being served; see shedLoad
	limits   *limiters
}

// New returns the whole HTTP surface of kefu.
func New(opts Options) http.Handler {
	s := &server{Options: opts, log: opts.Logger, metrics: opts.Metrics, inFlight: newInFlightSlots(opts.MaxInFlight), limits: newLimiters(opts.RateLimits)}
	if s.metrics == nil {
		s.metrics = NewMetrics(nil)
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	r := chi.NewRouter()
	// widgetCORS runs before routing so preflight requests, which match no route, get answered.
	r.Use(s.recoverPanics, s.securityHeaders, s.widgetCORS, s.clientIP, s.countRequests)

	// Operations: no authentication, never shed.
	r.Get("/healthz", s.healthz)
	r.Get("/readyz", s.readyz)
	r.Handle("/metrics", s.metricsHandler())

	// Realtime streams are long-lived, so they are limited by the hub's connection cap rather
	// than the in-flight request limit.
	r.With(s.authenticate).Get("/api/v1/ws", opts.Realtime.AgentWebSocket)
	r.With(s.authenticate).Get("/api/v1/events", opts.Realtime.AgentSSE)
	r.Get("/api/v1/widget/ws", opts.Realtime.VisitorWebSocket)
	r.Get("/api/v1/widget/events", opts.Realtime.VisitorSSE)
	s.widgetRoutes(r)
	s.hookRoutes(r)

	r.Group(func(r chi.Router) {
		r.Use(s.shedLoad, s.authenticate, s.rateLimit, s.requireValidUTF8, s.visitorOrigins)
		s.routes(registry{API: humachi.New(r, apiConfig(opts.Version)), log: s.log})
	})
	notFound := func(w http.ResponseWriter, r *http.Request) {
		problem.New(kefu.CodeNotFound, "no such endpoint").Write(w)
	}
	r.Handle("/api/*", http.HandlerFunc(notFound))
	if opts.Web != nil {
		r.Handle("/*", opts.Web)
	}
	r.NotFound(notFound)
	r.MethodNotAllowed(func(w http.ResponseWriter, r *http.Request) {
		problem.New(kefu.CodeNotFound, "no such endpoint").Write(w)
	})
	return r
}

// routes is the one route table of the REST API: every endpoint, on one screen.
func (s *server) routes(api registry) {
	// Authentication and first-run setup.
	op(api, "setup-status", "GET", "/api/v1/setup", "First-run status", tagAuth, s.setupStatus)
	op(api, "setup", "POST", "/api/v1/setup", "Create the organisation and its owner", tagAuth, s.setup)
	op(api, "login", "POST", "/api/v1/auth/login", "Sign in", tagAuth, s.login)
	op(api, "logout", "POST", "/api/v1/auth/logout", "Sign out", tagAuth, s.logout)
	op(api, "session-status", "GET", "/api/v1/auth/session", "Whether this browser is signed in (200 either way)", tagAuth, s.sessionStatus)
	op(api, "me", "GET", "/api/v1/auth/me", "The signed-in agent", tagAuth, s.me)
	op(api, "update-me", "PATCH", "/api/v1/auth/me", "Update profile, signature, password or availability", tagAuth, s.updateMe)
	op(api, "list-sessions", "GET", "/api/v1/auth/sessions", "Your active sign-in sessions", tagAuth, s.listSessions)
	op(api, "end-other-sessions", "DELETE", "/api/v1/auth/sessions", "Sign out every other session", tagAuth, s.endOtherSessions)
	op(api, "end-session", "DELETE", "/api/v1/auth/sessions/{id}", "Sign out one of your sessions", tagAuth, s.endSession)
	op(api, "login-second-step", "POST", "/api/v1/auth/login/second-step", "Finish signing in with a two-factor code", tagAuth, s.loginSecondStep)
	op(api, "two-factor", "GET", "/api/v1/auth/2fa", "Your two-factor sign-in state", tagAuth, s.twoFactorStatus)
	op(api, "begin-totp", "POST", "/api/v1/auth/2fa/totp", "Start enrolling an authenticator app", tagAuth, s.beginTOTP)
	op(api, "confirm-totp", "POST", "/api/v1/auth/2fa/totp/confirm", "Confirm enrolment with a code; answers recovery codes", tagAuth, s.confirmTOTP)
	op(api, "regenerate-recovery-codes", "POST", "/api/v1/auth/2fa/recovery-codes", "Replace your recovery codes", tagAuth, s.regenerateRecoveryCodes)
	op(api, "sso-providers", "GET", "/api/v1/auth/sso", "Single sign-on providers for the sign-in page", tagAuth, s.ssoButtons)
	op(api, "sso-start", "GET", "/api/v1/auth/sso/{org}/start", "Sign in with the organisation's provider (redirects)", tagAuth, s.ssoStart)
	op(api, "sso-callback", "GET", "/api/v1/auth/sso/callback", "Where the provider sends the browser back (redirects)", tagAuth, s.ssoCallback)
	op(api, "invitation-lookup", "POST", "/api/v1/auth/invitation", "Whose invitation a link is (public: the link's secret)", tagAuth, s.lookupInvitation)
	op(api, "invitation-accept", "POST", "/api/v1/auth/invitation/accept", "Accept an invitation and sign in (public: the link's secret)", tagAuth, s.acceptInvitation)
	op(api, "disable-totp", "POST", "/api/v1/auth/2fa/disable", "Turn two-factor sign-in off", tagAuth, s.disableTOTP)

	// Agent workspace: conversations, messages, contacts.
	op(api, "list-conversations", "GET", "/api/v1/conversations", "List conversations", tagConv, s.listConversations)
	op(api, "conversation-counts", "GET", "/api/v1/conversations/counts", "Counts per view", tagConv, s.conversationCounts)
	op(api, "get-conversation", "GET", "/api/v1/conversations/{id}", "Get a conversation", tagConv, s.getConversation)
	op(api, "list-messages", "GET", "/api/v1/conversations/{id}/messages", "Messages before or after a seq", tagConv, s.listMessages)
	op(api, "send-message", "POST", "/api/v1/conversations/{id}/messages", "Reply or add an internal note", tagConv, s.sendMessage)
	op(api, "assign-conversation", "POST", "/api/v1/conversations/{id}/assign", "Assign, unassign or transfer", tagConv, s.assignConversation)
	op(api, "set-status", "POST", "/api/v1/conversations/{id}/status", "Open, pend, snooze or resolve", tagConv, s.setStatus)
	op(api, "set-priority", "POST", "/api/v1/conversations/{id}/priority", "Change priority", tagConv, s.setPriority)
	op(api, "set-labels", "PUT", "/api/v1/conversations/{id}/labels", "Replace labels", tagConv, s.setLabels)
	op(api, "set-routing-attributes", "PATCH", "/api/v1/conversations/{id}/routing-attributes", "Change inquiry type, language or region (re-routes a waiting conversation)", tagConv, s.setRoutingAttributes)
	op(api, "get-routing-decisions", "GET", "/api/v1/conversations/{id}/routing", "Why the conversation was routed as it was (decision log)", tagConv, s.routingDecisions)
	op(api, "get-conversation-bot", "GET", "/api/v1/conversations/{id}/bot", "The bot's hand-off note: why it handed over, the emotion, its best guesses", tagConv, s.conversationBot)
	op(api, "conversation-assist", "GET", "/api/v1/conversations/{id}/assist", "Articles and canned replies for the customer's last message", tagConv, s.conversationAssist)
	op(api, "mark-read", "POST", "/api/v1/conversations/{id}/read", "Mark read up to a seq", tagConv, s.markRead)
	op(api, "typing", "POST", "/api/v1/conversations/{id}/typing", "Typing indicator", tagConv, s.typing)
	op(api, "retry-delivery", "POST", "/api/v1/conversations/{id}/messages/{message_id}/retry", "Retry a reply whose delivery to its channel failed", tagConv, s.retryDelivery)
	op(api, "email-original", "GET", "/api/v1/conversations/{id}/messages/{message_id}/email", "The whole inbound mail behind a message, sanitised", tagConv, s.emailOriginal)
	op(api, "reveal-message", "POST", "/api/v1/conversations/{id}/messages/{message_id}/reveal", "Reveal a masked message (audited)", tagConv, s.revealMessage)
	opUpload(api, "upload-attachment", "/api/v1/conversations/{id}/attachments", tagConv, s.MaxUploadBytes, s.uploadAttachment)
	op(api, "list-contacts", "GET", "/api/v1/contacts", "Search contacts", tagContacts, s.listContacts)
	op(api, "get-contact", "GET", "/api/v1/contacts/{id}", "Get a contact", tagContacts, s.getContact)
	op(api, "update-contact", "PATCH", "/api/v1/contacts/{id}", "Update a contact", tagContacts, s.updateContact)
	op(api, "reveal-contact", "POST", "/api/v1/contacts/{id}/reveal", "Reveal a masked contact (audited)", tagContacts, s.revealContact)
	op(api, "contact-conversations", "GET", "/api/v1/contacts/{id}/conversations", "A contact's conversations", tagContacts, s.contactConversations)
	op(api, "merge-contact", "POST", "/api/v1/contacts/{id}/merge", "Merge another contact into this one", tagContacts, s.mergeContact)
	op(api, "unmerge-contact", "POST", "/api/v1/contacts/{id}/unmerge", "Undo a merge into this contact", tagContacts, s.unmergeContact)
	op(api, "contact-merges", "GET", "/api/v1/contacts/{id}/merges", "The merges into a contact", tagContacts, s.listContactMerges)
	op(api, "contact-merge-suggestions", "GET", "/api/v1/contacts/{id}/merge-suggestions", "Contacts likely to be the same customer", tagContacts, s.listMergeSuggestions)
	op(api, "dismiss-merge-suggestion", "POST", "/api/v1/contacts/{id}/merge-suggestions/dismiss", "Mark a suggested contact as another customer", tagContacts, s.dismissMergeSuggestion)
	op(api, "get-contact-privacy", "GET", "/api/v1/contacts/{id}/privacy", "A contact's legal hold and erasure", tagContacts, s.getContactPrivacy)
	op(api, "set-contact-hold", "PUT", "/api/v1/contacts/{id}/legal-hold", "Put a contact under legal hold or release it", tagContacts, s.setContactHold)
	op(api, "export-contact", "POST", "/api/v1/contacts/{id}/export", "Download everything about a contact (ZIP)", tagContacts, s.exportContact)
	op(api, "erase-contact", "POST", "/api/v1/contacts/{id}/erase", "Erase a contact (data subject request)", tagContacts, s.eraseContact)
	op(api, "get-conversation-hold", "GET", "/api/v1/conversations/{id}/legal-hold", "Whether a conversation is under legal hold", tagConv, s.getConversationHold)
	op(api, "set-conversation-hold", "PUT", "/api/v1/conversations/{id}/legal-hold", "Put a conversation under legal hold or release it", tagConv, s.setConversationHold)
	op(api, "download-file", "GET", "/api/v1/files/{id}", "Download an attachment (agents of its organisation)", tagConv, s.downloadFile)
	op(api, "list-visitors", "GET", "/api/v1/visitors", "Visitors on the site now", tagVisitors, s.listVisitors)
	op(api, "start-visitor-chat", "POST", "/api/v1/visitors/{contact_id}/conversations", "Start a conversation with a visitor", tagVisitors, s.startChat)
	op(api, "routing-board", "GET", "/api/v1/routing/board", "The supervisor board: queues per routing target, agents' load", tagConv, s.routingBoard)

	// Administration.
	op(api, "get-org", "GET", "/api/v1/org", "Organisation settings", tagAdmin, s.getOrg)
	op(api, "update-org", "PATCH", "/api/v1/org", "Update organisation settings", tagAdmin, s.updateOrg)
	op(api, "get-sso", "GET", "/api/v1/org/sso", "The single sign-on provider", tagAdmin, s.getSSOProvider)
	op(api, "put-sso", "PUT", "/api/v1/org/sso", "Configure the single sign-on provider", tagAdmin, s.putSSOProvider)
	op(api, "delete-sso", "DELETE", "/api/v1/org/sso", "Remove the single sign-on provider", tagAdmin, s.deleteSSOProvider)
	op(api, "list-agents", "GET", "/api/v1/agents", "List agents", tagAdmin, s.listAgents)
	op(api, "create-agent", "POST", "/api/v1/agents", "Create an agent", tagAdmin, s.createAgent)
	op(api, "update-agent", "PATCH", "/api/v1/agents/{id}", "Change role, capacity, skills, languages or disable", tagAdmin, s.updateAgent)
	op(api, "list-invitations", "GET", "/api/v1/invitations", "Agent invitations with their status", tagAdmin, s.listInvitations)
	op(api, "create-invitation", "POST", "/api/v1/invitations", "Invite an agent (link shown once)", tagAdmin, s.createInvitation)
	op(api, "reissue-invitation", "POST", "/api/v1/invitations/{id}/reissue", "New link for an invitation; the old one stops working", tagAdmin, s.reissueInvitation)
	op(api, "revoke-invitation", "DELETE", "/api/v1/invitations/{id}", "Revoke an invitation", tagAdmin, s.revokeInvitation)
	op(api, "end-agent-sessions", "DELETE", "/api/v1/agents/{id}/sessions", "Sign an agent out of every session", tagAdmin, s.endAgentSessions)
	op(api, "reset-agent-2fa", "DELETE", "/api/v1/agents/{id}/2fa", "Reset an agent's two-factor sign-in", tagAdmin, s.resetAgentTOTP)
	op(api, "list-teams", "GET", "/api/v1/teams", "List teams", tagAdmin, s.listTeams)
	op(api, "create-team", "POST", "/api/v1/teams", "Create a team", tagAdmin, s.createTeam)
	op(api, "update-team", "PATCH", "/api/v1/teams/{id}", "Update a team", tagAdmin, s.updateTeam)
	op(api, "delete-team", "DELETE", "/api/v1/teams/{id}", "Delete a team", tagAdmin, s.deleteTeam)
	opDoc(api, "list-routing-rules", "GET", "/api/v1/routing/rules", "List routing rules", docListRoutingRules, tagAdmin, s.listRoutingRules)
	opDoc(api, "create-routing-rule", "POST", "/api/v1/routing/rules", "Create a routing rule", docCreateRoutingRule, tagAdmin, s.createRoutingRule)
	opDoc(api, "update-routing-rule", "PATCH", "/api/v1/routing/rules/{id}", "Update a routing rule", docUpdateRoutingRule, tagAdmin, s.updateRoutingRule)
	opDoc(api, "delete-routing-rule", "DELETE", "/api/v1/routing/rules/{id}", "Delete a routing rule", docDeleteRoutingRule, tagAdmin, s.deleteRoutingRule)
	opDoc(api, "reorder-routing-rules", "PUT", "/api/v1/routing/rules/order", "Reorder routing rules", docReorderRoutingRules, tagAdmin, s.reorderRoutingRules)
	op(api, "list-inboxes", "GET", "/api/v1/inboxes", "List inboxes", tagAdmin, s.listInboxes)
	op(api, "create-inbox", "POST", "/api/v1/inboxes", "Create an inbox: web widget, email, Telegram or API channel", tagAdmin, s.createInbox)
	op(api, "get-inbox", "GET", "/api/v1/inboxes/{id}", "Get an inbox with its embed snippet", tagAdmin, s.getInbox)
	op(api, "update-inbox", "PATCH", "/api/v1/inboxes/{id}", "Update an inbox", tagAdmin, s.updateInbox)
	op(api, "delete-inbox", "DELETE", "/api/v1/inboxes/{id}", "Delete an inbox", tagAdmin, s.deleteInbox)
	op(api, "get-pii-patterns", "GET", "/api/v1/pii/patterns", "The organisation's own PII patterns", tagAdmin, s.getPIIPatterns)
	op(api, "set-pii-patterns", "PUT", "/api/v1/pii/patterns", "Replace the organisation's own PII patterns", tagAdmin, s.setPIIPatterns)
	op(api, "test-pii", "POST", "/api/v1/pii/test", "Mask a sample text with the given patterns", tagAdmin, s.testPII)
	op(api, "get-inbox-retention", "GET", "/api/v1/inboxes/{id}/retention", "An inbox's retention", tagAdmin, s.getRetention)
	op(api, "set-inbox-retention", "PUT", "/api/v1/inboxes/{id}/retention", "Set an inbox's retention", tagAdmin, s.setRetention)
	op(api, "inbox-secret", "GET", "/api/v1/inboxes/{id}/identity-secret", "The inbox identity secret", tagAdmin, s.inboxSecret)
	op(api, "rotate-api-secret", "POST", "/api/v1/inboxes/{id}/api-secret/rotate", "Replace an API inbox's signing secret (shown once)", tagAdmin, s.rotateAPISecret)
	op(api, "list-labels", "GET", "/api/v1/labels", "List labels", tagAdmin, s.listLabels)
	op(api, "create-label", "POST", "/api/v1/labels", "Create a label", tagAdmin, s.createLabel)
	op(api, "update-label", "PATCH", "/api/v1/labels/{id}", "Update a label", tagAdmin, s.updateLabel)
	op(api, "delete-label", "DELETE", "/api/v1/labels/{id}", "Delete a label", tagAdmin, s.deleteLabel)
	s.kbRoutes(api)
	s.kbSynonymRoutes(api)
	s.botManageRoutes(api)
	op(api, "list-canned", "GET", "/api/v1/canned-replies", "Shared and own canned replies", tagConv, s.listCanned)
	op(api, "create-canned", "POST", "/api/v1/canned-replies", "Save a canned reply", tagConv, s.createCanned)
	op(api, "update-canned", "PATCH", "/api/v1/canned-replies/{id}", "Edit a canned reply", tagConv, s.updateCanned)
	op(api, "delete-canned", "DELETE", "/api/v1/canned-replies/{id}", "Delete a canned reply", tagConv, s.deleteCanned)
	op(api, "list-permissions", "GET", "/api/v1/permissions", "The permission catalogue and the built-in roles", tagAdmin, s.listPermissions)
	op(api, "list-roles", "GET", "/api/v1/roles", "List custom roles", tagAdmin, s.listRoles)
	op(api, "create-role", "POST", "/api/v1/roles", "Create a custom role", tagAdmin, s.createRole)
	op(api, "update-role", "PATCH", "/api/v1/roles/{id}", "Update a custom role", tagAdmin, s.updateRole)
	op(api, "delete-role", "DELETE", "/api/v1/roles/{id}", "Delete a custom role nobody holds", tagAdmin, s.deleteRole)
	op(api, "list-webhooks", "GET", "/api/v1/webhooks", "List webhooks and the event types", tagAdmin, s.listWebhooks)
	op(api, "create-webhook", "POST", "/api/v1/webhooks", "Create a webhook (secret shown once)", tagAdmin, s.createWebhook)
	op(api, "update-webhook", "PATCH", "/api/v1/webhooks/{id}", "Change, enable or disable a webhook", tagAdmin, s.updateWebhook)
	op(api, "delete-webhook", "DELETE", "/api/v1/webhooks/{id}", "Delete a webhook", tagAdmin, s.deleteWebhook)
	op(api, "webhook-deliveries", "GET", "/api/v1/webhooks/{id}/deliveries", "Deliveries and attempts", tagAdmin, s.webhookDeliveries)
	op(api, "resend-delivery", "POST", "/api/v1/webhooks/{id}/deliveries/{job_id}/resend", "Send a delivery again", tagAdmin, s.resendDelivery)
	op(api, "ping-webhook", "POST", "/api/v1/webhooks/{id}/ping", "Send a webhook.test delivery", tagAdmin, s.pingWebhook)
	op(api, "list-jobs", "GET", "/api/v1/jobs", "Background jobs", tagAdmin, s.listJobs)
	op(api, "retry-job", "POST", "/api/v1/jobs/{id}/retry", "Run a job again now", tagAdmin, s.retryJob)
	op(api, "list-tokens", "GET", "/api/v1/tokens", "List API tokens", tagAdmin, s.listTokens)
	op(api, "create-token", "POST", "/api/v1/tokens", "Create an API token (shown once)", tagAdmin, s.createToken)
	op(api, "revoke-token", "DELETE", "/api/v1/tokens/{id}", "Revoke an API token", tagAdmin, s.revokeToken)
	op(api, "list-audit", "GET", "/api/v1/audit", "The audit log, newest first", tagAdmin, s.listAudit)
	op(api, "export-audit", "POST", "/api/v1/audit/export", "Download the audit log (CSV or JSON Lines)", tagAdmin, s.exportAudit)

	// Visitor API, used by the widget with a visitor token.
	op(api, "widget-config", "GET", "/api/v1/widget/config", "The widget's appearance and availability", tagWidget, s.widgetConfigFor)
	op(api, "widget-session", "POST", "/api/v1/widget/sessions", "Open or resume a visitor session", tagWidget, s.widgetSession)
	op(api, "widget-page-view", "POST", "/api/v1/widget/page-views", "Report the page the visitor is on", tagWidget, s.widgetPageView)
	op(api, "widget-contact", "PATCH", "/api/v1/widget/contact", "Fill in the visitor's own profile", tagWidget, s.widgetUpdateContact)
	op(api, "widget-conversations", "GET", "/api/v1/widget/conversations", "The visitor's conversations", tagWidget, s.widgetConversations)
	op(api, "widget-start", "POST", "/api/v1/widget/conversations", "Start a conversation", tagWidget, s.widgetStart)
	op(api, "widget-messages", "GET", "/api/v1/widget/conversations/{id}/messages", "Messages of a conversation", tagWidget, s.widgetMessages)
	op(api, "widget-send", "POST", "/api/v1/widget/conversations/{id}/messages", "Send a message", tagWidget, s.widgetSend)
	op(api, "widget-read", "POST", "/api/v1/widget/conversations/{id}/read", "Mark read up to a seq", tagWidget, s.widgetRead)
	op(api, "widget-typing", "POST", "/api/v1/widget/conversations/{id}/typing", "Typing indicator", tagWidget, s.widgetTyping)
	op(api, "widget-queue", "GET", "/api/v1/widget/conversations/{id}/queue", "Queue position and estimated wait", tagWidget, s.widgetQueue)
	op(api, "widget-rating", "POST", "/api/v1/widget/conversations/{id}/rating", "Rate a resolved conversation", tagWidget, s.widgetRate)
	op(api, "widget-bot-feedback", "POST", "/api/v1/widget/conversations/{id}/bot/feedback", "Say whether the bot's answer helped (no: hand over to a person)", tagWidget, s.widgetBotFeedback)
	op(api, "widget-bot-handoff", "POST", "/api/v1/widget/conversations/{id}/bot/handoff", "Talk to a person: the bot hands the conversation over", tagWidget, s.widgetBotHandoff)
	op(api, "widget-download", "GET", "/api/v1/widget/files/{id}", "Download an attachment by a signed link", tagWidget, s.widgetDownload)
	opUpload(api, "widget-upload", "/api/v1/widget/conversations/{id}/attachments", tagWidget, s.MaxUploadBytes, s.widgetUpload)

	// Channels: platforms and integrators, authenticated by their signatures.
	opAPIChannel(api, s.MaxUploadBytes, s.apiChannelMessage)
}
