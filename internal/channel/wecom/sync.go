package wecom

import (
	"context"
	"encoding/json"

	"github.com/kefu-dev/kefu/internal/kefu"
)

const (
	cursorName = "sync_msg" // the inbox's sync_msg cursor in the store
	pageLimit  = 1000       // sync_msg's largest page
	// maxPages bounds one job's pull; a backlog past it is left to a follow-up job, so one
	// inbox's flood does not hold a worker for ever.
	maxPages = 50
	// drainBatch is how many staged messages are read at a time.
	drainBatch = 100
)

// JobHandlers are the adapter's durable jobs: the pull a callback asks for, receiving what
// is staged, and session state changes.
func (a *Adapter) JobHandlers() map[string]func(ctx context.Context, j kefu.Job) error {
	return map[string]func(ctx context.Context, j kefu.Job) error{
		JobSync: a.handleSync, JobReceive: a.handleReceive, JobState: a.handleState,
	}
}

// jobInbox loads the job's WeCom inbox; false (and nil) when it is gone or no longer WeCom:
// the job is then done, there being nothing to pull for.
func (a *Adapter) jobInbox(ctx context.Context, j kefu.Job) (*kefu.Inbox, bool, error) {
	in, err := a.store.GetInbox(ctx, j.OrgID, j.Ref)
	if kefu.IsNotFound(err) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	return in, in.Channel == kefu.ChannelWeCom && in.Config.WeCom != nil, nil
}

// handleSync pulls every page there is, after receiving what an earlier run left staged.
func (a *Adapter) handleSync(ctx context.Context, j kefu.Job) error {
	inbox, ok, err := a.jobInbox(ctx, j)
	if !ok {
		return err
	}
	var p syncPayload
	_ = json.Unmarshal(j.Payload, &p) // a bad payload pulls without a token, which still works
	unlock, err := a.pulls.Lock(ctx, inbox.ID)
	if err != nil {
		return err
	}
	defer unlock()
	if err := a.drain(ctx, inbox); err != nil {
		return err
	}
	return a.pull(ctx, inbox, p.Token)
}

// handleReceive receives what is staged for the job's inbox.
func (a *Adapter) handleReceive(ctx context.Context, j kefu.Job) error {
	inbox, ok, err := a.jobInbox(ctx, j)
	if !ok {
		return err
	}
	unlock, err := a.pulls.Lock(ctx, inbox.ID)
	if err != nil {
		return err
	}
	defer unlock()
	return a.drain(ctx, inbox)
}

// pull stages and receives pages until WeCom has no more, or maxPages were taken (then a new
// sync job continues).
func (a *Adapter) pull(ctx context.Context, inbox *kefu.Inbox, token string) error {
	for range maxPages {
		more, err := a.pullPage(ctx, inbox, &token)
		if err != nil || !more {
			return err
		}
	}
	return a.queueSync(ctx, inbox, "")
}

// pullPage takes one page from the stored cursor: staged with the cursor's move in one
// transaction, then received. When another process moved the cursor first, nothing is
// staged and the next round reads from where it left off. A token WeCom no longer takes
// (older than its 10 minutes) is dropped: sync_msg works without one.
func (a *Adapter) pullPage(ctx context.Context, inbox *kefu.Inbox, token *string) (bool, error) {
	from, err := a.store.InboundCursor(ctx, inbox.ID, cursorName)
	if err != nil {
		return false, err
	}
	acc, kf := accountOf(inbox), inbox.Config.WeCom.OpenKfID
	page, err := a.api.syncMsg(ctx, acc, syncRequest{Cursor: from, Token: *token, Limit: pageLimit, OpenKfID: kf})
	if *token != "" && hasCode(err, codeMsgTokenInvalid, codeMsgTokenExpired) {
		*token = ""
		return true, nil
	}
	if err != nil {
		return false, err
	}
	items, name := stagedItems(inbox.ID, page.MsgList), cursorName
	if page.NextCursor == "" {
		// WeCom gave no cursor (nothing new since the first pull): nothing moves, and any
		// messages are deduped by their msgid alone.
		if len(items) == 0 {
			return false, nil
		}
		name = ""
	}
	_, moved, err := a.store.StageInbound(ctx, inbox.OrgID, inbox.ID, items, name, from, page.NextCursor, JobReceive)
	if err != nil {
		return false, err
	}
	if !moved {
		return true, nil
	}
	a.notify()
	return page.HasMore == 1, a.drain(ctx, inbox)
}

// stagedItems are a page's messages as staged rows; one without a msgid cannot be deduped and
// is left out (WeCom gives every message one).
func stagedItems(inboxID string, list []json.RawMessage) []kefu.StagedInbound {
	items := make([]kefu.StagedInbound, 0, len(list))
	for _, raw := range list {
		var m struct {
			MsgID string `json:"msgid"`
		}
		if json.Unmarshal(raw, &m) != nil || m.MsgID == "" {
			continue
		}
		items = append(items, kefu.StagedInbound{InboxID: inboxID, MsgID: m.MsgID, Payload: raw})
	}
	return items
}

// drain receives the inbox's staged messages in staging order, deleting each once received.
// A message kefu cannot take for good is dropped with a log line; a failure of the moment
// stops the drain, and the job's retry goes on from that message.
func (a *Adapter) drain(ctx context.Context, inbox *kefu.Inbox) error {
	for {
		batch, err := a.store.StagedInbound(ctx, inbox.ID, drainBatch)
		if err != nil || len(batch) == 0 {
			return err
		}
		for _, st := range batch {
			if err := a.receiveStaged(ctx, inbox, st); err != nil {
				return err
			}
			if err := a.store.DeleteStagedInbound(ctx, inbox.ID, st.Seq); err != nil {
				return err
			}
		}
	}
}

// receiveStaged handles one staged message by its origin.
func (a *Adapter) receiveStaged(ctx context.Context, inbox *kefu.Inbox, st kefu.StagedInbound) error {
	var m kfMessage
	if err := json.Unmarshal(st.Payload, &m); err != nil {
		a.log.WarnContext(ctx, "wecom: unreadable staged message dropped", "inbox_id", inbox.ID, "msgid", st.MsgID)
		return nil
	}
	switch {
	case m.OpenKfID != "" && m.OpenKfID != inbox.Config.WeCom.OpenKfID:
		return nil // another account's: sync_msg was asked for this one's only
	case m.Origin == originCustomer:
		return a.receiveCustomer(ctx, inbox, &m)
	case m.Origin == originEvent && m.Event != nil:
		a.event(ctx, inbox, &m)
	}
	// originServicer: a WeCom servicer wrote from the WeCom app while holding the session
	// (state 3). It is not the customer's message, and kefu's agents did not write it; taking it
	// as the customer's would put the servicer's words in the customer's mouth.
	return nil
}
