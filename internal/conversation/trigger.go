package conversation

import (
	"context"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// triggerLead returns the messages a conversation the visitor starts by answering a proactive
// message begins with: that message, from the inbox (or the agent the trigger names) as a bot,
// since no human wrote it; then the agents' note of which trigger it was. None without a
// trigger. A trigger the visitor's inbox does not have is refused, so a visitor cannot make
// another inbox's words appear as the team's.
func (s *Service) triggerLead(ctx context.Context, actor kefu.Actor, triggerID, locale string) ([]*kefu.Message, error) {
	if triggerID == "" {
		return nil, nil
	}
	inbox, err := s.store.GetInbox(ctx, actor.OrgID, actor.InboxID)
	if err != nil {
		return nil, err
	}
	t := inbox.Widget.TriggerByID(triggerID)
	if t == nil {
		return nil, kefu.FieldError("trigger_id", "this inbox has no proactive message with that id")
	}
	said := &kefu.Message{
		OrgID: actor.OrgID, SenderType: kefu.SenderBot, SenderName: triggerSender(inbox, t),
		Kind: kefu.KindText, Content: t.Message.For(locale),
	}
	note := activity{Action: "proactive_trigger", TriggerID: t.ID, TriggerName: t.Name}.message(&kefu.Conversation{OrgID: actor.OrgID})
	return []*kefu.Message{said, note}, nil
}

// triggerSender is the name the proactive message is shown under.
func triggerSender(inbox *kefu.Inbox, t *kefu.Trigger) string {
	if t.SenderName != "" {
		return t.SenderName
	}
	return inbox.Name
}
