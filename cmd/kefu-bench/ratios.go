package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// baselineTarget is the Target of a result measured against the relay.
const baselineTarget = "baseline relay"

// Ratio is a figure of kefu divided by the same figure of the baseline relay in the same run.
// Absolute figures move with the machine; these ratios are what stays comparable across them.
type Ratio struct {
	Scenario string  `json:"scenario"`
	Metric   string  `json:"metric"`
	Kefu     float64 `json:"kefu"`
	Baseline float64 `json:"baseline"`
	Ratio    float64 `json:"ratio"`
}

// ratioMetric reports whether a metric is compared with the baseline: the latencies (p50 and
// p99) and the server CPU per message, for max at every step both ran.
func ratioMetric(name string) bool {
	return strings.HasSuffix(name, " p50") || strings.HasSuffix(name, " p99") || strings.Contains(name, "CPU per 1,000")
}

// ratios pairs each kefu result with the baseline result of the same scenario and divides every
// compared metric the two have, where the baseline's figure is above zero.
func ratios(results []*Result) []Ratio {
	base := map[string]map[string]float64{}
	for _, r := range results {
		if r.Target != baselineTarget {
			continue
		}
		base[r.Scenario] = map[string]float64{}
		for _, m := range r.Metrics {
			base[r.Scenario][m.Name] = m.Value
		}
	}
	var out []Ratio
	for _, r := range results {
		if r.Target == baselineTarget || base[r.Scenario] == nil {
			continue
		}
		for _, m := range r.Metrics {
			b, ok := base[r.Scenario][m.Name]
			if ok && b > 0 && ratioMetric(m.Name) {
				out = append(out, Ratio{Scenario: r.Scenario, Metric: m.Name, Kefu: m.Value, Baseline: b, Ratio: m.Value / b})
			}
		}
	}
	return out
}

// printRatios writes the ratios as a table of their own after the results.
func printRatios(w io.Writer, rs []Ratio) {
	if len(rs) == 0 {
		return
	}
	fmt.Fprintln(w, "\nkefu ÷ baseline relay, same run:")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "scenario\tmetric\tkefu\tbaseline\tratio")
	for _, r := range rs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%.1f×\n", r.Scenario, r.Metric, fmtValue(r.Kefu), fmtValue(r.Baseline), r.Ratio)
	}
	tw.Flush()
}
