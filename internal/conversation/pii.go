package conversation

import (
	"context"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/pii"
)

// PIIPolicies tells how each inbox masks personal data; privacy.Service implements it with a
// per-organisation cache, so the message path reads the database once per organisation and
// cache period, not per message.
type PIIPolicies interface {
	// Policy returns an inbox's policy and its organisation's scanner.
	Policy(ctx context.Context, orgID, inboxID string) (kefu.PIIPolicy, *pii.Scanner, error)
	// AnyMasking reports whether some inbox of the organisation masks for agents, and whether
	// some masks at storage.
	AnyMasking(ctx context.Context, orgID string) (forAgents, atStorage bool, err error)
}

// OriginalKeeper is the hook for keeping what masking at storage removes (encrypted, say). It is
// called with the message about to be stored, its content already masked, and the original
// text. This version wires none: the original is dropped.
type OriginalKeeper interface {
	KeepOriginal(ctx context.Context, m *kefu.Message, original string) error
}

// maskAtStorage masks req's content in place when the conversation's inbox masks at storage,
// before anything is stored. A conversation it cannot find is left to the send to refuse.
func (s *Service) maskAtStorage(ctx context.Context, actor kefu.Actor, req *kefu.SendRequest) error {
	scanner, ok, err := s.storageScanner(ctx, actor, req.ConversationID)
	if err != nil || !ok {
		return err
	}
	return s.maskStored(ctx, scanner, &req.Content, func() *kefu.Message {
		return requestedMessage(actor.OrgID, req.ConversationID, *req)
	})
}

// maskInboxFirst masks a conversation's first message for an inbox that masks at storage: the
// visitor path finds the inbox from its actor, an agent's invitation names it.
func (s *Service) maskInboxFirst(ctx context.Context, orgID, inboxID string, m *kefu.Message) error {
	if ok, err := s.masksAtStorage(ctx, orgID); err != nil || !ok {
		return err
	}
	scanner, ok, err := s.inboxStorageScanner(ctx, orgID, inboxID)
	if err != nil || !ok {
		return err
	}
	return s.maskStored(ctx, scanner, &m.Content, func() *kefu.Message { return m })
}

// maskStored masks *content with scanner and hands the original to the keeper, with the
// message about to be stored (built by stored once the content is masked).
func (s *Service) maskStored(ctx context.Context, scanner *pii.Scanner, content *string, stored func() *kefu.Message) error {
	masked, changed := scanner.Mask(*content)
	if !changed {
		return nil
	}
	original := *content
	*content = masked
	if s.keeper != nil {
		return s.keeper.KeepOriginal(ctx, stored(), original)
	}
	return nil
}

// storageScanner returns the scanner to mask with before storing in a conversation, ok false
// when its inbox does not mask at storage. An organisation without such an inbox costs one
// cache lookup; an agent's message needs the conversation's inbox (a visitor's is its own).
func (s *Service) storageScanner(ctx context.Context, actor kefu.Actor, conversationID string) (*pii.Scanner, bool, error) {
	if ok, err := s.masksAtStorage(ctx, actor.OrgID); err != nil || !ok {
		return nil, false, err
	}
	inboxID := actor.InboxID
	if !actor.IsVisitor() {
		c, err := s.store.GetConversation(ctx, actor.OrgID, conversationID)
		if err != nil {
			return nil, false, nil
		}
		inboxID = c.InboxID
	}
	return s.inboxStorageScanner(ctx, actor.OrgID, inboxID)
}

// masksAtStorage reports whether some inbox of the organisation masks at storage: one cache
// lookup, so organisations that mask nothing pay nothing more on the message path.
func (s *Service) masksAtStorage(ctx context.Context, orgID string) (bool, error) {
	if s.pii == nil || orgID == "" {
		return false, nil
	}
	_, atStorage, err := s.pii.AnyMasking(ctx, orgID)
	return atStorage, err
}

// inboxStorageScanner returns an inbox's scanner, ok false when it does not mask at storage.
func (s *Service) inboxStorageScanner(ctx context.Context, orgID, inboxID string) (*pii.Scanner, bool, error) {
	policy, scanner, err := s.pii.Policy(ctx, orgID, inboxID)
	return scanner, policy == kefu.PIIMaskAtStorage, err
}

