package realtime

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// fakeBackend is an in-memory Backend: persisted events per org with gap-free seqs, messages
// per conversation, and the authentication and authorisation rules the service layer applies.
type fakeBackend struct {
	hub *Hub

	mu             sync.Mutex
	agents         map[string]kefu.Actor // token (and session cookie value) → agent
	visitors       map[string]kefu.Actor // visitor token → visitor
	agentOrigins   map[string]bool       // allowed agent origins besides ""
	visitorOrigins map[string]bool       // nil = any
	events         map[string][]kefu.Event
	retainAfter    int64 // Events with after below this answers resync_required
	convs          map[string]*kefu.Conversation
	msgs           map[string][]*kefu.Message
	sent           map[string]*kefu.Message // conversation id + client msg id → message
	onReplay       func()                   // runs (once) at the start of the next Events
	replayCalls    int
	refillCalls    int
	reads          []string
	failSync       error
}

func newFakeBackend() *fakeBackend {
	return &fakeBackend{
		agents: map[string]kefu.Actor{}, visitors: map[string]kefu.Actor{},
		agentOrigins: map[string]bool{}, events: map[string][]kefu.Event{},
		convs: map[string]*kefu.Conversation{}, msgs: map[string][]*kefu.Message{},
		sent: map[string]*kefu.Message{},
	}
}

const sessionCookie = "kefu_session"

func (b *fakeBackend) addAgent(token, orgID, agentID string) kefu.Actor {
	b.mu.Lock()
	defer b.mu.Unlock()
	a := kefu.Actor{Kind: kefu.ActorAgent, OrgID: orgID, AgentID: agentID, Role: kefu.RoleAgent}
	b.agents[token] = a
	return a
}

func (b *fakeBackend) addVisitor(token, orgID, inboxID, contactID string) kefu.Actor {
	b.mu.Lock()
	defer b.mu.Unlock()
	v := kefu.Actor{Kind: kefu.ActorVisitor, OrgID: orgID, InboxID: inboxID, ContactID: contactID}
	b.visitors[token] = v
	return v
}

// addConversation persists a conversation and its conversation.created event (not published).
func (b *fakeBackend) addConversation(id, orgID, inboxID, contactID string) kefu.Event {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := time.Now()
	c := &kefu.Conversation{ID: id, OrgID: orgID, InboxID: inboxID, ContactID: contactID, Status: kefu.StatusOpen,
		AssigneeID: "agent-secret", TeamID: "team-secret", Priority: kefu.PriorityHigh, Labels: []string{"vip"},
		LastActivityAt: now, CreatedAt: now, UpdatedAt: now}
	b.convs[id] = c
	cc := *c
	return b.appendLocked(kefu.Event{Type: kefu.EventConversationCreated, OrgID: orgID, ConversationID: id,
		ContactID: contactID, InboxID: inboxID, Conversation: &cc})
}

// addMessage persists a message with the conversation's next seq and its message.created event
// (not published).
func (b *fakeBackend) addMessage(convID string, sender kefu.SenderType, kind kefu.MessageKind, content string) kefu.Event {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.addMessageLocked(convID, sender, kind, content, "")
}

func (b *fakeBackend) addMessageLocked(convID string, sender kefu.SenderType, kind kefu.MessageKind, content, clientID string) kefu.Event {
	c := b.convs[convID]
	c.LastSeq++
	m := &kefu.Message{ID: fmt.Sprintf("%s-m%d", convID, c.LastSeq), OrgID: c.OrgID, ConversationID: convID,
		Seq: c.LastSeq, SenderType: sender, SenderID: "sender-secret", SenderName: "Alice", Kind: kind,
		Content: content, ClientMsgID: clientID, CreatedAt: time.Now(),
		Attachments: []kefu.Attachment{{ID: "att1", OrgID: c.OrgID, UploaderID: "uploader-secret", FileName: "a.png", ContentType: "image/png", Size: 3, StorageKey: "blob1"}}}
	b.msgs[convID] = append(b.msgs[convID], m)
	mc, cc := *m, *c
	return b.appendLocked(kefu.Event{Type: kefu.EventMessageCreated, OrgID: c.OrgID, ConversationID: convID,
		ContactID: c.ContactID, InboxID: c.InboxID, Message: &mc, Conversation: &cc})
}

func (b *fakeBackend) appendLocked(ev kefu.Event) kefu.Event {
	ev.Seq = int64(len(b.events[ev.OrgID]) + 1)
	ev.CreatedAt = time.Now()
	b.events[ev.OrgID] = append(b.events[ev.OrgID], ev)
	return ev
}

// post persists and publishes a message, as the service does after commit.
func (b *fakeBackend) post(convID string, sender kefu.SenderType, kind kefu.MessageKind, content string) kefu.Event {
	ev := b.addMessage(convID, sender, kind, content)
	b.hub.Publish([]kefu.Event{ev})
	return ev
}

func (b *fakeBackend) AuthenticateAgent(_ context.Context, r *http.Request, token string) (kefu.Actor, error) {
	if token == "" {
		if ck, err := r.Cookie(sessionCookie); err == nil {
			token = ck.Value
		}
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if a, ok := b.agents[token]; ok && token != "" {
		return a, nil
	}
	return kefu.Actor{}, kefu.Errorf(kefu.CodeUnauthenticated, "bad credentials")
}

func (b *fakeBackend) CheckCredential(_ context.Context, agent kefu.Actor) (kefu.Actor, error) {
	return agent, nil
}

func (b *fakeBackend) AuthenticateVisitor(_ context.Context, token string) (kefu.Actor, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if v, ok := b.visitors[token]; ok {
		return v, nil
	}
	return kefu.Actor{}, kefu.Errorf(kefu.CodeUnauthenticated, "bad visitor token")
}

func (b *fakeBackend) AgentOriginAllowed(_ *http.Request, origin string) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return origin == "" || b.agentOrigins[origin]
}

