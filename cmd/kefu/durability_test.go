package main

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/auth/authtest"
	"github.com/kefu-dev/kefu/internal/config"
)

// subprocessEnv makes the test binary act as `kefu <args>` instead of running tests, so a test
// can run the real program as a process and kill it.
const subprocessEnv = "KEFU_TEST_SUBPROCESS"

// TestMain runs the command line when re-executed by a test (see subprocessEnv), else the tests.
func TestMain(m *testing.M) {
	if os.Getenv(subprocessEnv) == "serve-channel" {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		code := serveTestChannel(ctx, os.Args[1:])
		stop()
		os.Exit(code)
	}
	if os.Getenv(subprocessEnv) == "serve" {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		code := execute(ctx, os.Args[1:], os.Environ(), os.Stdout, os.Stderr)
		stop()
		os.Exit(code)
	}
	os.Exit(m.Run())
}

// TestGuaranteeDurability (guarantee 1, across a crash): kefu runs as a real process while
// several clients stream messages; it is SIGKILLed mid-stream and restarted on the same data
// dir and database. Every acknowledged message is there with its seq, and seqs are gap-free.
// SQLite runs it twice, through walvfs and with sqlite_walvfs off, since the VFS is on the way
// of every commit to disk.
func TestGuaranteeDurability(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		if db.name != "sqlite" {
			testDurability(t, testConfig(t, db))
			return
		}
		for _, vfs := range []struct {
			name string
			on   bool
		}{{"walvfs", true}, {"default_vfs", false}} {
			t.Run(vfs.name, func(t *testing.T) {
				cfg := testConfig(t, db)
				cfg.SQLiteWALVFS = vfs.on
				testDurability(t, cfg)
			})
		}
	})
}

// testDurability is TestGuaranteeDurability on cfg's database.
func testDurability(t *testing.T, cfg config.Config) {
	o, v, conv := provision(t, cfg)

	p := startServe(t, cfg)
	checkVFSLogged(t, cfg, p)
	var (
		mu    sync.Mutex
		acked []ackedMessage
		wg    sync.WaitGroup
	)
	for i := range 6 {
		wg.Go(func() {
			token, widget := v.Token, true
			if i%2 == 1 {
				token, widget = o.Tokens["agent"], false
			}
			for j := 0; ; j++ {
				a, err := restSend(p.url, token, conv, fmt.Sprintf("w%d-%d", i, j), "must survive", widget)
				if err != nil {
					return // the server is gone
				}
				mu.Lock()
				acked = append(acked, a)
				mu.Unlock()
			}
		})
	}
	waitFor(t, 30*time.Second, "300 acknowledged messages", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(acked) >= 300
	})
	p.kill(t)
	wg.Wait()
	http.DefaultClient.CloseIdleConnections()

	p = startServe(t, cfg)
	dbc := openIndependentDB(t, cfg)
	stored := dbc.messages(t, conv)
	assertGapFree(t, stored)
	seqOf := map[string]int64{}
	for _, m := range stored {
		seqOf[m.ID] = m.Seq
	}
	for _, a := range acked {
		if seq, ok := seqOf[a.ID]; !ok || seq != a.Seq {
			t.Fatalf("acknowledged message %s seq %d: got stored=%v seq %d, want it kept with its seq", a.ID, a.Seq, ok, seq)
		}
	}
	t.Logf("%d acknowledged, %d stored after the crash", len(acked), len(stored))

	// The restarted server carries on from where the store is.
	next, err := restSend(p.url, v.Token, conv, "after-restart", "still here", true)
	if err != nil {
		t.Fatalf("send after restart: %v", err)
	}
	if want := int64(len(stored) + 1); next.Seq != want {
		t.Errorf("first message after restart: got seq %d, want %d", next.Seq, want)
	}
	if code := p.stop(t); code != 0 {
		t.Errorf("kefu serve after SIGTERM: got exit code %d, want 0", code)
	}
}

