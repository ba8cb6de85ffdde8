package wecom

import (
	"context"
	"encoding/json"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// Session state (service_state, document 94669). kefu serves its account's sessions through
// the API, which WeCom calls state 1 (由智能助手接待): send_msg works in states 0 and 1 only,
// and state 3 (由人工接待) would need a WeCom servicer's userid, which kefu's agents are not.
// So kefu moves a new session (0) to 1 when one of its agents first answers in it, which tells
// WeCom the session is handled and keeps WeCom from offering it to its own servicers, and to
// 4 (已结束) when the conversation is resolved.
//
// How kefu learns of the changes: an agent's reply is a durable delivery job already, so the
// move to 1 is made in Deliver, before the reply is sent (durable, and exactly when it
// matters). A resolution reaches the adapter on the bus (Follow, after commit), which queues a
// durable wecom.state job. The bus can lose the event in a crash right after the commit; that
// costs nothing for the customer (WeCom ends an idle session on its own, and a new customer
// message starts a new session), so the event log cursor the webhook dispatcher keeps would be
// more machinery than the guarantee is worth.

type statePayload struct {
	ContactID string `json:"contact_id"`
	State     int    `json:"state"`
}

// Follow is the bus handler: a WeCom conversation that was resolved gets a wecom.state job to
// end its session. It runs on the bus's goroutine and only hands the work on.
func (a *Adapter) Follow(events []kefu.Event) {
	for _, ev := range events {
		c := ev.Conversation
		if ev.Type != kefu.EventConversationUpdated || c == nil || c.Status != kefu.StatusResolved || ev.Seq == 0 {
			continue
		}
		select {
		case a.resolved <- *c:
		default:
			a.log.Info("wecom: session end dropped (busy)", "conversation_id", c.ID)
		}
	}
}

// Run queues the state jobs Follow handed on, until ctx ends.
func (a *Adapter) Run(ctx context.Context) error {
	for {
		select {
		case <-ctx.Done():
			return nil
		case c := <-a.resolved:
			a.queueEnd(ctx, c)
		}
	}
}

// queueEnd commits a job ending c's session, when c is in a WeCom inbox.
func (a *Adapter) queueEnd(ctx context.Context, c kefu.Conversation) {
	inbox, err := a.store.GetInbox(ctx, c.OrgID, c.InboxID)
	if err != nil || inbox.Channel != kefu.ChannelWeCom {
		return
	}
	payload, _ := json.Marshal(statePayload{ContactID: c.ContactID, State: stateEnded})
	j := &kefu.Job{OrgID: c.OrgID, Kind: JobState, Ref: inbox.ID, Payload: payload, MaxAttempts: jobAttempts, RunAt: a.now()}
	if err := a.store.InsertJob(ctx, j); err != nil {
		a.log.WarnContext(ctx, "wecom: session end not queued", "conversation_id", c.ID, "err", err)
		return
	}
	a.notify()
}

// handleState moves the contact's session to the job's state.
func (a *Adapter) handleState(ctx context.Context, j kefu.Job) error {
	inbox, ok, err := a.jobInbox(ctx, j)
	if !ok {
		return err
	}
	var p statePayload
	if json.Unmarshal(j.Payload, &p) != nil {
		return nil
	}
	ct, err := a.store.GetContact(ctx, j.OrgID, p.ContactID)
	if kefu.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	acc := accountOf(inbox)
	for _, id := range ct.Identities {
		if user, ok := trimCorp(id.ExternalID, acc.corpID); ok && id.Channel == kefu.ChannelWeCom {
			return a.moveSession(ctx, inbox, user, p.State)
		}
	}
	return nil
}

// moveSession moves user's session to state from where it is. A session already there, or in
// a state WeCom does not let it leave that way (a servicer holds it, it ended), is left alone.
func (a *Adapter) moveSession(ctx context.Context, inbox *kefu.Inbox, user string, state int) error {
	acc, kf := accountOf(inbox), inbox.Config.WeCom.OpenKfID
	cur, err := a.api.serviceState(ctx, acc, kf, user)
	if err != nil {
		return err
	}
	if cur == state || cur == stateEnded || cur == stateServicer {
		return nil
	}
	if cur == stateUnhandled && state == stateEnded {
		// WeCom ends a session only from being served: through 1 first.
		if err := a.trans(ctx, acc, kf, user, stateAssistant); err != nil {
			return err
		}
	}
	return a.trans(ctx, acc, kf, user, state)
}

// trans is service_state/trans; a transition WeCom refuses (95016) or a session that ended
// meanwhile (95013) is nothing to retry.
func (a *Adapter) trans(ctx context.Context, acc account, kf, user string, state int) error {
	err := a.api.transState(ctx, acc, kf, user, state)
	if hasCode(err, codeStateTransition, codeSessionEnded) {
		a.log.InfoContext(ctx, "wecom: session state not changed", "state", state, "err", err)
		return nil
	}
	return err
}

// served moves a new session to "served through the API" before kefu's first reply in it.
// Best effort: should it fail, send_msg still works in state 0.
func (a *Adapter) served(ctx context.Context, inbox *kefu.Inbox, user string) {
	key := inbox.ID + ":" + user
	if _, ok := a.servedSessions.Get(key, a.now()); ok {
		return
	}
	if err := a.moveSession(ctx, inbox, user, stateAssistant); err != nil {
		a.log.InfoContext(ctx, "wecom: session not marked as served", "inbox_id", inbox.ID, "err", err)
		return
	}
	a.servedSessions.Put(key, true, a.now())
}
