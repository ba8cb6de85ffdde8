package admin

import (
	"context"
	"errors"
	"fmt"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// cleanTriggers validates an inbox's proactive messages, gives new ones an id and records the
// name of each one's chosen sender, so the widget can show it before any conversation exists.
func (s *Service) cleanTriggers(ctx context.Context, orgID string, ts []kefu.Trigger) ([]kefu.Trigger, error) {
	if err := kefu.CheckTriggers(ts); err != nil {
		return nil, err
	}
	out := make([]kefu.Trigger, len(ts))
	for i, t := range ts {
		if t.ID == "" {
			t.ID = newID()
		}
		name, err := s.triggerSenderName(ctx, orgID, t.SenderAgentID)
		if errors.Is(err, kefu.ErrNotFound) {
			return nil, kefu.FieldError(fmt.Sprintf("widget.triggers[%d].sender_agent_id", i), "no agent of this organisation has that id")
		}
		if err != nil {
			return nil, err
		}
		t.SenderName = name
		out[i] = t
	}
	return out, nil
}

// triggerSenderName is the chosen agent's name, "" when none is chosen (the inbox speaks).
func (s *Service) triggerSenderName(ctx context.Context, orgID, agentID string) (string, error) {
	if agentID == "" {
		return "", nil
	}
	a, err := s.store.GetAgent(ctx, orgID, agentID)
	if err != nil {
		return "", err
	}
	return a.Name, nil
}
