package realtime

import (
	"context"
	"log/slog"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// replayPage is how many events one Events call asks for.
const replayPage = 500

// resumer keeps a connection's position. begin sends the welcome and the replayed events;
// deliver forwards a live item, dropping what was already sent and refilling gaps from the
// Backend first, so the client sees every persisted event exactly once and in order. Both run
// on the writer goroutine only.
type resumer interface {
	begin(ctx context.Context, emit emitFunc) error
	deliver(ctx context.Context, it item, emit emitFunc) error
	// skipTo moves the position past events the connection's scope filtered out up to cursor.
	skipTo(cursor int64)
}

// agentResume tracks the org-wide event cursor of an agent connection.
type agentResume struct {
	backend Backend
	actor   kefu.Actor
	log     *slog.Logger
	scope   AgentScope
	conn    *conn  // whose views filter the replay too
	from    *int64 // the hello's cursor; nil = start live from now
	last    int64  // cursor of the last persisted event sent or filtered out
}

func (a *agentResume) skipTo(cursor int64) { a.last = max(a.last, cursor) }

// begin runs after the connection is registered, so every event newer than latest is already
// on its way through the queue and deliver drops what the replay also covered.
func (a *agentResume) begin(ctx context.Context, emit emitFunc) error {
	latest, err := a.backend.LatestCursor(ctx, a.actor)
	if err != nil {
		return err
	}
	if a.from == nil {
		a.last = latest
		return emit(welcomeItem(kefu.ActorAgent, &latest))
	}
	if *a.from > latest {
		return errResyncRequired // a cursor from the future: the client's state is not ours
	}
	a.last = *a.from
	var first []kefu.Event
	if a.last < latest {
		// Fetched before the welcome so that an expired cursor gets resync_required alone.
		if first, err = a.backend.Events(ctx, a.actor, a.last, replayPage); err != nil {
			return err
		}
	}
	if err := emit(welcomeItem(kefu.ActorAgent, &latest)); err != nil {
		return err
	}
	if err := a.send(first, emit); err != nil {
		return err
	}
	if len(first) < replayPage {
		return nil
	}
	return a.replayTo(ctx, latest, emit)
}

func (a *agentResume) deliver(ctx context.Context, it item, emit emitFunc) error {
	if it.cursor == 0 {
		return emit(it) // ephemeral: typing, presence
	}
	if it.cursor <= a.last {
		return nil
	}
	if it.cursor > a.last+1 {
		if err := a.replayTo(ctx, it.cursor, emit); err != nil {
			return err
		}
		if it.cursor <= a.last {
			return nil // the refill included it
		}
		if it.cursor > a.last+1 {
			a.log.Warn("realtime: event gap not refilled", "org_id", a.actor.OrgID, "after", a.last, "cursor", it.cursor)
		}
	}
	a.last = it.cursor
	return emit(it)
}

// replayTo sends the persisted events after the last one sent until target is covered.
func (a *agentResume) replayTo(ctx context.Context, target int64, emit emitFunc) error {
	for a.last < target {
		evs, err := a.backend.Events(ctx, a.actor, a.last, replayPage)
		if err != nil {
			return err
		}
		if err := a.send(evs, emit); err != nil {
			return err
		}
		if len(evs) < replayPage {
			return nil
		}
	}
	return nil
}

func (a *agentResume) send(evs []kefu.Event, emit emitFunc) error {
	for i := range evs {
		ev := &evs[i]
		if ev.Seq <= a.last {
			continue
		}
		if !a.scope.wants(scopedAssignee(ev), a.actor.AgentID) {
			a.last = ev.Seq
			continue
		}
		it := agentItem(ev)
		a.last = ev.Seq
		if a.conn != nil && !a.conn.follows(&it) {
			continue
		}
		if err := emit(it); err != nil {
			return err
		}
	}
	return nil
}

// visitorResume tracks, per conversation, the seq of the last message a visitor connection was
// sent or skipped (private messages advance it too, so a note never looks like a gap).
type visitorResume struct {
	backend Backend
	links   kefu.AttachmentLinker
	actor   kefu.Actor
	since   map[string]int64 // from the hello
	last    map[string]int64
}

// skipTo does nothing: scopes are for agents; visitors only receive their own conversations.
func (v *visitorResume) skipTo(int64) {}

func (v *visitorResume) begin(ctx context.Context, emit emitFunc) error {
	v.last = make(map[string]int64, len(v.since))
	for id, seq := range v.since {
		v.last[id] = seq
	}
	evs, err := v.backend.VisitorSync(ctx, v.actor, v.since)
	if err != nil {
		return err
	}
	if err := emit(welcomeItem(kefu.ActorVisitor, nil)); err != nil {
		return err
	}
	if err := v.send(evs, emit); err != nil {
		return err
	}
	// The sync carried every message up to each snapshot's LastSeq, private ones left out.
	// Starting from the last one sent instead would make the first live message after a
	// trailing note or activity event look like a gap, and cost a refill query.
	for i := range evs {
		if c := evs[i].Conversation; evs[i].Type == kefu.EventConversationUpdated && c != nil {
			v.last[c.ID] = max(v.last[c.ID], c.LastSeq)
		}
	}
	return nil
}

func (v *visitorResume) deliver(ctx context.Context, it item, emit emitFunc) error {
	if it.seq == 0 {
		return emit(it) // not a message.created: no position to keep
	}
	last := v.last[it.convID]
	if it.seq <= last {
		return nil
	}
	if it.seq > last+1 {
		evs, err := v.backend.VisitorMessagesAfter(ctx, v.actor, it.convID, last)
		if err != nil {
			return err
		}
		if err := v.send(evs, emit); err != nil {
			return err
		}
		if it.seq <= v.last[it.convID] {
			return nil // the refill included it
		}
	}
	v.last[it.convID] = it.seq
	return emit(it) // emit skips advance-only items
}

// send forwards Backend events through the same projection as live ones, so a Backend that
// returned a note by mistake still cannot leak it.
func (v *visitorResume) send(evs []kefu.Event, emit emitFunc) error {
	for i := range evs {
		it, ok := visitorItem(&evs[i], v.links)
		if !ok {
			continue
		}
		if it.seq > 0 {
			if it.seq <= v.last[it.convID] {
				continue
			}
			v.last[it.convID] = it.seq
		}
		if err := emit(it); err != nil {
			return err
		}
	}
	return nil
}