// checkVFSLogged fails unless the process logged opening SQLite without walvfs exactly when cfg
// turns walvfs off, so a setting lost on the way would not pass for a second walvfs run.
func checkVFSLogged(t *testing.T, cfg config.Config, p *process) {
	t.Helper()
	if cfg.DatabaseURL != "" {
		return
	}
	if logged := strings.Contains(p.tail(), "without walvfs"); logged == cfg.SQLiteWALVFS {
		t.Fatalf("sqlite_walvfs %v: got the default VFS logged %v, want %v:\n%s", cfg.SQLiteWALVFS, logged, !cfg.SQLiteWALVFS, p.tail())
	}
}

// provision creates an organisation, a visitor and a conversation in cfg's data dir and
// database with an in-process server, which it then stops.
func provision(t *testing.T, cfg config.Config) (*org, *visitor, string) {
	t.Helper()
	m := &Main{Config: cfg, Version: "test", PasswordParams: authtest.PasswordParams()}
	if err := m.Run(context.Background()); err != nil {
		m.Close()
		t.Fatalf("start kefu: %v", err)
	}
	s := &testServer{Main: m, t: t}
	o := s.mustSetupOrg("Durable")
	v := s.mustVisitor(o.WidgetKey)
	conv := s.mustStartConversation(v, "hello")
	http.DefaultClient.CloseIdleConnections()
	if err := m.Close(); err != nil {
		t.Fatalf("close kefu: %v", err)
	}
	return o, v, conv
}

// process is `kefu serve` running as a child process.
type process struct {
	cmd    *exec.Cmd
	url    string
	exited chan struct{}
	mu     sync.Mutex
	log    []string // the last lines of its log, for failure messages
}

var listeningRE = regexp.MustCompile(`kefu listening"? addr=(\S+)`)

// startServe runs the test binary as `kefu serve` on port 0 with cfg's data dir, database and
// sqlite_walvfs, and returns once it listens. env is added to the test's environment.
func startServe(t *testing.T, cfg config.Config, env ...string) *process {
	t.Helper()
	args := []string{"serve", "--addr", "127.0.0.1:0", "--data-dir", cfg.DataDir, "--log-format", "text"}
	if cfg.DatabaseURL != "" {
		args = append(args, "--database-url", cfg.DatabaseURL)
	}
	if !cfg.SQLiteWALVFS {
		args = append(args, "--sqlite-walvfs=false")
	}
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(append(os.Environ(), subprocessEnv+"=serve"), env...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start kefu serve: %v", err)
	}
	p := &process{cmd: cmd, exited: make(chan struct{})}
	t.Cleanup(func() { p.kill(t) })
	addr := make(chan string, 1)
	go p.readLog(stderr, addr)
	go func() {
		cmd.Wait()
		close(p.exited)
	}()
	select {
	case a := <-addr:
		p.url = "http://" + a
	case <-p.exited:
		t.Fatalf("kefu serve exited before listening:\n%s", p.tail())
	case <-time.After(30 * time.Second):
		t.Fatalf("kefu serve did not listen within 30s:\n%s", p.tail())
	}
	return p
}

// readLog keeps the child's log and reports the address from its "kefu listening" line.
func (p *process) readLog(r interface{ Read([]byte) (int, error) }, addr chan<- string) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := sc.Text()
		p.mu.Lock()
		p.log = append(p.log[max(0, len(p.log)-50):], line)
		p.mu.Unlock()
		if m := listeningRE.FindStringSubmatch(line); m != nil {
			select {
			case addr <- m[1]:
			default:
			}
		}
	}
}

func (p *process) tail() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return strings.Join(p.log, "\n")
}

// kill SIGKILLs the process, as a crash or power cut would stop it, and waits for it.
func (p *process) kill(t testing.TB) {
	t.Helper()
	select {
	case <-p.exited:
		return
	default:
	}
	_ = p.cmd.Process.Kill()
	<-p.exited
}

// stop sends SIGTERM, waits for a graceful exit and returns the exit code.
func (p *process) stop(t testing.TB) int {
	t.Helper()
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.exited:
	case <-time.After(30 * time.Second):
		t.Fatalf("kefu serve did not stop within 30s of SIGTERM:\n%s", p.tail())
	}
	return p.cmd.ProcessState.ExitCode()
}
