package telegram

import (
	"context"
	"sync"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// Run long-polls getUpdates for every polling-mode Telegram inbox until ctx ends. It reads
// the inboxes again every Rescan, starting a poller for a new inbox, restarting one whose
// token changed and stopping one deleted or switched to webhook mode.
func (a *Adapter) Run(ctx context.Context) error {
	ps := pollers{running: map[string]*poller{}}
	defer ps.stopAll()
	t := time.NewTicker(a.rescan)
	defer t.Stop()
	for {
		a.syncPollers(ctx, &ps)
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// syncPollers makes the running pollers match the polling inboxes; a failed listing keeps them.
func (a *Adapter) syncPollers(ctx context.Context, ps *pollers) {
	inboxes, err := a.inboxes.InboxesOfChannel(ctx, kefu.ChannelTelegram)
	if err != nil {
		if ctx.Err() == nil {
			a.log.ErrorContext(ctx, "telegram: list inboxes", "err", err)
		}
		return
	}
	want := map[string]kefu.Inbox{}
	for _, in := range inboxes {
		if in.Config.Telegram != nil && in.Config.Telegram.Mode == modePolling && in.Secrets.BotToken != "" {
			want[in.ID] = in
		}
	}
	ps.stopExcept(want)
	for id, in := range want {
		if _, ok := ps.running[id]; !ok {
			ps.start(ctx, id, in.Secrets.BotToken, func(ctx context.Context) { a.poll(ctx, &in) })
		}
	}
}

// pollers are the running pollers by inbox id; only Run's goroutine touches the map.
type pollers struct {
	running map[string]*poller
	wg      sync.WaitGroup
}

type poller struct {
	token  string
	cancel context.CancelFunc
	done   chan struct{}
}

func (ps *pollers) start(ctx context.Context, id, token string, run func(context.Context)) {
	ctx, cancel := context.WithCancel(ctx)
	p := &poller{token: token, cancel: cancel, done: make(chan struct{})}
	ps.running[id] = p
	ps.wg.Go(func() {
		defer close(p.done)
		run(ctx)
	})
}

// stopExcept stops the pollers of inboxes not in want or whose token changed, and waits for
// each, so two pollers of one bot never run at once (Telegram answers the second 409).
func (ps *pollers) stopExcept(want map[string]kefu.Inbox) {
	for id, p := range ps.running {
		if in, ok := want[id]; ok && in.Secrets.BotToken == p.token {
			continue
		}
		p.cancel()
		<-p.done
		delete(ps.running, id)
	}
}

func (ps *pollers) stopAll() {
	for _, p := range ps.running {
		p.cancel()
	}
	ps.wg.Wait()
}

// poll fetches and stores one inbox's updates until ctx ends. The offset moves past an update
// only once it is stored, so an update that failed is fetched again; Telegram forgets the
// updates before the offset of the next getUpdates. After a restart the offset starts at 0
// and Telegram sends the unconfirmed updates again, which the Receiver recognises by their
// message ids.
func (a *Adapter) poll(ctx context.Context, inbox *kefu.Inbox) {
	var offset int64
	pause := newBackoff()
	for ctx.Err() == nil {
		next, err := a.pollOnce(ctx, inbox, offset)
		offset = next
		if err != nil && ctx.Err() == nil {
			a.log.WarnContext(ctx, "telegram: polling failed; retrying", "inbox_id", inbox.ID, "err", err)
			sleep(ctx, pause.next())
			continue
		}
		pause.reset()
	}
}

// pollOnce does one getUpdates and stores what came, returning the offset to ask from next.
func (a *Adapter) pollOnce(ctx context.Context, inbox *kefu.Inbox, offset int64) (int64, error) {
	ups, err := a.api.getUpdates(ctx, inbox.Secrets.BotToken, offset, int(a.pollWait/time.Second))
	if err != nil {
		return offset, err
	}
	for i := range ups {
		if err := a.handle(ctx, inbox, &ups[i]); err != nil {
			return offset, err
		}
		offset = ups[i].UpdateID + 1
	}
	return offset, nil
}

// backoff doubles a pause from one second up to a minute, so a revoked token or a Telegram
// outage costs one request a minute.
type backoff struct{ d time.Duration }

func newBackoff() *backoff { return &backoff{} }

func (b *backoff) next() time.Duration {
	b.d = min(max(2*b.d, time.Second), time.Minute)
	return b.d
}

func (b *backoff) reset() { b.d = 0 }

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}
