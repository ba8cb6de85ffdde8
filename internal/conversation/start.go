package conversation

import (
	"context"
	"net/netip"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// StartRequest opens a new conversation from the widget, optionally with its first message.
type StartRequest struct {
	First *kefu.SendRequest // its ConversationID is ignored: the new conversation's is used
	// TriggerID names the inbox's proactive message the visitor answers: it becomes the
	// conversation's first message, in the language the widget showed (Locale).
	TriggerID string
	Locale    string
	// Routing attributes the visitor gave (pre-chat form) or the widget knows (the browser's
	// language). Region and language, when empty, come from the contact's signed attributes
	// (setUser); a region still empty is looked up from ClientIP in the operator's IP → region
	// database, if one is configured.
	InquiryType string
	Language    string
	Region      string
	ClientIP    netip.Addr
}

// Started is the outcome of a start: the conversation, its first message when one was given,
// and whether the first message's client id had started it already (a retry: nothing new).
type Started struct {
	Conversation *kefu.Conversation
	First        *kefu.Message
	Duplicate    bool
}

// StartForVisitor opens a conversation for the visitor in their inbox with its first message
// (when given) in one transaction, then applies the first assignment rule when the organisation
// has it on. Retrying with the same first client message id returns the conversation the first
// attempt started, as a retried send returns the original message.
func (s *Service) StartForVisitor(ctx context.Context, actor kefu.Actor, req StartRequest) (*Started, error) {
	if !actor.IsVisitor() {
		return nil, kefu.ErrNotFound
	}
	first, err := firstMessage(actor, req.First)
	if err != nil {
		return nil, err
	}
	if req, err = s.startAttributes(ctx, actor, req); err != nil {
		return nil, err
	}
	if err := s.maskFirstAtStorage(ctx, actor, first); err != nil {
		return nil, err
	}
	lead, err := s.triggerLead(ctx, actor, req.TriggerID, req.Locale)
	if err != nil {
		return nil, err
	}
	org, err := s.store.GetOrg(ctx, actor.OrgID)
	if err != nil {
		return nil, err
	}
	labels, err := s.startLabels(ctx, actor.OrgID, actor.InboxID)
	if err != nil {
		return nil, err
	}
	c := &kefu.Conversation{
		OrgID: actor.OrgID, InboxID: actor.InboxID, ContactID: actor.ContactID,
		Status: kefu.StatusOpen, Priority: kefu.PriorityNone, Labels: labels,
		InquiryType: req.InquiryType, Language: req.Language, Region: req.Region,
	}
	// The contact is read once: its signed attributes and its level both route the start.
	contact, err := s.store.GetContact(ctx, c.OrgID, c.ContactID)
	if err != nil {
		return nil, err
	}
	signedDefaults(c, contact)
	rule, offline, err := s.routeStart(ctx, org, req, c, contact)
	if err != nil {
		return nil, err
	}
	if len(lead) == 0 && c.BotState == kefu.BotActive {
		if lead, err = s.botGreeting(ctx, c, req.Locale, first); err != nil {
			return nil, err
		}
	}
	c, m, dup, err := s.store.StartConversationAfter(ctx, c, lead, first)
	if err != nil {
		return nil, err
	}
	if !dup && offline != "" {
		s.recordOffline(ctx, c, rule, offline)
	}
	if !dup && offline == "" && org.Settings.AutoAssign && c.BotState != kefu.BotActive {
		c = s.joinQueue(ctx, org, c)
	}
	return &Started{Conversation: c, First: m, Duplicate: dup}, nil
}

// firstMessage validates a start's first message; nil when there is none. Attachments belong to
// a conversation, so a first message cannot carry any: the widget uploads once it has started.
func firstMessage(actor kefu.Actor, req *kefu.SendRequest) (*kefu.Message, error) {
	if req == nil {
		return nil, nil
	}
	if len(req.AttachmentIDs) > 0 {
		return nil, kefu.FieldError("attachment_ids", "a conversation's first message cannot have attachments; start it, then upload")
	}
	r := *req
	if err := validateSend(&r); err != nil {
		return nil, err
	}
	m := requestedMessage(actor.OrgID, "", r)
	return m, setSender(m, actor)
}

// joinQueue drains the organisation's queue, which the new conversation has just joined in its
// priority's place, so that it is assigned now only if nobody served before it still waits, and
// returns the conversation as it is after. A failure is logged and leaves it waiting: it is
// committed, and the next drain assigns it.
func (s *Service) joinQueue(ctx context.Context, org *kefu.Org, c *kefu.Conversation) *kefu.Conversation {
	if _, err := s.drainOrg(ctx, org); err != nil {
		s.log.WarnContext(ctx, "draining the queue failed", "org_id", c.OrgID, "err", err)
		return c
	}
	latest, err := s.store.GetConversation(ctx, c.OrgID, c.ID)
	if err != nil {
		return c // committed; the fresh read is only a nicety
	}
	return latest
}
