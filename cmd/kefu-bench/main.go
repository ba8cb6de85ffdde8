// Command kefu-bench is kefu's load generator. It drives a running kefu server only through the
// documented public protocol (REST and the visitor and agent WebSockets, docs/realtime.md) and
// reports latency, delivery and resource figures per scenario; `kefu-bench baseline` and
// `kefu-bench baseline-max` run the chat and max scenarios against a minimal WebSocket relay so
// kefu's numbers have a yardstick.
// docs/performance.md explains the scenarios, the targets and the measured results.
package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	if err := run(ctx, os.Args[1:], log); err != nil {
		fmt.Fprintln(os.Stderr, "kefu-bench:", err)
		os.Exit(1)
	}
}

// run parses the command line and runs the chosen mode: the relay server alone, the baseline
// chat, or the scenarios against kefu.
func run(ctx context.Context, args []string, log *slog.Logger) error {
	if len(args) > 0 && args[0] == "relay" {
		return serveRelay(ctx, args[1:], log)
	}
	cfg, err := parseConfig(args)
	if err != nil {
		return err
	}
	if cfg.CPUProfile != "" {
		f, err := os.Create(cfg.CPUProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	rep, err := runBench(ctx, cfg, log)
	if rep != nil {
		rep.print(os.Stdout)
		if cfg.JSON != "" {
			if werr := rep.writeJSON(cfg.JSON); werr != nil && err == nil {
				err = werr
			}
		}
	}
	if err == nil && rep != nil && !rep.Pass() && cfg.FailOnMiss {
		err = fmt.Errorf("some scenarios failed their checks")
	}
	return err
}
