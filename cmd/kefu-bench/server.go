package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// serverProc is the kefu under test: one we spawned (and can restart), or one found by its port.
type serverProc struct {
	path    string // spawned binary; "" = not ours
	args    []string
	env     []string
	addr    string // host:port
	logPath string
	cmd     *exec.Cmd
	exited  chan struct{}
	pid     int
	restart string // --restart-cmd
}

var listenRE = regexp.MustCompile(`(?:kefu|relay) listening.*?addr=("?)([^" ]+)`)

// spawnServer starts path with args and waits for its "listening addr=" log line.
func spawnServer(ctx context.Context, path string, args, env []string, logPath string) (*serverProc, error) {
	p := &serverProc{path: path, args: args, env: env, logPath: logPath}
	return p, p.start(ctx)
}

func (p *serverProc) start(ctx context.Context) error {
	cmd := exec.Command(p.path, p.args...)
	cmd.Env = append(os.Environ(), p.env...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	cmd.Stderr = cmd.Stdout
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start %s: %w", p.path, err)
	}
	p.cmd, p.pid, p.exited = cmd, cmd.Process.Pid, make(chan struct{})
	go func() { _ = cmd.Wait(); close(p.exited) }()
	found := make(chan string, 1)
	go p.pump(out, found)
	select {
	case addr := <-found:
		p.addr = addr
		return nil
	case <-p.exited:
		return fmt.Errorf("%s exited before listening; see %s", p.path, p.logPath)
	case <-time.After(60 * time.Second):
		p.kill()
		return fmt.Errorf("%s did not log its listening address within 60s; see %s", p.path, p.logPath)
	case <-ctx.Done():
		p.kill()
		return ctx.Err()
	}
}

// pump copies the child's log to logPath and reports the first listening address.
func (p *serverProc) pump(r io.Reader, found chan<- string) {
	var w io.Writer = io.Discard
	if f, err := os.OpenFile(p.logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644); err == nil {
		defer f.Close()
		w = f
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	sent := false
	for sc.Scan() {
		line := sc.Text()
		fmt.Fprintln(w, line)
		if m := listenRE.FindStringSubmatch(line); m != nil && !sent {
			found <- m[2]
			sent = true
		}
	}
}

// stop ends the server with SIGTERM (graceful) and waits, killing it after timeout.
func (p *serverProc) stop(timeout time.Duration) {
	if p.cmd == nil {
		return
	}
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.exited:
	case <-time.After(timeout):
		p.kill()
	}
}

func (p *serverProc) kill() {
	if p.cmd != nil {
		_ = p.cmd.Process.Kill()
		<-p.exited
	}
}

// restartServer stops and starts the server on the same address: ours directly, another one
// with --restart-cmd. It returns when the new process listens (ours) or the command returned.
func (p *serverProc) restartServer(ctx context.Context) error {
	if p.path == "" {
		if p.restart == "" {
			return fmt.Errorf("reconnect needs --spawn or --restart-cmd")
		}
		out, err := exec.CommandContext(ctx, "sh", "-c", p.restart).CombinedOutput()
		if err != nil {
			return fmt.Errorf("restart-cmd: %v: %s", err, out)
		}
		p.pid = 0
		return nil
	}
	p.stop(30 * time.Second)
	p.args = withAddr(p.args, p.addr)
	return p.start(ctx)
}

// withAddr replaces the --addr argument so a restarted server keeps its port.
func withAddr(args []string, addr string) []string {
	out := make([]string, 0, len(args)+2)
	for i := 0; i < len(args); i++ {
		if args[i] == "--addr" && i+1 < len(args) {
			i++
			continue
		}
		out = append(out, args[i])
	}
	return append(out, "--addr", addr)
}

// procStats reads a process's resident memory and its CPU time so far.
type procStats struct {
	RSSKiB int64
	CPU    time.Duration // utime + stime
}

func readProc(pid int) (procStats, error) {
	var st procStats
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return st, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			st.RSSKiB, _ = strconv.ParseInt(strings.Fields(v)[0], 10, 64)
		}
	}
	b, err = os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return st, err
	}
	// Fields after the parenthesised command name; utime and stime are fields 14 and 15.
	rest := string(b[strings.LastIndexByte(string(b), ')')+2:])
	f := strings.Fields(rest)
	ut, _ := strconv.ParseInt(f[11], 10, 64)
	stt, _ := strconv.ParseInt(f[12], 10, 64)
	st.CPU = time.Duration(ut+stt) * time.Second / clockTicks
	return st, nil
}

// clockTicks is USER_HZ, 100 on every Linux we run on.
const clockTicks = 100

// pidListening finds the process with a listening TCP socket on the port of rawURL.
func pidListening(rawURL string) (int, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return 0, err
	}
	port, err := strconv.Atoi(u.Port())
	if err != nil {
		return 0, fmt.Errorf("no port in %s", rawURL)
	}
	inodes := map[string]bool{}
	for _, f := range []string{"/proc/net/tcp", "/proc/net/tcp6"} {
		b, _ := os.ReadFile(f)
		for _, line := range strings.Split(string(b), "\n")[1:] {
			fs := strings.Fields(line)
			if len(fs) < 10 || fs[3] != "0A" {
				continue
			}
			_, hexPort, _ := strings.Cut(fs[1], ":")
			if p, _ := strconv.ParseInt(hexPort, 16, 32); int(p) == port {
				inodes["socket:["+fs[9]+"]"] = true
			}
		}
	}
	fds, _ := filepath.Glob("/proc/[0-9]*/fd/*")
	for _, fd := range fds {
		if target, err := os.Readlink(fd); err == nil && inodes[target] {
			return strconv.Atoi(strings.Split(fd, "/")[2])
		}
	}
	return 0, fmt.Errorf("no process of ours listens on port %d; give --server-pid", port)
}
