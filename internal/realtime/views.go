package realtime

import (
	"sync/atomic"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// View names a list an agent connection shows; the connection then receives the conversation
// events of that list and, for every other conversation, only `counts` frames. A connection
// that names no view receives every event its scope allows, as before views existed.
type View = string

// The views a hello or a views frame may name.
const (
	ViewMine       View = "mine"       // conversations assigned to the agent
	ViewUnassigned View = "unassigned" // conversations nobody is assigned to, that the agent may see
	ViewAll        View = "all"        // every conversation the agent may see
	ViewBoard      View = "board"      // a supervisor's board: every conversation change, no messages or typing
)

// MaxViews bounds the views of one frame: there are four, each named once.
const MaxViews = 4

// maxHeld bounds the conversations a connection remembers having been told about (see
// viewFilter.held). Past it a conversation leaving the connection's views goes unannounced;
// the counts stay right and a reconnect reloads the list.
const maxHeld = 4096

// viewSet is a connection's views as bits; 0 means none were given: every event.
type viewSet uint32

const (
	viewMine viewSet = 1 << iota
	viewUnassigned
	viewAll
	viewBoard
	viewsGiven // set whenever views were given, so that a set is never 0
)

// parseViews turns validated view names into a set; none gives 0 (every event).
func parseViews(names []string) viewSet {
	if len(names) == 0 {
		return 0
	}
	s := viewsGiven
	for _, n := range names {
		s |= viewBits[n]
	}
	return s
}

var viewBits = map[string]viewSet{ViewMine: viewMine, ViewUnassigned: viewUnassigned, ViewAll: viewAll, ViewBoard: viewBoard}

// validView reports whether name is a view a client may ask for.
func validView(name string) bool { _, ok := viewBits[name]; return ok }

// viewFilter is an agent connection's views and the conversations it was told about while
// they were in those views: a conversation leaving the views (assigned to someone else, taken
// from the queue) is announced once to those who hold it, so that their lists drop it.
type viewFilter struct {
	set  atomic.Uint32          // a viewSet; the views frame changes it while the hub reads it
	open atomic.Pointer[string] // the conversation the client has open: its events always arrive
	held map[string]bool        // conversation id → told about; guarded by the conn's mu
}

// views returns the connection's current view set.
func (f *viewFilter) views() viewSet { return viewSet(f.set.Load()) }

// includes reports whether the item's conversation is, or (a live conversation.updated) was
// until this change, in views for agentID. Items about no conversation (presence, visitors) are
// in every view.
func (s viewSet) includes(it *item, agentID string) bool {
	switch {
	case s == 0 || it.viewConv == "":
		return true
	case s&viewAll != 0:
		return true
	case s&viewBoard != 0 && it.convEvent:
		return true
	case it.before != nil && s.holds(*it.before, true, agentID):
		return true // it leaves the view: the list drops it
	}
	return s.holds(it.ref, it.refKnown, agentID)
}

// holds reports whether a conversation with scope fields ref is in the mine or unassigned view
// (the assignee always hears of their conversation).
func (s viewSet) holds(ref kefu.ConversationRef, known bool, agentID string) bool {
	switch {
	case !known:
		return false
	case ref.AssigneeID == agentID:
		return true
	}
	return s&viewUnassigned != 0 && ref.AssigneeID == ""
}

// follows decides whether c receives it under its views, remembering which conversations it
// was told about. Live events and the replay decide through the same memory; in the moment a
// connection starts, an event both replayed and published live is decided twice, and a
// departure among them may go unannounced: the workspace reloads its list on every welcome.
func (c *conn) follows(it *item) bool {
	s := c.views.views()
	if s == 0 || it.viewConv == "" {
		return true
	}
	in := s.includes(it, c.actor.AgentID) || c.views.isOpen(it.viewConv)
	if it.cursor == 0 && !it.convEvent {
		return in // typing: nothing to remember, a departure comes with the conversation event
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.views.track(it.viewConv, in)
}

// track records the decision for conv and reports delivery: in views → delivered and held;
// out of views but held → delivered once (the departure) and forgotten.
func (f *viewFilter) track(conv string, in bool) bool {
	if in {
		if f.held == nil {
			f.held = map[string]bool{}
		}
		if len(f.held) < maxHeld {
			f.held[conv] = true
		}
		return true
	}
	if !f.held[conv] {
		return false
	}
	delete(f.held, conv)
	return true
}

// setViews replaces the connection's views and open conversation (hello or views frame). What
// it held stays held: the client's list was loaded under the old views and may still show
// those conversations.
func (c *conn) setViews(names []string, open string) {
	c.views.set.Store(uint32(parseViews(names)))
	c.views.open.Store(&open)
}

// isOpen reports whether conv is the conversation the client has open.
func (f *viewFilter) isOpen(conv string) bool {
	open := f.open.Load()
	return open != nil && *open != "" && *open == conv
}

// isConvEvent reports whether t changes a conversation itself (what a board follows).
func isConvEvent(t kefu.EventType) bool {
	return t == kefu.EventConversationCreated || t == kefu.EventConversationUpdated || t == kefu.EventConversationErased
}

// viewedConversation is the conversation whose views decide on ev: that of a message,
// conversation or typing event. Other events (read markers, presence, visitors) are for every
// view.
func viewedConversation(ev *kefu.Event) string {
	switch ev.Type {
	case kefu.EventMessageCreated, kefu.EventMessageUpdated, kefu.EventTyping:
		return conversationID(ev)
	}
	if isConvEvent(ev.Type) {
		return conversationID(ev)
	}
	return ""
}
