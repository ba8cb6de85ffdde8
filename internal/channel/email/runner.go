package email

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// maxBackoff caps the pause between reconnections to a failing IMAP server.
const maxBackoff = 5 * time.Minute

// worker is the running IMAP loop of one inbox.
type worker struct {
	settings string // the inbox's mail settings as last seen: a change restarts the worker
	cancel   context.CancelFunc
	done     chan struct{}
}

// Run serves every email inbox that receives over IMAP, one worker each, until ctx ends. It
// re-reads the inboxes every RefreshInterval: a new inbox gets a worker, a changed one (other
// server, password, mailbox) a fresh one, a deleted one loses its worker.
func (a *Adapter) Run(ctx context.Context) error {
	stopSMTP, err := a.startListener(ctx)
	if err != nil {
		return err
	}
	defer stopSMTP()
	workers := map[string]*worker{}
	defer func() {
		for id := range workers {
			a.stopWorker(workers, id)
		}
	}()
	tick := time.NewTicker(a.opts.RefreshInterval)
	defer tick.Stop()
	for {
		a.refresh(ctx, workers)
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
		}
	}
}

// startListener starts the SMTP listener when one is configured; stop waits for it to end.
func (a *Adapter) startListener(ctx context.Context) (stop func(), err error) {
	ln := a.opts.SMTPListener
	if ln == nil && a.opts.SMTPListen == "" {
		return func() {}, nil
	}
	if ln == nil {
		if ln, err = net.Listen("tcp", a.opts.SMTPListen); err != nil {
			return nil, fmt.Errorf("email: smtp_listen %s: %w", a.opts.SMTPListen, err)
		}
	}
	lctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := a.serveSMTP(lctx, ln); err != nil {
			a.log.ErrorContext(ctx, "email: smtp listener stopped", "err", err)
		}
	}()
	return func() { cancel(); <-done }, nil
}

// refresh brings the workers in line with the stored inboxes. A failed listing changes
// nothing: the workers keep running until the next refresh succeeds.
func (a *Adapter) refresh(ctx context.Context, workers map[string]*worker) {
	inboxes, err := a.inboxes.InboxesOfChannel(ctx, kefu.ChannelEmail)
	if err != nil {
		a.log.WarnContext(ctx, "email: listing inboxes failed", "err", kefu.PublicMessage(err))
		return
	}
	seen := map[string]bool{}
	for i := range inboxes {
		in := &inboxes[i]
		if in.Config.Email == nil || in.Config.Email.Receive != "imap" {
			continue
		}
		seen[in.ID] = true
		key := settingsKey(in)
		if w, ok := workers[in.ID]; ok && w.settings == key {
			continue
		}
		a.stopWorker(workers, in.ID)
		workers[in.ID] = a.startWorker(ctx, in, key)
	}
	for id := range workers {
		if !seen[id] {
			a.stopWorker(workers, id)
		}
	}
}

// settingsKey is what identifies an inbox's IMAP settings, compared in memory only (it holds
// the password; never logged).
func settingsKey(in *kefu.Inbox) string {
	b, _ := json.Marshal(struct {
		C *kefu.EmailChannel
		P string
	}{in.Config.Email, in.Secrets.IMAPPassword})
	return string(b)
}

func (a *Adapter) startWorker(ctx context.Context, in *kefu.Inbox, key string) *worker {
	wctx, cancel := context.WithCancel(ctx)
	w := &worker{settings: key, cancel: cancel, done: make(chan struct{})}
	inbox := *in
	go func() {
		defer close(w.done)
		a.serve(wctx, &inbox)
	}()
	return w
}

func (a *Adapter) stopWorker(workers map[string]*worker, id string) {
	if w, ok := workers[id]; ok {
		w.cancel()
		<-w.done
		delete(workers, id)
	}
}

// serve keeps one inbox's IMAP session running, reconnecting after failures with exponential
// backoff and jitter (a server that is down is not hammered by every kefu at once).
func (a *Adapter) serve(ctx context.Context, inbox *kefu.Inbox) {
	backoff := time.Second
	for ctx.Err() == nil {
		started := time.Now()
		err := a.runSession(ctx, inbox)
		if ctx.Err() != nil {
			return
		}
		a.log.WarnContext(ctx, "email: IMAP connection ended", "inbox_id", inbox.ID, "err", err)
		if time.Since(started) > maxBackoff {
			backoff = time.Second // it worked for a while: start over
		}
		pause := backoff/2 + rand.N(backoff/2+1)
		select {
		case <-ctx.Done():
		case <-time.After(pause):
		}
		backoff = min(2*backoff, maxBackoff)
	}
}
