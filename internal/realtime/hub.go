package realtime

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// HubOptions configure a Hub. Zero values take the defaults.
type HubOptions struct {
	Logger         *slog.Logger
	Registerer     prometheus.Registerer // where the kefu_realtime_* metrics go; nil = not registered
	SendQueue      int                   // per-connection queue of frames; default 256
	MaxConnections int                   // live connections of all roles, including those still saying hello; default 50000
	// Events is where the hub announces agents connecting and leaving: the bus, so that every
	// follower (the queue, and the hubs of other nodes) hears of it and the hub gets it back
	// through its subscription. nil: the hub fans presence out itself.
	Events Publisher
	// Links signs the attachment URLs of visitor frames; nil sends visitors no URLs.
	Links kefu.AttachmentLinker
	// AgentView turns an event into what agents may see (personal data masked) before it is
	// encoded once for all of them; nil: agents see events as they are.
	AgentView AgentView
	// Visitors hears of every visitor connection registered and removed: the live visitor
	// list. nil: nobody listens.
	Visitors VisitorPresence
	// Counter gives the active conversations from which agents' view counts are summed; nil:
	// no counts frames. CountsInterval gathers changes before a pass; default 500ms.
	Counter        Counter
	CountsInterval time.Duration
}

// VisitorPresence follows visitor connections. Its methods are called outside the hub's
// locks, once per connection, and must not block.
type VisitorPresence interface {
	Connected(visitor kefu.Actor)
	Disconnected(visitor kefu.Actor)
}

// AgentView projects an event for agents. conversation.Service implements it; it must be cheap
// for events it leaves alone, as it runs on the fan-out path.
type AgentView interface {
	MaskEventForAgents(ev *kefu.Event) *kefu.Event
}

// Publisher takes events to deliver to every follower, the hub's own subscription included.
type Publisher interface {
	Publish(events []kefu.Event)
}

// Hub routes committed events to live connections: every event of an organisation to its
// agents, and an event of a contact's conversation in an inbox to that contact's visitor
// connections in that inbox. It never blocks: a connection whose queue is full is closed
// (CloseSlowConsumer) and resumes on reconnect.
type Hub struct {
	log       *slog.Logger
	queueSize int
	maxConns  int
	metrics   *metrics
	events    Publisher // presence goes here; nil: to the hub itself
	links     kefu.AttachmentLinker
	frameBufs *sync.Pool // write buffers of the WebSocket connections (see wsTransport)
	agentView AgentView  // nil: events as they are
	visitorsP VisitorPresence

	counter     Counter // nil: no counts frames
	countsEvery time.Duration
	countsMu    sync.Mutex
	countsDue   map[string]bool // org id → a counts pass is scheduled

	mu         sync.RWMutex
	all        map[*conn]struct{}            // every admitted connection, for capacity and shutdown
	agents     map[string]map[*conn]struct{} // org id → agent connections
	visitors   map[visitorKey][]*conn        // a contact's few connections: a slice, not a map, per contact
	agentConns map[string]map[string]int     // org id → agent id → live connections
	closing    bool
	drained    chan struct{} // closed when closing and no connection is left
	drainOnce  sync.Once

	// revocations are the latest revocations, oldest first, and revokeSeq counts them all, so
	// that a connection that authenticated just before a revocation and registers just after
	// it is still closed (see revokedSince).
	revocations []revocationRecord
	revokeSeq   uint64

	// presenceMu orders presence events: an agent's "connected" is published before its
	// "disconnected" even when the two race.
	presenceMu sync.Mutex
}

type visitorKey struct{ orgID, contactID string }

// Errors of admit, answered by the transports as over capacity or shutting down.
var (
	errOverCapacity = errors.New("realtime: over capacity")
	errShuttingDown = errors.New("realtime: shutting down")
)

// NewHub returns a hub with opts applied over the defaults.
func NewHub(opts HubOptions) *Hub {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.SendQueue <= 0 {
		opts.SendQueue = 256
	}
	if opts.MaxConnections <= 0 {
		opts.MaxConnections = 50000
	}
	if opts.CountsInterval <= 0 {
		opts.CountsInterval = defaultCountsInterval
	}
	return &Hub{
		log: opts.Logger, queueSize: opts.SendQueue, maxConns: opts.MaxConnections,
		metrics:     newMetrics(opts.Registerer, opts.Logger),
		events:      opts.Events,
		links:       opts.Links,
		agentView:   opts.AgentView,
		visitorsP:   opts.Visitors,
		counter:     opts.Counter,
		countsEvery: opts.CountsInterval,
		countsDue:   map[string]bool{},
		frameBufs:   newFrameBuffers(),
		all:         map[*conn]struct{}{},
		agents:      map[string]map[*conn]struct{}{},
		visitors:    map[visitorKey][]*conn{},
		agentConns:  map[string]map[string]int{},
		drained:     make(chan struct{}),
	}
}

