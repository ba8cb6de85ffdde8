package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"text/tabwriter"
	"time"
)

// Metric is one figure of a scenario. Check metrics (loss, duplicates, order) decide success;
// target metrics only say whether a performance target was met.
type Metric struct {
	Name   string  `json:"name"`
	Value  float64 `json:"value"`
	Unit   string  `json:"unit"`
	Target string  `json:"target,omitempty"` // e.g. "<= 25"
	Met    *bool   `json:"met,omitempty"`    // nil: no target
	Check  bool    `json:"check,omitempty"`  // a correctness check: a miss fails the run
}

// Result is one scenario's outcome.
type Result struct {
	Scenario string   `json:"scenario"`
	Target   string   `json:"target"` // "kefu (sqlite)", "baseline relay", ...
	Metrics  []Metric `json:"metrics"`
	Notes    []string `json:"notes,omitempty"`
	Err      string   `json:"error,omitempty"`
}

// add appends a metric without a target.
func (r *Result) add(name string, v float64, unit string) {
	r.Metrics = append(r.Metrics, Metric{Name: name, Value: v, Unit: unit})
}

// want appends a metric with a target: le=true means value <= limit passes, else value >= limit.
func (r *Result) want(name string, v float64, unit string, le bool, limit float64) {
	met := v >= limit
	op := ">="
	if le {
		met, op = v <= limit, "<="
	}
	r.Metrics = append(r.Metrics, Metric{Name: name, Value: v, Unit: unit, Target: fmt.Sprintf("%s %g", op, limit), Met: &met})
}

// check appends a correctness figure that must be zero (or, with le=false, at least limit).
func (r *Result) check(name string, v float64, unit string, le bool, limit float64) {
	r.want(name, v, unit, le, limit)
	r.Metrics[len(r.Metrics)-1].Check = true
}

func (r *Result) note(format string, args ...any) {
	r.Notes = append(r.Notes, fmt.Sprintf(format, args...))
}

func (r *Result) summary(prefix string, s Summary, limitP99 float64) {
	r.add(prefix+" n", float64(s.N), "")
	r.add(prefix+" p50", s.P50, "ms")
	r.add(prefix+" p90", s.P90, "ms")
	if limitP99 > 0 {
		r.want(prefix+" p99", s.P99, "ms", true, limitP99)
	} else {
		r.add(prefix+" p99", s.P99, "ms")
	}
	r.add(prefix+" p99.9", s.P999, "ms")
	r.add(prefix+" max", s.Max, "ms")
}

// OK reports whether every correctness check of the result passed and it did not error.
func (r *Result) OK() bool {
	if r.Err != "" {
		return false
	}
	for _, m := range r.Metrics {
		if m.Check && m.Met != nil && !*m.Met {
			return false
		}
	}
	return true
}

// TargetsMet reports whether every performance target of the result was met.
func (r *Result) TargetsMet() bool {
	for _, m := range r.Metrics {
		if m.Met != nil && !*m.Met {
			return false
		}
	}
	return r.Err == ""
}

// Report is a whole run.
type Report struct {
	Started  time.Time `json:"started"`
	Machine  Machine   `json:"machine"`
	Mode     string    `json:"mode"` // "smoke" or "full"
	Database string    `json:"database"`
	Results  []*Result `json:"results"`
	Ratios   []Ratio   `json:"ratios,omitempty"` // kefu ÷ baseline, for scenarios both ran
}

// Machine describes where the run happened.
type Machine struct {
	Cores    int    `json:"cores"`
	MemTotal string `json:"mem_total"`
	Uname    string `json:"uname"`
	Go       string `json:"go"`
}

func thisMachine() Machine {
	m := Machine{Cores: runtime.NumCPU(), Go: runtime.Version()}
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		line, _, _ := strings.Cut(string(b), "\n")
		m.MemTotal = strings.Join(strings.Fields(line)[1:], " ")
	}
	if b, err := os.ReadFile("/proc/version"); err == nil {
		m.Uname = strings.TrimSpace(string(b))
	}
	return m
}

// Pass reports whether no scenario failed a correctness check.
func (rep *Report) Pass() bool {
	for _, r := range rep.Results {
		if !r.OK() {
			return false
		}
	}
	return true
}

func (rep *Report) print(w io.Writer) {
	fmt.Fprintf(w, "kefu-bench %s run, %s, %d cores, %s, %s\n\n", rep.Mode, rep.Database, rep.Machine.Cores, rep.Machine.MemTotal, rep.Machine.Go)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "scenario\ttarget\tmetric\tvalue\tunit\tgoal\tok")
	for _, r := range rep.Results {
		for _, m := range r.Metrics {
			ok := ""
			if m.Met != nil {
				ok = map[bool]string{true: "yes", false: "NO"}[*m.Met]
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.Scenario, r.Target, m.Name, fmtValue(m.Value), m.Unit, m.Target, ok)
		}
		if r.Err != "" {
			fmt.Fprintf(tw, "%s\t%s\terror\t%s\t\t\tNO\n", r.Scenario, r.Target, r.Err)
		}
	}
	tw.Flush()
	printRatios(w, rep.Ratios)
	for _, r := range rep.Results {
		for _, n := range r.Notes {
			fmt.Fprintf(w, "note (%s): %s\n", r.Scenario, n)
		}
	}
}

func fmtValue(v float64) string {
	if v == float64(int64(v)) {
		return fmt.Sprintf("%d", int64(v))
	}
	return fmt.Sprintf("%.2f", v)
}

func (rep *Report) writeJSON(path string) error {
	b, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}