// agentScanner returns the scanner to mask an inbox's messages with for agents, nil when the
// inbox does not mask (or the policies are not wired).
func (s *Service) agentScanner(ctx context.Context, orgID, inboxID string) (*pii.Scanner, kefu.PIIPolicy, error) {
	if s.pii == nil {
		return nil, kefu.PIIOff, nil
	}
	policy, scanner, err := s.pii.Policy(ctx, orgID, inboxID)
	if err != nil || !policy.Masks() {
		return nil, policy, err
	}
	if scanner == nil {
		scanner = &pii.Scanner{}
	}
	return scanner, policy, nil
}

// maskMessagesForAgents masks the messages of a conversation as agents see them.
func (s *Service) maskMessagesForAgents(ctx context.Context, orgID, conversationID string, msgs []kefu.Message) error {
	if len(msgs) == 0 || s.pii == nil {
		return nil
	}
	forAgents, _, err := s.pii.AnyMasking(ctx, orgID)
	if err != nil || !forAgents {
		return err
	}
	c, err := s.store.GetConversation(ctx, orgID, conversationID)
	if err != nil {
		return err
	}
	scanner, policy, err := s.agentScanner(ctx, orgID, c.InboxID)
	if err != nil || scanner == nil {
		return err
	}
	for i := range msgs {
		msgs[i] = maskedMessage(scanner, policy, &msgs[i])
	}
	return nil
}

// maskedMessage returns m as agents see it under policy: its text and attachment file names
// masked, flagged as revealable when the original is still stored (policy mask). m itself,
// which may be shared with other readers, is not changed.
func maskedMessage(scanner *pii.Scanner, policy kefu.PIIPolicy, m *kefu.Message) kefu.Message {
	out := *m
	var changed, cloned bool
	out.Content, changed = scanner.Mask(m.Content)
	for i, a := range m.Attachments {
		name, nameChanged := scanner.Mask(a.FileName)
		if !nameChanged {
			continue
		}
		if !cloned {
			out.Attachments, cloned = append([]kefu.Attachment(nil), m.Attachments...), true
		}
		out.Attachments[i].FileName, changed = name, true
	}
	out.PIIMasked = changed && policy == kefu.PIIMask
	return out
}

// MaskEventForAgents returns ev as agents see it: when it carries a message of an inbox that
// masks, a copy with the message masked; else ev itself. The realtime hub calls it once per
// event and encodes the result once for every agent connection, so an agent who may reveal gets
// the masked frame too and reveals message by message.
func (s *Service) MaskEventForAgents(ev *kefu.Event) *kefu.Event {
	if ev.Message == nil || s.pii == nil {
		return ev
	}
	ctx := context.Background()
	forAgents, _, err := s.pii.AnyMasking(ctx, ev.OrgID)
	if err != nil || !forAgents {
		return s.maskFailed(ev, err)
	}
	inboxID := ev.InboxID
	if inboxID == "" { // a stored event read back: its inbox is not persisted with it
		c, err := s.store.GetConversation(ctx, ev.OrgID, ev.ConversationID)
		if err != nil {
			return s.maskFailed(ev, err)
		}
		inboxID = c.InboxID
	}
	scanner, policy, err := s.agentScanner(ctx, ev.OrgID, inboxID)
	if err != nil || scanner == nil {
		return s.maskFailed(ev, err)
	}
	m := maskedMessage(scanner, policy, ev.Message)
	out := *ev
	out.Message = &m
	return &out
}

// maskFailed is ev when there is nothing to mask; when the policy could not be read it is ev
// without its message, so no unmasked text leaks: agents refetch from REST on the gap.
func (s *Service) maskFailed(ev *kefu.Event, err error) *kefu.Event {
	if err == nil {
		return ev
	}
	s.log.Error("pii policy unavailable; message left out of the agents' frame", "org_id", ev.OrgID, "err", err)
	out := *ev
	out.Message = nil
	return &out
}

// maskEventsForAgents masks the messages of resumed events as live ones are.
func (s *Service) maskEventsForAgents(events []kefu.Event) []kefu.Event {
	for i := range events {
		events[i] = *s.MaskEventForAgents(&events[i])
	}
	return events
}

// maskFirstAtStorage masks a visitor's first message, which starts a conversation in the
// visitor's own inbox, when that inbox masks at storage.
func (s *Service) maskFirstAtStorage(ctx context.Context, actor kefu.Actor, first *kefu.Message) error {
	if first == nil {
		return nil
	}
	req := kefu.SendRequest{Content: first.Content, Kind: first.Kind, ClientMsgID: first.ClientMsgID}
	if err := s.maskAtStorage(ctx, actor, &req); err != nil {
		return err
	}
	first.Content = req.Content
	return nil
}
