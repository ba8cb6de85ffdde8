package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"
)

// bench is one run against one kefu server.
type bench struct {
	cfg  Config
	log  *slog.Logger
	api  *api
	srv  *serverProc
	prov *provision
	db   string // "sqlite" or "postgres"
}

// scenarioFunc runs one scenario; an error ends only that scenario.
type scenarioFunc func(ctx context.Context, r *Result) error

// runBench starts or finds the server, provisions and runs the chosen scenarios in order.
func runBench(ctx context.Context, cfg Config, log *slog.Logger) (*Report, error) {
	rep := &Report{Started: time.Now().UTC(), Machine: thisMachine(), Mode: "full", Database: "sqlite"}
	if cfg.Smoke {
		rep.Mode = "smoke"
	}
	if cfg.DatabaseURL != "" {
		rep.Database = "postgres"
	}
	b := &bench{cfg: cfg, log: log, db: rep.Database}
	if !onlyBaseline(cfg.Scenarios) {
		if err := b.connect(ctx); err != nil {
			return rep, err
		}
		defer func() {
			if b.srv != nil && b.srv.path != "" {
				b.srv.stop(30 * time.Second)
			}
		}()
	}
	scenarios := map[string]scenarioFunc{
		"idle": b.idle, "chat": b.chat, "baseline": b.baseline, "max": b.max, "baseline-max": b.baselineMax,
		"burst": b.burst, "history": b.history, "reconnect": b.reconnect,
	}
	for _, name := range allScenarios {
		if !contains(cfg.Scenarios, name) {
			continue
		}
		r := &Result{Scenario: name, Target: "kefu (" + b.db + ")"}
		if base, ok := baselineOf(name); ok {
			r.Scenario, r.Target = base, baselineTarget
		}
		log.Info("scenario starting", "scenario", name)
		start := time.Now()
		if err := scenarios[name](ctx, r); err != nil {
			r.Err = err.Error()
			log.Error("scenario failed", "scenario", name, "err", err)
		}
		log.Info("scenario done", "scenario", name, "took", time.Since(start).Round(time.Millisecond))
		rep.Results = append(rep.Results, r)
		rep.Ratios = ratios(rep.Results)
		if ctx.Err() != nil {
			return rep, ctx.Err()
		}
	}
	return rep, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// connect spawns the server (--spawn) or finds it (--url), then provisions the bench's org.
func (b *bench) connect(ctx context.Context) error {
	url := b.cfg.URL
	if b.cfg.Spawn != "" {
		dir := b.cfg.DataDir
		if dir == "" {
			var err error
			if dir, err = os.MkdirTemp("", "kefu-bench-*"); err != nil {
				return err
			}
		}
		// Every simulated visitor connects from this one address: per-client rate limits would
		// measure themselves, not the server.
		env := []string{"KEFU_RATE_LIMIT_IP=0", "KEFU_RATE_LIMIT_SESSIONS=0", "KEFU_RATE_LIMIT_VISITOR=0",
			"KEFU_RATE_LIMIT_UPLOADS=0", "KEFU_RATE_LIMIT_TOKEN=0"}
		if b.cfg.DatabaseURL != "" {
			env = append(env, "KEFU_DATABASE_URL="+b.cfg.DatabaseURL)
		}
		args := []string{"serve", "--addr", "127.0.0.1:0", "--data-dir", dir}
		srv, err := spawnServer(ctx, b.cfg.Spawn, args, env, filepath.Join(dir, "server.log"))
		if err != nil {
			return err
		}
		b.srv = srv
		url = "http://" + srv.addr
		b.log.Info("spawned kefu", "addr", srv.addr, "pid", srv.pid, "data_dir", dir)
	} else {
		b.srv = &serverProc{pid: b.cfg.ServerPID, restart: b.cfg.RestartCmd}
	}
	b.api = newAPI(url)
	if b.srv.pid == 0 {
		if pid, err := pidListening(url); err == nil {
			b.srv.pid = pid
		} else {
			b.log.Warn("server pid unknown: no memory or CPU figures", "err", err)
		}
	}
	var err error
	b.prov, err = newProvision(ctx, b.api, b.cfg.Email, b.cfg.Password, b.cfg.AgentCapacity)
	return err
}

// proc reads the server's memory and CPU; ok is false when its pid is unknown.
func (b *bench) proc() (procStats, bool) {
	if b.srv == nil || b.srv.pid == 0 {
		return procStats{}, false
	}
	st, err := readProc(b.srv.pid)
	return st, err == nil
}

// cpuMeter measures the server's CPU time over an interval.
type cpuMeter struct {
	b     *bench
	start procStats
	ok    bool
}

func (b *bench) cpuStart() cpuMeter {
	st, ok := b.proc()
	return cpuMeter{b: b, start: st, ok: ok}
}

// used returns the CPU time since cpuStart; ok is false without a pid.
func (m cpuMeter) used() (time.Duration, bool) {
	if !m.ok {
		return 0, false // also the zero meter of a server whose process is unknown
	}
	st, ok := m.b.proc()
	if !ok {
		return 0, false
	}
	return st.CPU - m.start.CPU, true
}

// ensureVisitors provisions n visitors and notes how long it took.
func (b *bench) ensureVisitors(ctx context.Context, r *Result, n int) ([]visitorCred, error) {
	vs, took, err := b.prov.ensureVisitors(ctx, n)
	if err != nil {
		return nil, fmt.Errorf("provision visitors: %w", err)
	}
	if took > time.Second {
		r.note("provisioned visitors up to %d (session + conversation each over REST) in %s", n, took.Round(time.Millisecond))
	}
	return vs, nil
}
