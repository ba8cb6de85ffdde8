package wecom

import (
	"context"
	"strings"

	"github.com/kefu-dev/kefu/internal/jobs"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// event acts on a system event. Nothing here fails the pull: an event is advice, and a
// welcome message whose 20 seconds passed cannot be sent by retrying.
func (a *Adapter) event(ctx context.Context, inbox *kefu.Inbox, m *kfMessage) {
	switch e := m.Event; e.EventType {
	case eventEnterSession:
		a.welcome(ctx, inbox, e)
	case eventMsgSendFail:
		a.sendFailed(ctx, inbox, e)
	}
	// Session and servicer status changes are WeCom's own bookkeeping; kefu's conversation
	// state is kefu's, so they are not mirrored back.
}

// welcome sends the inbox's greeting with the event's welcome_code (send_msg_on_event), right
// away: the code is valid for 20 seconds, which is why the sync job does it and no later job.
func (a *Adapter) welcome(ctx context.Context, inbox *kefu.Inbox, e *kfEvent) {
	greeting := strings.TrimSpace(inbox.Greeting)
	if e.WelcomeCode == "" || greeting == "" {
		return
	}
	if err := a.api.sendOnEvent(ctx, accountOf(inbox), e.WelcomeCode, jobs.Truncate(greeting, maxTextBytes)); err != nil {
		a.log.WarnContext(ctx, "wecom: welcome message not sent", "inbox_id", inbox.ID, "err", err)
	}
}

// sendFailed logs WeCom's report that a message did not reach the customer. kefu sends its
// message id (without dashes) as the msgid, so a failure of one of kefu's replies names it.
func (a *Adapter) sendFailed(ctx context.Context, inbox *kefu.Inbox, e *kfEvent) {
	args := []any{"inbox_id", inbox.ID, "fail_msgid", e.FailMsgID, "fail_type", e.FailType}
	if id, ok := messageIDOf(e.FailMsgID); ok {
		args = append(args, "kefu_message_id", id)
	}
	a.log.WarnContext(ctx, "wecom: a message did not reach the customer", args...)
}