// Publish fans events out to the connections that may see them. It is the hub's bus
// subscription and never blocks.
func (h *Hub) Publish(events []kefu.Event) {
	for i := range events {
		h.publish(&events[i])
	}
}

func (h *Hub) publish(ev *kefu.Event) {
	if ev.Type == kefu.EventRevoked {
		h.revoke(ev)
		return
	}
	vk := visitorKey{ev.OrgID, ev.ContactID}
	h.mu.RLock()
	// A queue status is the visitor's own: agents see the queue in their lists and the board.
	toAgents := len(h.agents[ev.OrgID]) > 0 && ev.Type != kefu.EventQueue
	toVisitors := ev.ContactID != "" && len(h.visitors[vk]) > 0
	h.mu.RUnlock()
	// Encode outside the lock, once per event for all connections of a role.
	var ai, vi item
	if toAgents {
		ai = agentItem(h.forAgents(ev))
	}
	if toVisitors {
		vi, toVisitors = visitorItem(ev, h.links)
	}
	h.mu.RLock()
	defer h.mu.RUnlock()
	if toAgents {
		for c := range h.agents[ev.OrgID] {
			if ai.forAgent != "" && ai.forAgent != c.actor.AgentID {
				continue // another agent's private event
			}
			if c.scope.wants(ai.assignee, c.actor.AgentID) && c.actor.SeesEvent(ai.agentConv, ai.ref, ai.refKnown) && ai.seenBy(c.actor) && c.follows(&ai) {
				h.offer(c, &ai)
			} else if !c.closed() && !c.skip(ai.cursor) {
				h.dropSlow(c)
			}
		}
	}
	if toAgents && ai.convEvent {
		h.countsChanged(ev.OrgID)
	}
	if toVisitors {
		for _, c := range h.visitors[vk] {
			if c.actor.InboxID == ev.InboxID {
				h.offer(c, &vi)
			}
		}
	}
}

// forAgents is ev as agents see it.
func (h *Hub) forAgents(ev *kefu.Event) *kefu.Event {
	if h.agentView == nil {
		return ev
	}
	return h.agentView.MaskEventForAgents(ev)
}

// offer queues it for c, closing c as a slow consumer when its queue is full.
func (h *Hub) offer(c *conn, it *item) {
	if c.closed() || c.enqueue(it) {
		return
	}
	h.dropSlow(c)
}

// dropSlow closes c, whose queue is full, as a slow consumer: it resumes on reconnect.
func (h *Hub) dropSlow(c *conn) {
	h.metrics.dropped.Inc()
	if c.kill(CloseSlowConsumer, "slow consumer") {
		h.metrics.slowConsumerCloses.Inc()
		h.log.Info("realtime: slow consumer closed", "role", string(c.role), "org_id", c.actor.OrgID)
	}
}

// ConnectedAgents returns the agents of orgID with at least one live connection.
func (h *Hub) ConnectedAgents(orgID string) map[string]bool {
	h.mu.RLock()
	defer h.mu.RUnlock()
	out := make(map[string]bool, len(h.agentConns[orgID]))
	for id := range h.agentConns[orgID] {
		out[id] = true
	}
	return out
}

// Counts returns the registered (authenticated) agent and visitor connections.
func (h *Hub) Counts() (agents, visitors int) {
	h.mu.RLock()
	defer h.mu.RUnlock()
	for _, set := range h.agents {
		agents += len(set)
	}
	for _, set := range h.visitors {
		visitors += len(set)
	}
	return agents, visitors
}

// Shutdown closes every connection with CloseGoingAway (SSE: a reconnect frame), refuses new
// ones, and waits until all have ended or ctx is done.
func (h *Hub) Shutdown(ctx context.Context) {
	h.mu.Lock()
	h.closing = true
	conns := make([]*conn, 0, len(h.all))
	for c := range h.all {
		conns = append(conns, c)
	}
	h.drainIfEmpty()
	h.mu.Unlock()
	for _, c := range conns {
		c.kill(CloseGoingAway, "server shutting down; reconnect")
	}
	select {
	case <-h.drained:
	case <-ctx.Done():
	}
}

