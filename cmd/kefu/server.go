package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/kefu-dev/kefu/internal/auth"
	"github.com/kefu-dev/kefu/internal/bot/manage"
	"github.com/kefu-dev/kefu/internal/bus"
	"github.com/kefu-dev/kefu/internal/channel"
	"github.com/kefu-dev/kefu/internal/config"
	"github.com/kefu-dev/kefu/internal/conversation"
	"github.com/kefu-dev/kefu/internal/geoip"
	"github.com/kefu-dev/kefu/internal/jobs"
	"github.com/kefu-dev/kefu/internal/privacy"
	"github.com/kefu-dev/kefu/internal/realtime"
	"github.com/kefu-dev/kefu/internal/store"
	"github.com/kefu-dev/kefu/internal/webhook"
	"github.com/kefu-dev/kefu/web"
)

// Main is one running kefu server. Run starts it and returns once it listens; Close stops it
// gracefully. Tests boot the real program through it on port 0 with a temp data dir.
type Main struct {
	Config         config.Config
	Logger         *slog.Logger
	Version        string
	PasswordParams auth.PasswordParams // zero = auth defaults; tests use cheap ones
	WidgetFiles    fs.FS               // nil = the widget built into the binary, if any
	SnoozeCheck    time.Duration       // how often ended snoozes are woken; 0 = 15s
	SessionTTL     time.Duration       // sliding session lifetime; 0 = auth.DefaultSessionTTL
	// PingInterval is the realtime keepalive (WebSocket ping, SSE heartbeat), on which open agent
	// connections also re-check their credential; 0 = the realtime defaults (30s, 25s).
	PingInterval time.Duration

	// Durable jobs and webhooks; zero values are the defaults, tests make retries quick.
	JobBackoff jobs.Backoff    // retry delays of failed jobs; zero = jobs.DefaultBackoff
	JobPoll    time.Duration   // how often due jobs and webhook events are looked for unprompted
	Webhooks   webhook.Options // attempts and auto-disabling; wire fills in store, guard, logger, runner
	// ChannelPoll is how often channel runners re-read their inboxes; zero = the adapters'
	// defaults, tests make it quick.
	ChannelPoll time.Duration

	// JobLease is how long a job attempt may run before another node may take it over (on
	// PostgreSQL, how long a killed node's jobs wait); 0 = the runner's default, 2 minutes.
	JobLease time.Duration

	// ExtraAdapters are channel adapters registered besides kefu's own (channelAdapters), each
	// replacing kefu's adapter of its type: tests' fake platforms.
	ExtraAdapters []channel.Adapter

	// LLMChecker tests an organisation's language model settings (POST /api/v1/bot/llm/test);
	// nil answers unavailable. Tests set a checker calling an httptest model.
	LLMChecker manage.ModelChecker

	store     *store.Store
	bus       *bus.Local
	hub       *realtime.Hub
	convs     *conversation.Service
	queue     *conversation.QueueFollower
	queuePush *conversation.QueuePusher
	auth      *auth.Service
	privacy   *privacy.Service
	httpSrv   *http.Server
	debugSrv  *http.Server // pprof on debug_addr; nil when off
	debugAddr net.Addr     // where debugSrv listens
	acmeAddr  net.Addr     // where ACME's HTTP-01 listener listens; nil without ACME
	ln        net.Listener
	cancel    context.CancelFunc
	workers   *errgroup.Group

	runner     *jobs.Runner
	stopRunner func() // stops the runner and waits for its attempts to be recorded
	dispatcher *webhook.Dispatcher
	webhooks   *webhook.Service
	jobs       *jobs.Admin
	geoip      *geoip.Reader // the IP → region database; nil without geoip_database

	channels     *channel.Registry
	receiver     *channel.Receiver // the adapters' shared one; tests' fake adapters reach it here
	stopChannels func()            // stops the adapters' runners and waits for them
}