func (b *fakeBackend) VisitorOriginAllowed(_ context.Context, _ kefu.Actor, origin string) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return origin == "" || b.visitorOrigins == nil || b.visitorOrigins[origin]
}

func (b *fakeBackend) Events(_ context.Context, agent kefu.Actor, after int64, limit int) ([]kefu.Event, error) {
	b.mu.Lock()
	hook := b.onReplay
	b.onReplay = nil
	b.replayCalls++
	b.mu.Unlock()
	if hook != nil {
		hook()
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if after < b.retainAfter {
		return nil, fmt.Errorf("replay: %w", errResyncRequired)
	}
	var out []kefu.Event
	for _, ev := range b.events[agent.OrgID] {
		if ev.Seq > after && len(out) < limit {
			out = append(out, ev)
		}
	}
	return out, nil
}

func (b *fakeBackend) LatestCursor(_ context.Context, agent kefu.Actor) (int64, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return int64(len(b.events[agent.OrgID])), nil
}

func (b *fakeBackend) VisitorSync(_ context.Context, v kefu.Actor, since map[string]int64) ([]kefu.Event, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.failSync != nil {
		return nil, b.failSync
	}
	var out []kefu.Event
	for id, c := range b.convs {
		if !b.ownsLocked(v, id) {
			continue
		}
		cc := *c
		out = append(out, kefu.Event{Type: kefu.EventConversationUpdated, OrgID: c.OrgID, ConversationID: id, Conversation: &cc})
		out = append(out, b.messagesAfterLocked(id, since[id])...)
	}
	return out, nil
}

func (b *fakeBackend) VisitorMessagesAfter(_ context.Context, v kefu.Actor, convID string, after int64) ([]kefu.Event, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.refillCalls++
	if !b.ownsLocked(v, convID) {
		return nil, kefu.ErrNotFound
	}
	return b.messagesAfterLocked(convID, after), nil
}

func (b *fakeBackend) messagesAfterLocked(convID string, after int64) []kefu.Event {
	var out []kefu.Event
	for _, m := range b.msgs[convID] {
		if m.Seq > after && !m.Kind.Private() {
			mc := *m
			out = append(out, kefu.Event{Type: kefu.EventMessageCreated, OrgID: m.OrgID, ConversationID: convID, Message: &mc})
		}
	}
	return out
}

func (b *fakeBackend) ownsLocked(a kefu.Actor, convID string) bool {
	c, ok := b.convs[convID]
	if !ok || c.OrgID != a.OrgID {
		return false
	}
	return a.IsAgent() || (c.ContactID == a.ContactID && c.InboxID == a.InboxID)
}

func (b *fakeBackend) Send(_ context.Context, a kefu.Actor, req kefu.SendRequest) (*kefu.Message, bool, error) {
	b.mu.Lock()
	if !b.ownsLocked(a, req.ConversationID) {
		b.mu.Unlock()
		return nil, false, kefu.ErrNotFound
	}
	if a.IsVisitor() && req.Kind.Private() {
		b.mu.Unlock()
		return nil, false, kefu.FieldError("kind", "visitors cannot write notes")
	}
	if strings.Contains(req.Content, "boom") {
		b.mu.Unlock()
		return nil, false, kefu.Internal(fmt.Errorf("disk on fire"))
	}
	key := req.ConversationID + "/" + req.ClientMsgID
	if m, ok := b.sent[key]; ok {
		b.mu.Unlock()
		return m, true, nil
	}
	sender, kind := kefu.SenderAgent, req.Kind
	if a.IsVisitor() {
		sender = kefu.SenderContact
	}
	if kind == "" {
		kind = kefu.KindText
	}
	ev := b.addMessageLocked(req.ConversationID, sender, kind, req.Content, req.ClientMsgID)
	b.sent[key] = ev.Message
	b.mu.Unlock()
	b.hub.Publish([]kefu.Event{ev})
	return ev.Message, false, nil
}

func (b *fakeBackend) MarkRead(_ context.Context, a kefu.Actor, convID string, seq int64) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.ownsLocked(a, convID) {
		return kefu.ErrNotFound
	}
	b.reads = append(b.reads, fmt.Sprintf("%s:%d", convID, seq))
	return nil
}

func (b *fakeBackend) Typing(_ context.Context, a kefu.Actor, convID string, typing, private bool) error {
	b.mu.Lock()
	c, ok := b.convs[convID]
	owns := b.ownsLocked(a, convID)
	b.mu.Unlock()
	if !ok || !owns {
		return kefu.ErrNotFound
	}
	t := &kefu.Typing{SenderType: kefu.SenderAgent, SenderID: a.AgentID, Name: "Alice", Typing: typing}
	ev := kefu.Event{Type: kefu.EventTyping, OrgID: c.OrgID, ConversationID: convID, Typing: t}
	if a.IsVisitor() {
		t.SenderType, t.SenderID = kefu.SenderContact, a.ContactID
	}
	if !private {
		ev.ContactID, ev.InboxID = c.ContactID, c.InboxID
	}
	b.hub.Publish([]kefu.Event{ev})
	return nil
}
