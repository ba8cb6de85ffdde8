package bus

import "github.com/kefu-dev/kefu/internal/kefu"

// Handler receives events in the order they were published. It runs on the bus's delivery
// goroutine, one batch after another, so it must not block: a follower with slow work (a
// webhook, a bot) hands the events to a bounded queue of its own.
type Handler func(events []kefu.Event)

// Bus is publish/subscribe for events.
type Bus interface {
	// Publish hands events to every subscriber, in order after everything published before.
	// The writer calls it after each commit with the batch's events in commit order.
	Publish(events []kefu.Event)
	// Subscribe adds a follower. name identifies it in logs and metrics. Subscribe before the
	// first Publish: a subscriber sees only what is published after it subscribed.
	Subscribe(name string, h Handler)
}
