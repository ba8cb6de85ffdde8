package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A tiny knowledge base written for this test; the labelled sets are tested in internal/bot.
const tinyKB = `[
 {"id": "returns", "title": "如何退货", "body": "签收七天内在订单页申请退货。", "questions": ["怎么退货", "衣服不合适能退吗"], "locale": "zh-CN", "category": "售后"},
 {"id": "invoice", "title": "开发票", "body": "在订单详情申请电子发票。", "questions": ["怎么开发票"], "locale": "zh-CN", "category": "发票"},
 {"id": "track", "title": "Track your order", "body": "Use the tracking number in the shipping email.", "questions": ["where is my package"], "locale": "en", "category": "shipping"}
]`

const tinyQuestions = `{"question": "咋退货", "expected": "returns"}
{"question": "我要开发票", "expected": "invoice"}
{"question": "wheres my pakage", "expected": "track"}
{"question": "转人工", "expected": "handoff"}
{"question": "THIS IS RIDICULOUS", "expected": "handoff"}
{"question": "发票", "expected": "returns"}
`

func writeTemp(t *testing.T, name, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func runBotCLI(t *testing.T, args ...string) (int, string) {
	t.Helper()
	var out bytes.Buffer
	code := execute(context.Background(), args, nil, &out, &out)
	return code, out.String()
}

func TestBotEvalReportsTheFigures(t *testing.T) {
	kb, qs := writeTemp(t, "kb.json", tinyKB), writeTemp(t, "q.jsonl", tinyQuestions)
	code, out := runBotCLI(t, "bot", "eval", "--kb", kb, "--questions", qs, "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, out)
	}
	var r struct {
		Questions        int
		Top1, Top3       float64
		HandoffPrecision float64 `json:"handoff_precision"`
		HandoffRecall    float64 `json:"handoff_recall"`
		LatencyP99       int64   `json:"latency_p99_ns"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	// Five of six are right: the last question is labelled with the wrong article on purpose.
	if r.Questions != 6 || r.Top1 != 5.0/6 || r.HandoffRecall != 1 || r.HandoffPrecision != 1 || r.LatencyP99 <= 0 {
		t.Errorf("report = %+v", r)
	}
	code, out = runBotCLI(t, "bot", "eval", "--kb", kb, "--questions", qs)
	if code != 0 || !strings.Contains(out, "top-1 accuracy     83.3%") || !strings.Contains(out, "latency p99") {
		t.Errorf("text report (exit %d):\n%s", code, out)
	}
}

func TestBotEvalRejectsBadFiles(t *testing.T) {
	kb := writeTemp(t, "kb.json", tinyKB)
	cases := map[string][2]string{
		"bad json line":    {kb, writeTemp(t, "q.jsonl", "{\"question\": \"a\", \"expected\": \"returns\"}\n\nnot json\n")},
		"missing expected": {kb, writeTemp(t, "q.jsonl", `{"question": "a"}`)},
		"unknown article":  {kb, writeTemp(t, "q.jsonl", `{"question": "a", "expected": "nope"}`)},
		"duplicate id":     {writeTemp(t, "kb.json", `[{"id":"a","title":"t","locale":"en"},{"id":"a","title":"t","locale":"en"}]`), writeTemp(t, "q.jsonl", "")},
		"bad locale":       {writeTemp(t, "kb.json", `[{"id":"a","title":"t","locale":"fr"}]`), writeTemp(t, "q.jsonl", "")},
		"missing file":     {filepath.Join(t.TempDir(), "none.json"), writeTemp(t, "q.jsonl", "")},
	}
	want := map[string]string{
		"bad json line": "line 3", "missing expected": "line 1", "unknown article": `"nope"`,
		"duplicate id": "appears twice", "bad locale": `"fr"`, "missing file": "none.json",
	}
	for name, files := range cases {
		code, out := runBotCLI(t, "bot", "eval", "--kb", files[0], "--questions", files[1])
		if code == 0 || !strings.Contains(out, want[name]) {
			t.Errorf("%s: exit %d, output %q lacks %q", name, code, out, want[name])
		}
	}
	if code, out := runBotCLI(t, "bot", "eval", "--kb", kb); code == 0 || !strings.Contains(out, "questions") {
		t.Errorf("without --questions: exit %d %q", code, out)
	}
}

// The thresholds move the figures: a suggest threshold of 1 sends every question that does not
// match an article fully to a person; thresholds outside 0..1 are refused with the flag named.
func TestBotEvalThresholdFlags(t *testing.T) {
	kb, qs := writeTemp(t, "kb.json", tinyKB), writeTemp(t, "q.jsonl", tinyQuestions)
	code, out := runBotCLI(t, "bot", "eval", "--kb", kb, "--questions", qs, "--json", "--answer-threshold", "1", "--suggest-threshold", "1")
	var r struct {
		HandoffPrecision float64 `json:"handoff_precision"`
	}
	if err := json.Unmarshal([]byte(out), &r); code != 0 || err != nil {
		t.Fatalf("exit %d, %v: %s", code, err, out)
	}
	if r.HandoffPrecision >= 1 {
		t.Errorf("with both thresholds at 1: %+v, want wrong hand-overs", r)
	}
	if _, out := runBotCLI(t, "bot", "eval", "--kb", kb, "--questions", qs); !strings.Contains(out, "answered directly") {
		t.Errorf("text report lacks the direct answers:\n%s", out)
	}
	for _, args := range [][]string{{"--answer-threshold", "1.5"}, {"--suggest-threshold", "0"}, {"--answer-threshold", "0.3", "--suggest-threshold", "0.5"}} {
		code, out := runBotCLI(t, append([]string{"bot", "eval", "--kb", kb, "--questions", qs}, args...)...)
		if code == 0 || !strings.Contains(out, strings.TrimPrefix(args[len(args)-2], "--")) {
			t.Errorf("%v: exit %d %q", args, code, out)
		}
	}
}