// Run opens the store, starts its writer and the bus, applies migrations, wires every service
// and starts serving. Every background worker runs under one errgroup, which Close stops.
func (m *Main) Run(ctx context.Context) error {
	if m.Logger == nil {
		m.Logger = slog.New(slog.DiscardHandler)
	}
	if err := ensureDataDir(m.Config, m.Logger); err != nil {
		return err
	}
	secret, err := auth.LoadOrCreateSecretKey(m.Config.DataDir, m.Config.SecretKey)
	if err != nil {
		return err
	}
	m.bus = bus.NewLocal(m.Logger)
	if m.store, err = store.Open(ctx, storeOptions(m.Config, m.Logger, m.bus)); err != nil {
		return fmt.Errorf("open database: %w", err)
	}
	workCtx := m.startWorkers(ctx)
	if err := migrate(ctx, m.store); err != nil {
		return err
	}
	if _, err := openKeyring(ctx, m.Config, m.store); err != nil {
		return err
	}
	if err := sealLeftovers(ctx, m.store, m.Logger); err != nil {
		return err
	}
	handler, err := m.wire(secret)
	if err != nil {
		return err
	}
	if m.ln, err = net.Listen("tcp", m.Config.Addr); err != nil {
		return fmt.Errorf("listen on %s: %w", m.Config.Addr, err)
	}
	m.httpSrv = newHTTPServer(handler, m.Logger)
	if err := m.setupTLS(workCtx); err != nil {
		return err
	}
	m.workers.Go(func() error { return m.serve() })
	m.workers.Go(func() error { return m.housekeeping(workCtx) })
	m.workers.Go(func() error { return m.queue.Run(workCtx) })
	m.workers.Go(func() error { return m.queuePush.Run(workCtx) })
	m.startRunner(workCtx)
	m.startChannelRunners(workCtx)
	m.workers.Go(func() error { return m.dispatcher.Run(workCtx) })
	if err := m.startDebug(); err != nil {
		m.Logger.Warn("debug listener not started", "err", err)
	}
	m.Logger.Info("kefu listening", "addr", m.ln.Addr().String(), "tls", m.Config.TLSMode() != "", "database", m.store.Dialect(), "version", m.Version)
	return nil
}

// startRunner runs the job runner in a context of its own: Close stops it first, while the
// store still takes writes, so the attempts under way are recorded.
func (m *Main) startRunner(workCtx context.Context) {
	ctx, cancel := context.WithCancel(workCtx)
	done := make(chan struct{})
	m.workers.Go(func() error {
		defer close(done)
		return m.runner.Run(ctx)
	})
	m.stopRunner = func() {
		cancel()
		<-done
	}
}

// startWorkers starts the errgroup with the store's writer and the bus, which everything else
// needs (migrations write through the writer), and returns the workers' context. It outlives
// ctx: the server stops when Close says so, not when the context that started it ends.
func (m *Main) startWorkers(ctx context.Context) context.Context {
	workCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	m.cancel = cancel
	m.workers, workCtx = errgroup.WithContext(workCtx)
	m.workers.Go(func() error { return m.store.Run(workCtx) })
	m.workers.Go(func() error { return m.bus.Run(workCtx) })
	return workCtx
}

func newHTTPServer(handler http.Handler, log *slog.Logger) *http.Server {
	return &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelDebug),
	}
}

// storeOptions are the store's options from the config; events go to pub (nil: nowhere, as
// for CLI commands, which have no followers).
func storeOptions(cfg config.Config, log *slog.Logger, pub store.Publisher) store.Options {
	return store.Options{
		URL: cfg.StoreURL(), Logger: log, Events: pub,
		CommitDelay: cfg.CommitDelay, PlainVFS: !cfg.SQLiteWALVFS,
	}
}

func migrate(ctx context.Context, st *store.Store) error {
	if err := st.Migrate(ctx); err != nil {
		return fmt.Errorf("migrate database: %w", err)
	}
	return nil
}

// openStore opens and migrates the database the config names for a CLI command, with the
// store's writer running until the returned store is closed.
func openStore(ctx context.Context, cfg config.Config, log *slog.Logger) (*store.Store, error) {
	st, err := store.Open(ctx, storeOptions(cfg, log, nil /* a CLI command has no followers */))
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	go func() { _ = st.Run(context.WithoutCancel(ctx)) }() // ends when st.Close stops it
	if err := migrate(ctx, st); err != nil {
		st.Close()
		return nil, err
	}
	return st, nil
}

// ready answers /readyz: the database answers and no migration is pending.
func (m *Main) ready(ctx context.Context) error {
	if err := m.store.Ping(ctx); err != nil {
		return errors.New("database unreachable")
	}
	pending, err := m.store.MigrationsPending(ctx)
	if err != nil || pending {
		return errors.New("migrations pending")
	}
	return nil
}

// serve serves HTTP, or HTTPS when setupTLS configured it.
func (m *Main) serve() error {
	serve := func() error { return m.httpSrv.Serve(m.ln) }
	if m.Config.TLSMode() != "" {
		serve = func() error { return m.httpSrv.ServeTLS(m.ln, "", "") }
	}
	if err := serve(); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// housekeeping prunes what has outlived its use (resume events past retention, expired
// sessions, forgotten sign-in failures, conversations past their inbox's retention) every hour, and every few seconds wakes ended snoozes and drains the queues, each
// through its service.
func (m *Main) housekeeping(ctx context.Context) error {
	prune := time.NewTicker(time.Hour)
	defer prune.Stop()
	wake := time.NewTicker(m.wakeInterval())
	defer wake.Stop()
	requeue := time.NewTicker(m.requeueInterval())
	defer requeue.Stop()
	m.prune(ctx)
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-prune.C:
			m.prune(ctx)
		case <-wake.C:
			m.wake(ctx)
		case <-requeue.C:
			m.requeue(ctx)
		}
	}
}

