package realtime

import (
	"context"
	"strconv"
	"time"

	"github.com/kefu-dev/kefu/internal/jsonenc"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// frameCounts is the server frame carrying an agent's view counts.
const frameCounts = "counts"

// defaultCountsInterval is how long changes of an organisation's conversations are gathered
// before its agents get new counts: at most two counts frames a second per connection, however
// many conversations change.
const defaultCountsInterval = 500 * time.Millisecond

// countsTimeout bounds the one query a counts pass makes.
const countsTimeout = 5 * time.Second

// Counter gives an organisation's active conversations grouped by scope fields, from which the
// hub sums each agent's counts (the store implements it).
type Counter interface {
	ActiveConversationCounts(ctx context.Context, orgID string) ([]kefu.ActiveCount, error)
}

// countsChanged notes that conversations of orgID changed: unless a pass is already due, one
// runs after the interval for every connection of the org that gave views.
func (h *Hub) countsChanged(orgID string) {
	if h.counter == nil {
		return
	}
	h.countsMu.Lock()
	defer h.countsMu.Unlock()
	if h.countsDue[orgID] {
		return
	}
	h.countsDue[orgID] = true
	time.AfterFunc(h.countsEvery, func() { h.sendCounts(orgID) })
}

// sendCounts queries the org's groups once and sends each connection with views its counts,
// when they differ from the last it was sent.
func (h *Hub) sendCounts(orgID string) {
	h.countsMu.Lock()
	delete(h.countsDue, orgID) // changes from now on need another pass
	h.countsMu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), countsTimeout)
	defer cancel()
	groups, err := h.counter.ActiveConversationCounts(ctx, orgID)
	if err != nil {
		h.log.Warn("realtime: view counts", "org_id", orgID, "err", err)
		return
	}
	h.mu.RLock()
	defer h.mu.RUnlock()
	for c := range h.agents[orgID] {
		if c.views.views() == 0 {
			continue // a client without views knows nothing of counts frames
		}
		if it, ok := c.countsItem(groups); ok {
			h.offer(c, it)
		}
	}
}

// countsItem is c's counts frame, and false when c was last sent the same counts.
func (c *conn) countsItem(groups []kefu.ActiveCount) (*item, bool) {
	v := kefu.CountViews(c.actor, groups)
	c.mu.Lock()
	same := c.counted && c.lastCounts == v
	c.counted, c.lastCounts = true, v
	c.mu.Unlock()
	if same {
		return nil, false
	}
	return &item{typ: frameCounts, frame: jsonenc.Encode(func(b []byte) []byte { return appendCounts(b, v) })}, true
}

// appendCounts encodes {"type":"counts","counts":{"mine":M,"unassigned":U,"all":A}}.
func appendCounts(b []byte, v kefu.ViewCounts) []byte {
	b = append(b, `{"type":"counts","counts":{"mine":`...)
	b = strconv.AppendInt(b, int64(v.Mine), 10)
	b = append(b, `,"unassigned":`...)
	b = strconv.AppendInt(b, int64(v.Unassigned), 10)
	b = append(b, `,"all":`...)
	b = strconv.AppendInt(b, int64(v.All), 10)
	return append(b, "}}"...)
}
