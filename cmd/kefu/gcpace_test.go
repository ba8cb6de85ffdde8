package main

import (
	"regexp"
	"strconv"
	"testing"
	"time"
)

var gogcMetricRE = regexp.MustCompile(`(?m)^go_gc_gogc_percent (\S+)$`)

// scrapeGOGC reads the GOGC percentage a running server reports on /metrics.
func scrapeGOGC(t *testing.T, p *process) float64 {
	t.Helper()
	res, err := tryDo(p.url, "GET", "/metrics", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	body := res.Body
	m := gogcMetricRE.FindSubmatch(body)
	if m == nil {
		t.Fatalf("/metrics has no go_gc_gogc_percent:\n%s", body)
	}
	v, err := strconv.ParseFloat(string(m[1]), 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestServePacesTheCollector: `kefu serve`, whose heap starts far below the pacer's headroom,
// raises GOGC above the default; an operator's own GOGC is left as it is.
func TestServePacesTheCollector(t *testing.T) {
	db := databases()[0]
	// "GOGC=" overrides any GOGC the test runs under: empty means unset to the runtime and kefu.
	// The pacer sizes GOGC once startup's garbage is collected, just after the server listens.
	p := startServe(t, testConfig(t, db), "GOGC=")
	var got float64
	waitFor(t, 5*time.Second, "GOGC raised above 100", func() bool {
		got = scrapeGOGC(t, p)
		return got > 100
	})
	if got := scrapeGOGC(t, startServe(t, testConfig(t, db), "GOGC=100")); got != 100 {
		t.Errorf("kefu serve with GOGC=100 runs at GOGC %v, want the operator's 100", got)
	}
}
