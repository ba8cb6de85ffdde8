package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/kefu-dev/kefu/internal/bot"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// botCmd is `kefu bot`: offline tools for the knowledge-base bot.
func botCmd(stdout io.Writer) *cobra.Command {
	cmd := &cobra.Command{Use: "bot", Short: "Knowledge-base bot tools"}
	cmd.AddCommand(botEvalCmd(stdout))
	return cmd
}

// botEvalCmd runs the shipped answering pipeline (retrieval in process, no model, no
// network) on a labelled question set and prints its accuracy and latency.
func botEvalCmd(stdout io.Writer) *cobra.Command {
	var kbPath, qPath string
	var asJSON bool
	var cfg bot.Config
	cmd := &cobra.Command{
		Use:   "eval",
		Short: "Measure the bot on a knowledge base (KB.json) and labelled questions (Q.jsonl)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := validThresholds(cfg); err != nil {
				return err
			}
			r, err := runBotEval(kbPath, qPath, cfg)
			if err != nil {
				return err
			}
			return printBotEval(stdout, r, asJSON)
		},
	}
	cmd.Flags().StringVar(&kbPath, "kb", "", "knowledge base: a JSON array of articles")
	cmd.Flags().StringVar(&qPath, "questions", "", "questions: one {\"question\", \"expected\"} JSON object per line")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the report as JSON")
	cmd.Flags().Float64Var(&cfg.AnswerThreshold, "answer-threshold", bot.DefaultAnswerThreshold, "confidence (0..1) at or above which the bot answers directly")
	cmd.Flags().Float64Var(&cfg.SuggestThreshold, "suggest-threshold", bot.DefaultSuggestThreshold, "confidence (0..1) at or above which the bot suggests articles; below it, it asks again and then hands over")
	_ = cmd.MarkFlagRequired("kb")
	_ = cmd.MarkFlagRequired("questions")
	return cmd
}

// validThresholds refuses thresholds outside 0..1 and a suggest threshold above the answer one.
func validThresholds(cfg bot.Config) error {
	switch {
	case cfg.AnswerThreshold <= 0 || cfg.AnswerThreshold > 1:
		return kefu.FieldError("answer-threshold", "--answer-threshold %v is not in (0, 1]", cfg.AnswerThreshold)
	case cfg.SuggestThreshold <= 0 || cfg.SuggestThreshold > 1:
		return kefu.FieldError("suggest-threshold", "--suggest-threshold %v is not in (0, 1]", cfg.SuggestThreshold)
	case cfg.SuggestThreshold > cfg.AnswerThreshold:
		return kefu.FieldError("suggest-threshold", "--suggest-threshold %v is above --answer-threshold %v", cfg.SuggestThreshold, cfg.AnswerThreshold)
	}
	return nil
}

func runBotEval(kbPath, qPath string, cfg bot.Config) (bot.Report, error) {
	arts, err := readWith(kbPath, bot.ReadKB)
	if err != nil {
		return bot.Report{}, err
	}
	qs, err := readWith(qPath, bot.ReadQuestions)
	if err != nil {
		return bot.Report{}, err
	}
	if err := bot.CheckExpected(arts, qs); err != nil {
		return bot.Report{}, fmt.Errorf("%s: %w", qPath, err)
	}
	return bot.Evaluate(bot.NewIndex(arts), qs, cfg), nil
}

// readWith opens path and parses it with read, naming the file in any error.
func readWith[T any](path string, read func(io.Reader) (T, error)) (T, error) {
	var zero T
	f, err := os.Open(path)
	if err != nil {
		return zero, err
	}
	defer f.Close()
	v, err := read(f)
	if err != nil {
		return zero, fmt.Errorf("%s: %w", path, err)
	}
	return v, nil
}

func printBotEval(w io.Writer, r bot.Report, asJSON bool) error {
	if asJSON {
		r.Misses = nil
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(r)
	}
	fmt.Fprintf(w, "questions          %d (articles %d)\n", r.Questions, r.Articles)
	fmt.Fprintf(w, "top-1 accuracy     %.1f%%\n", 100*r.Top1)
	fmt.Fprintf(w, "top-3 accuracy     %.1f%%\n", 100*r.Top3)
	fmt.Fprintf(w, "hand-off precision %.1f%%\n", 100*r.HandoffPrecision)
	fmt.Fprintf(w, "hand-off recall    %.1f%%\n", 100*r.HandoffRecall)
	fmt.Fprintf(w, "latency p50        %v\n", r.LatencyP50)
	fmt.Fprintf(w, "latency p99        %v\n", r.LatencyP99)
	fmt.Fprintf(w, "answered directly  %.1f%% (right %.1f%%)\n", 100*r.Answered, 100*r.AnswerAccuracy)
	return nil
}
