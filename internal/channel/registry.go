package channel

import (
	"fmt"
	"slices"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// Registry holds the adapters of the running server, one per channel type. cmd/kefu builds it
// once; it never changes afterwards, so it needs no lock.
type Registry struct {
	adapters map[kefu.ChannelType]Adapter
}

// NewRegistry returns a registry of adapters; two adapters of one type are a wiring mistake.
func NewRegistry(adapters ...Adapter) (*Registry, error) {
	r := &Registry{adapters: make(map[kefu.ChannelType]Adapter, len(adapters))}
	for _, a := range adapters {
		t := a.Type()
		if t == "" {
			return nil, fmt.Errorf("channel: adapter %T has no type", a)
		}
		if _, dup := r.adapters[t]; dup {
			return nil, fmt.Errorf("channel: two adapters for %q", t)
		}
		r.adapters[t] = a
	}
	return r, nil
}

// Adapter returns the adapter of channel type t.
func (r *Registry) Adapter(t kefu.ChannelType) (Adapter, bool) {
	a, ok := r.adapters[t]
	return a, ok
}

// Capabilities returns what channel type t can send; false when no adapter serves it.
func (r *Registry) Capabilities(t kefu.ChannelType) (Capabilities, bool) {
	a, ok := r.adapters[t]
	if !ok {
		return Capabilities{}, false
	}
	return a.Capabilities(), true
}

// Types lists the registered channel types in order.
func (r *Registry) Types() []kefu.ChannelType {
	types := make([]kefu.ChannelType, 0, len(r.adapters))
	for t := range r.adapters {
		types = append(types, t)
	}
	slices.Sort(types)
	return types
}

// Deliverer returns the adapter that must deliver m, a committed message in a conversation of
// an inbox of channel type t, or false when m needs no delivery: the contact's own messages,
// notes and activity entries never leave kefu, and a realtime channel's clients receive every
// message from the hub. The store asks it (store.SetDeliveryPolicy) inside the transaction that
// appends a reply and queues a delivery job only when it says yes, so the web widget's hot path
// writes no job rows.
func (r *Registry) Deliverer(t kefu.ChannelType, m *kefu.Message) (Adapter, bool) {
	if m.SenderType == kefu.SenderContact || m.Kind.Private() {
		return nil, false
	}
	a, ok := r.adapters[t]
	if !ok || a.Capabilities().Realtime {
		return nil, false
	}
	return a, true
}
