package main

import (
	"flag"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// allScenarios in the order they run; reconnect restarts the server, so it runs late.
var allScenarios = []string{"idle", "chat", "baseline", "max", "baseline-max", "burst", "history", "reconnect"}

// Config is everything a bench run needs; flags fill it, tests build it directly.
type Config struct {
	URL         string // base URL of a running kefu, e.g. http://127.0.0.1:8080
	Spawn       string // path to a kefu binary to start (and restart) ourselves
	DataDir     string // --data-dir of the spawned server
	DatabaseURL string // KEFU_DATABASE_URL of the spawned server ("" = SQLite)
	ServerPID   int    // the server's pid for /proc figures; 0 = spawned or found by port
	RestartCmd  string // shell command that restarts a server we did not spawn
	Email       string // sign in with these instead of running first-run setup
	Password    string
	JSON        string // also write the report here
	CPUProfile  string // the bench's own CPU profile: is the load generator the bottleneck?
	Scenarios   []string
	Smoke       bool
	FailOnMiss  bool // exit 1 when a target is missed, not only when a check fails

	IdleConns int
	IdleHold  time.Duration

	ChatVisitors int
	ChatInterval time.Duration // each visitor sends one message per interval
	ChatAgents   int
	ChatDuration time.Duration
	RelayAddr    string // baseline: an already running relay; "" = start one
	RelayInProc  bool   // baseline: run the relay inside this process (tests)

	MaxRates   []int // offered msg/s steps
	MaxStep    time.Duration
	MaxSenders int

	BurstRate     int // new visitors per second
	BurstDuration time.Duration
	BurstAgents   int
	BurstViews    []string // the agents' hello views; none: the hello of a client from before views

	ReconnectConns int

	Seed          int // history: messages to add before measuring
	SeedConvs     int // history: conversations the seed is spread over
	HistoryFetch  int // history: last-50 fetches to time
	AgentCapacity int
}

// defaults are the full-size run of docs/performance.md.
func defaults() Config {
	return Config{
		Scenarios: allScenarios, IdleConns: 15000, IdleHold: 20 * time.Second,
		ChatVisitors: 10000, ChatInterval: 20 * time.Second, ChatAgents: 40, ChatDuration: 60 * time.Second,
		MaxRates: []int{1000, 2000, 3000, 4000, 5000, 6000, 8000}, MaxStep: 10 * time.Second, MaxSenders: 1000,
		BurstRate: 1000, BurstDuration: 10 * time.Second, BurstAgents: 200, BurstViews: []string{"mine"},
		ReconnectConns: 15000, Seed: 0, SeedConvs: 500, HistoryFetch: 2000, AgentCapacity: 1000,
	}
}

// smokeConfig shrinks every scenario so that all of them finish within a minute.
func smokeConfig(c Config) Config {
	c.Smoke = true
	c.IdleConns, c.IdleHold = 50, time.Second
	c.ChatVisitors, c.ChatInterval, c.ChatAgents, c.ChatDuration = 30, time.Second, 3, 3*time.Second
	c.MaxRates, c.MaxStep, c.MaxSenders = []int{50, 100}, 2*time.Second, 20
	c.BurstRate, c.BurstDuration, c.BurstAgents = 20, 2*time.Second, 3
	c.ReconnectConns = 50
	c.Seed, c.SeedConvs, c.HistoryFetch = 200, 4, 50
	return c
}

func parseConfig(args []string) (Config, error) {
	c := defaults()
	fs := flag.NewFlagSet("kefu-bench", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: kefu-bench [flags] [scenario ...]\n  scenarios: %s (default: all)\n  kefu-bench relay --addr A  serves the baseline relay alone\n", strings.Join(allScenarios, " "))
		fs.PrintDefaults()
	}
	smoke := fs.Bool("smoke", false, "tiny sizes: every scenario briefly, under a minute in total")
	rates := fs.String("max-rates", "", "comma-separated offered msg/s steps for max")
	views := fs.String("burst-views", "mine", "burst: the agents' hello views, comma-separated, as the workspace sends them; empty = a hello without views (every event; servers from before views)")
	fs.StringVar(&c.URL, "url", "", "base URL of a running kefu (with --spawn: ignored)")
	fs.StringVar(&c.Spawn, "spawn", "", "path to a kefu binary to start, and restart for reconnect")
	fs.StringVar(&c.DataDir, "data-dir", "", "--data-dir of the spawned server (default: a temp dir)")
	fs.StringVar(&c.DatabaseURL, "database-url", "", "KEFU_DATABASE_URL of the spawned server")
	fs.IntVar(&c.ServerPID, "server-pid", 0, "the server's pid (default: spawned, or the process listening on the port)")
	fs.StringVar(&c.RestartCmd, "restart-cmd", "", "shell command that restarts a server this bench did not spawn")
	fs.StringVar(&c.Email, "email", "", "sign in as this owner/admin instead of first-run setup")
	fs.StringVar(&c.Password, "password", "", "password for --email")
	fs.StringVar(&c.JSON, "json", "", "also write the report as JSON to this file")
	fs.StringVar(&c.CPUProfile, "cpuprofile", "", "write the load generator's own CPU profile to this file")
	fs.BoolVar(&c.FailOnMiss, "fail-on-miss", false, "exit 1 when a performance target is missed")
	fs.IntVar(&c.IdleConns, "idle-conns", c.IdleConns, "idle: visitor connections")
	fs.DurationVar(&c.IdleHold, "idle-hold", c.IdleHold, "idle: how long to hold them for the CPU figure")
	fs.IntVar(&c.ChatVisitors, "chat-visitors", c.ChatVisitors, "chat: visitors")
	fs.DurationVar(&c.ChatInterval, "chat-interval", c.ChatInterval, "chat: each visitor sends one message per interval")
	fs.IntVar(&c.ChatAgents, "chat-agents", c.ChatAgents, "chat: agents replying (each reply counts against its 20/s limit)")
	fs.DurationVar(&c.ChatDuration, "chat-duration", c.ChatDuration, "chat: how long visitors send")
	fs.StringVar(&c.RelayAddr, "relay-addr", "", "baseline: address of a running relay (default: start one)")
	fs.DurationVar(&c.MaxStep, "max-step", c.MaxStep, "max: duration of each rate step")
	fs.IntVar(&c.MaxSenders, "max-senders", c.MaxSenders, "max: visitor connections sending")
	fs.IntVar(&c.BurstRate, "burst-rate", c.BurstRate, "burst: new visitors per second, each doing the widget's start-up: session, socket, first message")
	fs.DurationVar(&c.BurstDuration, "burst-duration", c.BurstDuration, "burst: how long visitors keep arriving")
	fs.IntVar(&c.BurstAgents, "burst-agents", c.BurstAgents, "burst: agents online and connected, capacity 1000 each")
	fs.IntVar(&c.ReconnectConns, "reconnect-conns", c.ReconnectConns, "reconnect: visitor connections")
	fs.IntVar(&c.Seed, "seed", c.Seed, "history: messages to add over the API before measuring")
	fs.IntVar(&c.SeedConvs, "seed-convs", c.SeedConvs, "history: conversations the seed is spread over")
	fs.IntVar(&c.HistoryFetch, "history-fetches", c.HistoryFetch, "history: last-50 fetches to time")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if *smoke {
		c = smokeConfig(c)
	}
	if *rates != "" {
		c.MaxRates = nil
		for _, s := range strings.Split(*rates, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(s))
			if err != nil || n <= 0 {
				return c, fmt.Errorf("--max-rates: %q is not a positive integer", s)
			}
			c.MaxRates = append(c.MaxRates, n)
		}
	}
	c.BurstViews = nil
	for _, v := range strings.Split(*views, ",") {
		if v = strings.TrimSpace(v); v != "" {
			c.BurstViews = append(c.BurstViews, v)
		}
	}
	if fs.NArg() > 0 {
		c.Scenarios = fs.Args()
	}
	for _, s := range c.Scenarios {
		if !slices.Contains(allScenarios, s) {
			return c, fmt.Errorf("unknown scenario %q (have %s)", s, strings.Join(allScenarios, ", "))
		}
	}
	if c.Spawn == "" && c.URL == "" && !onlyBaseline(c.Scenarios) {
		return c, fmt.Errorf("give --url of a running kefu or --spawn path/to/kefu")
	}
	return c, nil
}

func onlyBaseline(s []string) bool {
	for _, name := range s {
		if _, ok := baselineOf(name); !ok {
			return false
		}
	}
	return len(s) > 0
}

// baselineOf returns the scenario a baseline scenario runs against the relay: "chat" for
// "baseline", "max" for "baseline-max".
func baselineOf(name string) (string, bool) {
	switch name {
	case "baseline":
		return "chat", true
	case "baseline-max":
		return "max", true
	}
	return "", false
}
