package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"golang.org/x/sync/errgroup"

	"github.com/kefu-dev/kefu/internal/admin"
	"github.com/kefu-dev/kefu/internal/auth"
	"github.com/kefu-dev/kefu/internal/blob"
	"github.com/kefu-dev/kefu/internal/channel/webchat"
	"github.com/kefu-dev/kefu/internal/config"
	"github.com/kefu-dev/kefu/internal/contact"
	"github.com/kefu-dev/kefu/internal/conversation"
	"github.com/kefu-dev/kefu/internal/httpapi"
	"github.com/kefu-dev/kefu/internal/realtime"
	"github.com/kefu-dev/kefu/internal/store"
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

	store     *store.Store
	hub       *realtime.Hub
	convs     *conversation.Service
	httpSrv   *http.Server
	debugSrv  *http.Server // pprof on debug_addr; nil when off
	debugAddr net.Addr     // where debugSrv listens
	ln        net.Listener
	cancel    context.CancelFunc
	workers   *errgroup.Group
}

// Run opens the store, applies migrations, wires every service and starts serving.
func (m *Main) Run(ctx context.Context) error {
	if m.Logger == nil {
		m.Logger = slog.New(slog.DiscardHandler)
	}
	if err := ensureDataDir(m.Config); err != nil {
		return err
	}
	secret, err := auth.LoadOrCreateSecretKey(m.Config.DataDir, m.Config.SecretKey)
	if err != nil {
		return err
	}
	if m.store, err = openStore(ctx, m.Config, m.Logger); err != nil {
		return err
	}
	handler, err := m.wire(secret)
	if err != nil {
		return err
	}
	if m.ln, err = net.Listen("tcp", m.Config.Addr); err != nil {
		return fmt.Errorf("listen on %s: %w", m.Config.Addr, err)
	}
	m.httpSrv = &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(m.Logger.Handler(), slog.LevelDebug),
	}
	workCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	m.cancel = cancel
	m.workers, workCtx = errgroup.WithContext(workCtx)
	m.workers.Go(func() error { return m.serve() })
	m.workers.Go(func() error { return m.housekeeping(workCtx) })
	if err := m.startDebug(); err != nil {
		m.Logger.Warn("debug listener not started", "err", err)
	}
	m.Logger.Info("kefu listening", "addr", m.ln.Addr().String(), "database", m.store.Dialect(), "version", m.Version)
	return nil
}

// openStore opens and migrates the database the config names.
func openStore(ctx context.Context, cfg config.Config, log *slog.Logger) (*store.Store, error) {
	st, err := store.Open(ctx, store.Options{URL: cfg.StoreURL(), Logger: log, CommitDelay: cfg.CommitDelay})
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	if err := st.Migrate(ctx); err != nil {
		st.Close()
		return nil, fmt.Errorf("migrate database: %w", err)
	}
	return st, nil
}

// wire builds every service on the store; the only place concrete types meet.
func (m *Main) wire(secret []byte) (http.Handler, error) {
	cfg, log := m.Config, m.Logger
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	registerStoreMetrics(reg, m.store)

	m.hub = realtime.NewHub(realtime.HubOptions{Logger: log, Registerer: reg, MaxConnections: cfg.MaxConnections})
	m.store.SetSink(m.hub)
	authSvc, err := auth.NewService(auth.Options{Store: m.store, Logger: log, SecretKey: secret, PasswordParams: m.PasswordParams})
	if err != nil {
		return nil, err
	}
	blobs, err := blob.NewDisk(filepath.Join(cfg.DataDir, "files"))
	if err != nil {
		return nil, err
	}
	proxies, err := cfg.TrustedProxyPrefixes()
	if err != nil {
		return nil, err
	}
	adminSvc := admin.New(admin.Options{Store: m.store, Auth: authSvc, PasswordParams: m.PasswordParams, Logger: log, PublicURL: cfg.PublicURL})
	contacts := contact.New(m.store, log, nil)
	m.convs = conversation.New(conversation.Options{
		Store: m.store, Blobs: blobs, Presence: m.hub, Ephemeral: m.hub, Logger: log, MaxUploadBytes: cfg.MaxUploadBytes,
	})
	metrics := httpapi.NewMetrics(reg)
	backend := &httpapi.RealtimeBackend{Auth: authSvc, Conversations: m.convs, Metrics: metrics}
	return httpapi.New(httpapi.Options{
		Logger: log, Version: m.Version, Auth: authSvc, Admin: adminSvc, Conversations: m.convs, Contacts: contacts,
		Webchat:  webchat.New(adminSvc, contacts, authSvc, auth.VerifyIdentityHash, log),
		Realtime: realtime.NewHandler(m.hub, backend, realtime.HandlerOptions{Logger: log}),
		Web:      web.Handler(), WidgetFiles: m.widgetFiles(),
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

func (m *Main) serve() error {
	if err := m.httpSrv.Serve(m.ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// housekeeping prunes what has outlived its use (resume events past retention, expired
// sessions) every hour, and wakes ended snoozes every few seconds.
func (m *Main) housekeeping(ctx context.Context) error {
	prune := time.NewTicker(time.Hour)
	defer prune.Stop()
	wake := time.NewTicker(m.wakeInterval())
	defer wake.Stop()
	m.prune(ctx)
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-prune.C:
			m.prune(ctx)
		case <-wake.C:
			if _, err := m.convs.WakeSnoozed(ctx, time.Now()); err != nil && ctx.Err() == nil {
				m.Logger.Warn("waking snoozed conversations failed", "err", err)
			}
		}
	}
}

func (m *Main) wakeInterval() time.Duration {
	if m.SnoozeCheck > 0 {
		return m.SnoozeCheck
	}
	return 15 * time.Second
}

func (m *Main) prune(ctx context.Context) {
	now := time.Now()
	if n, err := m.store.PruneEvents(ctx, now.Add(-m.Config.EventRetention)); err != nil && ctx.Err() == nil {
		m.Logger.Warn("prune events failed", "err", err)
	} else if n > 0 {
		m.Logger.Info("pruned events", "count", n)
	}
	if _, err := m.store.DeleteExpiredSessions(ctx, now); err != nil && ctx.Err() == nil {
		m.Logger.Warn("delete expired sessions failed", "err", err)
	}
}

// Addr is the address the server listens on (useful with port 0).
func (m *Main) Addr() string { return m.ln.Addr().String() }

// URL is the server's base URL.
func (m *Main) URL() string { return "http://" + m.Addr() }

// Close stops the server: realtime clients are told to reconnect, in-flight requests finish
// within the shutdown timeout, queued writes are committed, then the database closes.
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
	if m.cancel != nil {
		m.cancel()
		errs = append(errs, m.workers.Wait())
	}
	if m.store != nil {
		errs = append(errs, m.store.Close())
	}
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