// drainIfEmpty signals Shutdown once the last connection is gone. h.mu must be held.
func (h *Hub) drainIfEmpty() {
	if h.closing && len(h.all) == 0 {
		h.drainOnce.Do(func() { close(h.drained) })
	}
}

// admit takes a connection slot for c, before authentication so that overload is shed early.
func (h *Hub) admit(c *conn) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	switch {
	case h.closing:
		return errShuttingDown
	case len(h.all) >= h.maxConns:
		return errOverCapacity
	}
	h.all[c] = struct{}{}
	c.revokeSeen = h.revokeSeq
	return nil
}

// register makes an authenticated connection receive events. c.actor must be set.
func (h *Hub) register(c *conn) {
	h.presenceMu.Lock()
	defer h.presenceMu.Unlock()
	h.mu.Lock()
	first, code, reason := false, 0, ""
	if c.role == kefu.ActorAgent {
		first = h.addAgent(c)
		code, reason = h.revokedSince(c)
	} else {
		vk := visitorKey{c.actor.OrgID, c.actor.ContactID}
		h.visitors[vk] = append(h.visitors[vk], c)
	}
	h.mu.Unlock()
	h.metrics.connections.WithLabelValues(string(c.role)).Inc()
	if first {
		h.publishPresence(c.actor, true)
	}
	if c.role != kefu.ActorAgent && h.visitorsP != nil {
		h.visitorsP.Connected(c.actor)
	}
	if code != 0 && c.kill(code, reason) {
		h.metrics.revoked.Inc()
	}
}

func (h *Hub) addAgent(c *conn) (first bool) {
	addTo(h.agents, c.actor.OrgID, c)
	byAgent := h.agentConns[c.actor.OrgID]
	if byAgent == nil {
		byAgent = map[string]int{}
		h.agentConns[c.actor.OrgID] = byAgent
	}
	byAgent[c.actor.AgentID]++
	return byAgent[c.actor.AgentID] == 1
}

// remove releases c's slot and, if it was registered, its subscriptions.
func (h *Hub) remove(c *conn, registered bool) {
	h.presenceMu.Lock()
	defer h.presenceMu.Unlock()
	h.mu.Lock()
	last := false
	delete(h.all, c)
	if registered && c.role == kefu.ActorAgent {
		last = h.removeAgent(c)
	} else if registered {
		h.removeVisitor(c)
	}
	h.drainIfEmpty()
	h.mu.Unlock()
	if registered {
		h.metrics.connections.WithLabelValues(string(c.role)).Dec()
	}
	if last {
		h.publishPresence(c.actor, false)
	}
	if registered && c.role != kefu.ActorAgent && h.visitorsP != nil {
		h.visitorsP.Disconnected(c.actor)
	}
}

func (h *Hub) removeAgent(c *conn) (last bool) {
	removeFrom(h.agents, c.actor.OrgID, c)
	byAgent := h.agentConns[c.actor.OrgID]
	byAgent[c.actor.AgentID]--
	if byAgent[c.actor.AgentID] > 0 {
		return false
	}
	delete(byAgent, c.actor.AgentID)
	if len(byAgent) == 0 {
		delete(h.agentConns, c.actor.OrgID)
	}
	return true
}

// publishPresence tells the org's agents that agent connected or left. h.presenceMu is held.
func (h *Hub) publishPresence(agent kefu.Actor, connected bool) {
	evs := []kefu.Event{{
		OrgID: agent.OrgID, Type: kefu.EventPresence, CreatedAt: time.Now(),
		Presence: &kefu.Presence{AgentID: agent.AgentID, Connected: connected},
	}}
	if h.events != nil {
		h.events.Publish(evs)
		return
	}
	h.Publish(evs)
}

func (h *Hub) removeVisitor(c *conn) {
	vk := visitorKey{c.actor.OrgID, c.actor.ContactID}
	rest := slices.DeleteFunc(h.visitors[vk], func(x *conn) bool { return x == c })
	if len(rest) == 0 {
		delete(h.visitors, vk)
		return
	}
	h.visitors[vk] = rest
}

func addTo[K comparable](m map[K]map[*conn]struct{}, k K, c *conn) {
	set := m[k]
	if set == nil {
		set = map[*conn]struct{}{}
		m[k] = set
	}
	set[c] = struct{}{}
}

func removeFrom[K comparable](m map[K]map[*conn]struct{}, k K, c *conn) {
	set := m[k]
	delete(set, c)
	if len(set) == 0 {
		delete(m, k)
	}
}
