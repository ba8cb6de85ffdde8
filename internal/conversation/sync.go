package conversation

import (
	"context"
	"slices"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// ErrResyncRequired says a resume position is older than the retained events: the client
// refetches its state and reconnects without a position.
var ErrResyncRequired = kefu.Errorf(kefu.CodeResyncRequired, "the resume position is older than the retained events; refetch and reconnect without a cursor")

// Events returns the organisation's persisted events after cursor, for an agent resuming.
func (s *Service) Events(ctx context.Context, actor kefu.Actor, after int64, limit int) ([]kefu.Event, error) {
	if err := requireViewer(actor); err != nil {
		return nil, err
	}
	if err := s.mayResumeFrom(ctx, actor.OrgID, after); err != nil {
		return nil, err
	}
	events, err := s.store.ListEvents(ctx, actor.OrgID, after, limit)
	if err != nil {
		return nil, err
	}
	if actor.Scope != nil {
		// A team-scoped agent skips other teams' conversation events; the client resumes from
		// the last event it got, so a page thinned here is only shorter, never missing its own.
		events = slices.DeleteFunc(events, func(e kefu.Event) bool { return !AgentMaySee(actor, e) })
	}
	return s.maskEventsForAgents(events), nil
}

// AgentMaySee reports whether an event may reach an agent: events about a conversation go to
// the agents who may see it, everything else to every agent of the organisation. Realtime
// delivery uses it with the connection's actor, so fan-out needs no query per event.
func AgentMaySee(actor kefu.Actor, e kefu.Event) bool {
	ref, ok := e.ConversationRef()
	return actor.SeesEvent(e.ConversationID, ref, ok)
}

// mayResumeFrom fails with ErrResyncRequired when events after the position after were pruned:
// the oldest retained one is past after+1, or none is retained although the organisation's
// counter moved past after.
func (s *Service) mayResumeFrom(ctx context.Context, orgID string, after int64) error {
	if after <= 0 {
		return nil
	}
	oldest, err := s.store.OldestEventSeq(ctx, orgID)
	switch {
	case err != nil:
		return err
	case oldest > after+1:
		return ErrResyncRequired
	case oldest > 0:
		return nil
	}
	latest, err := s.store.LatestEventSeq(ctx, orgID)
	if err != nil {
		return err
	}
	if latest > after {
		return ErrResyncRequired
	}
	return nil
}

// LatestCursor returns the newest event position of the agent's organisation.
func (s *Service) LatestCursor(ctx context.Context, actor kefu.Actor) (int64, error) {
	if err := requireViewer(actor); err != nil {
		return 0, err
	}
	return s.store.LatestEventSeq(ctx, actor.OrgID)
}

// VisitorSync brings a reconnecting visitor up to date: for each of their conversations, its
// current state, then every message they can see after the seq they last had.
func (s *Service) VisitorSync(ctx context.Context, actor kefu.Actor, since map[string]int64) ([]kefu.Event, error) {
	convs, err := s.VisitorConversations(ctx, actor)
	if err != nil {
		return nil, err
	}
	var out []kefu.Event
	for i := range convs {
		c := &convs[i]
		out = append(out, kefu.Event{
			OrgID: c.OrgID, Type: kefu.EventConversationUpdated, ConversationID: c.ID,
			ContactID: c.ContactID, InboxID: c.InboxID, Conversation: c, CreatedAt: c.UpdatedAt,
		})
		msgs, err := s.visitorMessagesAfter(ctx, c, since[c.ID])
		if err != nil {
			return nil, err
		}
		out = append(out, msgs...)
	}
	return out, nil
}

// VisitorMessagesAfter returns the visitor-visible messages of one conversation after seq, as
// message.created events.
func (s *Service) VisitorMessagesAfter(ctx context.Context, actor kefu.Actor, id string, after int64) ([]kefu.Event, error) {
	if !actor.IsVisitor() {
		return nil, kefu.ErrNotFound
	}
	c, err := s.visible(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	return s.visitorMessagesAfter(ctx, c, after)
}

// visitorPage bounds one read; a visitor far behind is refilled in several.
const visitorPage = 200

func (s *Service) visitorMessagesAfter(ctx context.Context, c *kefu.Conversation, after int64) ([]kefu.Event, error) {
	var out []kefu.Event
	for after < c.LastSeq {
		msgs, err := s.store.ListMessages(ctx, c.OrgID, c.ID, kefu.MessageQuery{AfterSeq: after, Limit: visitorPage, ExcludePrivate: true})
		if err != nil {
			return nil, err
		}
		for i := range msgs {
			m := &msgs[i]
			out = append(out, kefu.Event{
				OrgID: c.OrgID, Type: kefu.EventMessageCreated, ConversationID: c.ID,
				ContactID: c.ContactID, InboxID: c.InboxID, Message: m, CreatedAt: m.CreatedAt,
			})
		}
		if len(msgs) < visitorPage {
			break
		}
		after = msgs[len(msgs)-1].Seq
	}
	return out, nil
}

// VisitorInbox returns the inbox a visitor's token is for.
func (s *Service) VisitorInbox(ctx context.Context, actor kefu.Actor) (*kefu.Inbox, error) {
	if !actor.IsVisitor() {
		return nil, kefu.ErrNotFound
	}
	return s.store.GetInbox(ctx, actor.OrgID, actor.InboxID)
}
