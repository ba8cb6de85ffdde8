package main

import (
	"github.com/kefu-dev/kefu/internal/conversation"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// lateAgentView lets the hub, built before the conversation service that presences need it,
// mask agents' events with that service once it exists (wire sets convs before serving).
type lateAgentView struct{ convs *conversation.Service }

// MaskEventForAgents implements realtime.AgentView.
func (v *lateAgentView) MaskEventForAgents(ev *kefu.Event) *kefu.Event {
	if v.convs == nil {
		return ev
	}
	return v.convs.MaskEventForAgents(ev)
}