// wake reopens snoozed conversations whose time has come, then drains the queues, which
// catches capacity that no event announced (an agent back to online, a capacity raised).
func (m *Main) wake(ctx context.Context) {
	if _, err := m.convs.WakeSnoozed(ctx, time.Now()); err != nil && ctx.Err() == nil {
		m.Logger.Warn("waking snoozed conversations failed", "err", err)
	}
	if _, err := m.convs.DrainAllQueues(ctx); err != nil && ctx.Err() == nil {
		m.Logger.Warn("draining the queues failed", "err", err)
	}
}

// requeue gives back to the queue the assignments not accepted in time and the unanswered
// conversations of agents who went away (organisation settings; see conversation.RequeueDue).
func (m *Main) requeue(ctx context.Context) {
	if _, err := m.convs.RequeueDue(ctx); err != nil && ctx.Err() == nil {
		m.Logger.Warn("requeueing conversations failed", "err", err)
	}
}

// requeueInterval is how often accept timeouts and away agents are checked: often enough that
// a timeout of a minute is kept to within a few seconds.
func (m *Main) requeueInterval() time.Duration {
	if m.SnoozeCheck > 0 {
		return m.SnoozeCheck
	}
	return 3 * time.Second
}

func (m *Main) wakeInterval() time.Duration {
	if m.SnoozeCheck > 0 {
		return m.SnoozeCheck
	}
	return 15 * time.Second
}

func (m *Main) prune(ctx context.Context) {
	now := time.Now()
	m.pruneJobs(ctx, now)
	if n, err := m.convs.PruneEvents(ctx, now.Add(-m.Config.EventRetention)); err != nil && ctx.Err() == nil {
		m.Logger.Warn("prune events failed", "err", err)
	} else if n > 0 {
		m.Logger.Info("pruned events", "count", n)
	}
	if _, err := m.auth.PruneSessions(ctx, now); err != nil && ctx.Err() == nil {
		m.Logger.Warn("delete expired sessions failed", "err", err)
	}
	if _, err := m.auth.PruneLoginFailures(ctx, now); err != nil && ctx.Err() == nil {
		m.Logger.Warn("delete old sign-in failures failed", "err", err)
	}
	m.retention(ctx, now)
}

// retention applies the inboxes' retention policies. It runs from the housekeeper until the
// durable job runner schedules privacy.Service.RunRetention itself; each run does a bounded
// amount of work in small writes, and the next run finishes what one left.
func (m *Main) retention(ctx context.Context, now time.Time) {
	runs, err := m.privacy.RunRetention(ctx, now)
	if err != nil && ctx.Err() == nil {
		m.Logger.Warn("retention failed", "err", err)
	}
	for _, r := range runs {
		m.Logger.Info("retention applied", "org_id", r.OrgID, "inbox_id", r.InboxID, "mode", string(r.Mode), "conversations", r.Conversations)
	}
}

// pruneJobs deletes finished jobs and webhook delivery logs older than the event retention.
func (m *Main) pruneJobs(ctx context.Context, now time.Time) {
	if err := m.jobs.Prune(ctx, now.Add(-m.Config.EventRetention)); err != nil && ctx.Err() == nil {
		m.Logger.Warn("prune finished jobs failed", "err", err)
	}
	if err := m.webhooks.Prune(ctx, now.Add(-m.Config.EventRetention)); err != nil && ctx.Err() == nil {
		m.Logger.Warn("prune webhook delivery logs failed", "err", err)
	}
}

// Addr is the address the server listens on (useful with port 0).
func (m *Main) Addr() string { return m.ln.Addr().String() }

// URL is the server's base URL.
func (m *Main) URL() string {
	if m.Config.TLSMode() != "" {
		return "https://" + m.Addr()
	}
	return "http://" + m.Addr()
}

// Close stops the server: realtime clients are told to reconnect, in-flight requests finish
// within the shutdown timeout, then the workers stop (the writer commits what is queued, the
// bus delivers what it holds), then the database closes.
func (m *Main) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), m.Config.ShutdownTimeout)
	defer cancel()
	var errs []error
	if m.hub != nil {
		m.hub.Shutdown(ctx)
	}
	if m.httpSrv != nil {
		errs = append(errs, m.httpSrv.Shutdown(ctx))
	}
	if m.debugSrv != nil {
		errs = append(errs, m.debugSrv.Close())
	}
	// Channels stop first: a runner mid-message still needs the job runner and the store.
	if m.stopChannels != nil {
		m.stopChannels()
	}
	if m.stopRunner != nil {
		m.stopRunner()
	}
	if m.cancel != nil {
		m.cancel()
		errs = append(errs, m.workers.Wait())
	}
	if m.store != nil {
		errs = append(errs, m.store.Close())
	}
	errs = append(errs, m.geoip.Close())
	return errors.Join(errs...)
}

// widgetFiles is the widget to serve: the one given, else the one built into the binary, else
// nil.
func (m *Main) widgetFiles() fs.FS {
	if m.WidgetFiles != nil {
		return m.WidgetFiles
	}
	if !web.WidgetBuilt() {
		return nil
	}
	return web.Widget()
}
