package main

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestSmoke builds kefu, spawns it on port 0 with a temp data dir and runs every scenario at
// smoke size in-process, requiring 0 loss, 0 duplicates, order kept and no errors. Performance
// targets are not asserted: at smoke sizes they are noise.
func TestSmoke(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs kefu")
	}
	bin := filepath.Join(t.TempDir(), "kefu")
	build := exec.Command("go", "build", "-o", bin, "github.com/kefu-dev/kefu/cmd/kefu")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build kefu: %v\n%s", err, out)
	}
	cfg := smokeConfig(defaults())
	cfg.Spawn, cfg.DataDir, cfg.RelayInProc = bin, t.TempDir(), true
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	start := time.Now()
	rep, err := runBench(ctx, cfg, log)
	took := time.Since(start)
	var table bytes.Buffer
	if rep != nil {
		rep.print(&table)
	}
	if err != nil {
		t.Fatalf("runBench: %v\n%s\n%s", err, table.String(), logs.String())
	}
	if got, want := len(rep.Results), len(allScenarios); got != want {
		t.Errorf("got %d results, want %d (one per scenario)", got, want)
	}
	for _, r := range rep.Results {
		if !r.OK() {
			t.Errorf("scenario %s on %s: got a failed check or error %q, want success", r.Scenario, r.Target, r.Err)
		}
	}
	if len(rep.Ratios) == 0 {
		t.Error("no kefu ÷ baseline ratios, though chat, max and both baselines ran")
	}
	if took > 60*time.Second {
		t.Errorf("smoke run took %s, want under 60 s", took)
	}
	if t.Failed() {
		t.Logf("report:\n%s", table.String())
		t.Logf("server log:\n%s", serverLog(cfg.DataDir))
	}
}

func serverLog(dir string) string {
	b, _ := os.ReadFile(filepath.Join(dir, "server.log"))
	return strings.TrimSpace(string(b))
}
