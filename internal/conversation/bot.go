package conversation

import (
	"context"
	"slices"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// The router's side of the knowledge-base bot: whether the bot takes a new conversation, and
// the hand-off that gives it to the router. What the bot says and decides is package
// bot/dialog's; this file only moves the conversation in and out of the queue.

// ErrBotNotActive is the error of a hand-off or bot reply in a conversation the bot no longer
// holds (a person took it, or it was handed over already).
var ErrBotNotActive = kefu.Errorf(kefu.CodeBotNotActive, "the bot no longer answers this conversation")

// BotTakes is the bot's decision as far as the inbox's availability tells: always; outside
// business hours while closed; when busy while no live chat is possible (closed, nobody
// online, queue full). BotTakesNow adds when_busy's queue threshold and agents' room; the
// widget's config, which only chooses between the chat and the offline form, needs no more.
func BotTakes(b kefu.BotSettings, a Availability) bool {
	switch b.Mode {
	case kefu.BotAlways:
		return true
	case kefu.BotOutsideHours:
		return !a.Open
	case kefu.BotWhenBusy:
		return !a.Live()
	}
	return false
}

// BotTakesNow reports whether a conversation started in the inbox now goes to its bot first
// (BotTakes, and when busy also while nobody has room or more than the threshold wait). An
// inbox without a bot costs no query.
func (s *Service) BotTakesNow(ctx context.Context, inbox *kefu.Inbox) (bool, error) {
	switch inbox.Bot.Mode {
	case kefu.BotOff:
		return false, nil
	case kefu.BotOutsideHours:
		a, err := s.hoursOf(ctx, inbox)
		return BotTakes(inbox.Bot, a), err
	case kefu.BotWhenBusy:
		return s.inboxBusy(ctx, inbox)
	}
	return BotTakes(inbox.Bot, Availability{}), nil
}

// inboxBusy is when_busy's test: the inbox cannot take a live chat, nobody has room, or more
// than the threshold already wait.
func (s *Service) inboxBusy(ctx context.Context, inbox *kefu.Inbox) (bool, error) {
	a, err := s.InboxAvailability(ctx, inbox)
	if err != nil || BotTakes(inbox.Bot, a) {
		return true, err
	}
	waiting, err := s.store.QueueLength(ctx, inbox.OrgID, inbox.ID)
	if err != nil || waiting > inbox.Bot.QueueThreshold {
		return true, err
	}
	room, err := s.agentsWithRoom(ctx, inbox)
	return room == 0, err
}

// agentsWithRoom counts the inbox's online agents who may take one more conversation.
func (s *Service) agentsWithRoom(ctx context.Context, inbox *kefu.Inbox) (int, error) {
	cands, err := s.members(ctx, &kefu.Conversation{OrgID: inbox.OrgID, InboxID: inbox.ID})
	n := 0
	for _, c := range cands {
		if c.HasRoom() {
			n++
		}
	}
	return n, err
}

// holdForBot makes a new conversation the bot's: pending (out of the queue), not an offline
// message, whatever the agents' presence said.
func holdForBot(c *kefu.Conversation) {
	c.Status, c.BotState, c.FollowUp = kefu.StatusPending, kefu.BotActive, false
	c.Labels = slices.DeleteFunc(c.Labels, func(l string) bool { return l == kefu.OfflineMessageLabel })
}

// BotHandoff is what the bot hands over with: the emotion it read (a routing condition), and
// its own writes for the hand-off transaction (its session, events and the message telling the
// customer), run after the conversation has been given to the router.
type BotHandoff struct {
	Emotion string
	Write   kefu.ConversationChange
}

// HandOffFromBot gives a conversation the bot holds to the router, in one transaction with the
// bot's own writes: it becomes open and waiting, the routing rule is matched again with the
// emotion (which may raise its priority), and then it is queued and the queue drained, or, when
// the inbox cannot take live chats, it becomes an offline message. A conversation the bot no
// longer holds is ErrBotNotActive.
func (s *Service) HandOffFromBot(ctx context.Context, orgID, convID string, h BotHandoff) (*kefu.Conversation, error) {
	org, inbox, routed, err := s.routeHandoff(ctx, orgID, convID, h.Emotion)
	if err != nil {
		return nil, err
	}
	c, err := s.store.UpdateConversation(ctx, orgID, convID, func(tx kefu.ConversationTx, c *kefu.Conversation) (*kefu.Message, error) {
		if c.BotState != kefu.BotActive || c.AssigneeID != "" {
			return nil, ErrBotNotActive
		}
		applyHandoff(c, routed)
		return h.Write(tx, c)
	})
	if err != nil {
		return nil, err
	}
	return s.afterHandoff(ctx, org, inbox, c, routed), nil
}

// handoffRoute is what routing decided for a hand-off before its transaction.
type handoffRoute struct {
	rule    kefu.RoutingRule
	routed  *kefu.Conversation // the conversation as routing leaves it
	offline string             // why it cannot queue; "" when it can
}

// routeHandoff matches the conversation's rule as it will be after the hand-off (open, with
// the emotion) and finds whether the inbox can take it live.
func (s *Service) routeHandoff(ctx context.Context, orgID, convID, emotion string) (*kefu.Org, *kefu.Inbox, handoffRoute, error) {
	var r handoffRoute
	org, err := s.store.GetOrg(ctx, orgID)
	if err != nil {
		return nil, nil, r, err
	}
	c, err := s.store.GetConversation(ctx, orgID, convID)
	if err != nil {
		return nil, nil, r, err
	}
	inbox, err := s.store.GetInbox(ctx, orgID, c.InboxID)
	if err != nil {
		return nil, nil, r, err
	}
	c.Emotion = kefu.StrongerEmotion(c.Emotion, emotion)
	if r.rule, err = s.matchRule(ctx, org, inbox, c, nil); err != nil {
		return nil, nil, r, err
	}
	if r.offline, err = s.handoffOffline(ctx, inbox); err != nil || r.offline == "" {
		r.routed = c
		return org, inbox, r, err
	}
	r.routed = c
	return org, inbox, r, s.ensureOfflineLabel(ctx, orgID) // the label must exist before it is put on
}

// handoffOffline is why a handed-over conversation cannot queue (closed, nobody online, queue
// full), "" when it can.
func (s *Service) handoffOffline(ctx context.Context, inbox *kefu.Inbox) (string, error) {
	a, err := s.InboxAvailability(ctx, inbox)
	return a.Reason(), err
}

// applyHandoff changes c, as the transaction read it, into a handed-over conversation.
func applyHandoff(c *kefu.Conversation, r handoffRoute) {
	c.Status, c.BotState = kefu.StatusOpen, kefu.BotHandedOff
	c.Emotion = kefu.StrongerEmotion(c.Emotion, r.routed.Emotion)
	c.RoutingRuleID, c.Priority = r.rule.ID, r.routed.Priority
	if r.offline != "" {
		c.FollowUp = true
		if !slices.Contains(c.Labels, kefu.OfflineMessageLabel) {
			c.Labels = append(c.Labels, kefu.OfflineMessageLabel)
		}
	}
}

// afterHandoff records an offline hand-off's decision, or drains the queue the conversation
// joined, and returns the conversation as it is after.
func (s *Service) afterHandoff(ctx context.Context, org *kefu.Org, inbox *kefu.Inbox, c *kefu.Conversation, r handoffRoute) *kefu.Conversation {
	if r.offline != "" {
		s.recordOffline(ctx, c, r.rule, r.offline)
		return c
	}
	if !org.Settings.AutoAssign {
		return c
	}
	return s.joinQueue(ctx, org, c)
}

// botGreeting is the bot's opening message for a conversation it takes, as the start's lead;
// none without a greeter.
func (s *Service) botGreeting(ctx context.Context, c *kefu.Conversation, locale string, first *kefu.Message) ([]*kefu.Message, error) {
	if s.greeting == nil {
		return nil, nil
	}
	inbox, err := s.store.GetInbox(ctx, c.OrgID, c.InboxID)
	if err != nil {
		return nil, err
	}
	text := ""
	if first != nil {
		text = first.Content
	}
	if m := s.greeting(inbox, locale, text); m != nil {
		return []*kefu.Message{m}, nil
	}
	return nil, nil
}
