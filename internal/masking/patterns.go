package masking

import (
	"context"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/pii"
)

// MaxTestText bounds the text of a pattern test.
const MaxTestText = kefu.MaxContentBytes

// Patterns returns the organisation's own PII patterns; every agent may read them, since they
// explain what agents see masked.
func (s *Service) Patterns(ctx context.Context, actor kefu.Actor) ([]pii.PatternSpec, error) {
	if !actor.IsAgent() || actor.OrgID == "" {
		return nil, kefu.ErrNotFound
	}
	return s.store.GetPIIPatterns(ctx, actor.OrgID)
}

// SetPatterns validates and replaces the organisation's own PII patterns (settings.manage).
func (s *Service) SetPatterns(ctx context.Context, actor kefu.Actor, specs []pii.PatternSpec) ([]pii.PatternSpec, error) {
	if err := mayManage(actor); err != nil {
		return nil, err
	}
	if _, err := compileSpecs(specs); err != nil {
		return nil, err
	}
	if err := s.store.SetPIIPatterns(ctx, actor.OrgID, specs); err != nil {
		return nil, err
	}
	s.Invalidate(actor.OrgID)
	s.log.InfoContext(ctx, "pii patterns set", "org_id", actor.OrgID, "count", len(specs), "by", actor.AgentID)
	return specs, nil
}

// TestResult is what masking a sample text found.
type TestResult struct {
	Masked  string      `json:"masked" doc:"The text as agents would see it"`
	Matches []pii.Match `json:"matches" doc:"What was found, by byte range"`
}

// Test masks text with the built-in detectors and the given patterns, saved or not, so an
// admin can try patterns before saving them (settings.manage). Nothing is stored or logged.
func (s *Service) Test(ctx context.Context, actor kefu.Actor, text string, specs []pii.PatternSpec) (*TestResult, error) {
	if err := mayManage(actor); err != nil {
		return nil, err
	}
	if len(text) > MaxTestText {
		return nil, kefu.Errorf(kefu.CodeTooLarge, "text is over %d bytes", MaxTestText)
	}
	patterns, err := compileSpecs(specs)
	if err != nil {
		return nil, err
	}
	ms := pii.NewScanner(patterns).Find(text)
	return &TestResult{Masked: pii.Apply(text, ms), Matches: append([]pii.Match{}, ms...)}, nil
}

func mayManage(actor kefu.Actor) error {
	if !actor.IsAgent() || actor.OrgID == "" {
		return kefu.ErrNotFound
	}
	if !actor.Has(kefu.PermSettingsManage) {
		return kefu.Errorf(kefu.CodeForbidden, "managing PII patterns needs the settings.manage permission")
	}
	return nil
}

// compileSpecs compiles specs, answering a field error naming the bad one.
func compileSpecs(specs []pii.PatternSpec) ([]pii.Pattern, error) {
	patterns, err := pii.CompileAll(specs)
	if err != nil {
		return nil, kefu.FieldError("patterns", "%v", err)
	}
	return patterns, nil
}
