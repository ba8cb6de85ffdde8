// Package kefutest holds the assertions tests of every service make about kefu's errors, so
// each package states what it expects instead of carrying its own copy of the checks.
package kefutest

import (
	"errors"
	"testing"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// Must fails the test at once on an unexpected error.
func Must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
}

// WantCode fails unless err carries code (nil error for code "").
func WantCode(t testing.TB, what string, err error, code kefu.Code) {
	t.Helper()
	switch {
	case code == "" && err != nil:
		t.Errorf("%s: got error %v, want success", what, err)
	case code != "" && err == nil:
		t.Errorf("%s: got success, want %s", what, code)
	case code != "" && kefu.ErrorCode(err) != code:
		t.Errorf("%s: got %v, want code %s", what, err, code)
	}
}

// WantField fails unless err is invalid_input naming field.
func WantField(t testing.TB, what string, err error, field string) {
	t.Helper()
	var e *kefu.Error
	if !errors.As(err, &e) || e.Code != kefu.CodeInvalid || e.Field != field {
		t.Errorf("%s: got %v, want invalid_input on field %q", what, err, field)
	}
}

// AgentActor is a as a signed-in agent.
func AgentActor(a *kefu.Agent) kefu.Actor {
	return kefu.Actor{Kind: kefu.ActorAgent, OrgID: a.OrgID, AgentID: a.ID, Role: a.Role}
}
