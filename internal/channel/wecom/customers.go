package wecom

import (
	"context"
	"sync"
	"time"
)

// A customer's profile is asked of WeCom at most once a day per sender, and the memo holds at
// most memoSize of them: a busy account's thousandth customer does not grow it further.
const (
	memoTTL  = 24 * time.Hour
	memoSize = 10000
)

// customerMemo remembers batchget's answers.
type customerMemo struct {
	mu  sync.Mutex
	now func() time.Time
	m   map[string]memoEntry
}

type memoEntry struct {
	c  customer
	at time.Time
}

func newCustomerMemo(now func() time.Time) *customerMemo {
	return &customerMemo{now: now, m: map[string]memoEntry{}}
}

func (m *customerMemo) get(key string) (customer, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.m[key]
	if !ok || m.now().Sub(e.at) > memoTTL {
		return customer{}, false
	}
	return e.c, true
}

// put remembers c; a full memo is emptied first, the simplest bound that keeps every entry
// at most a day old and costs a batchget per sender at worst.
func (m *customerMemo) put(key string, c customer) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.m) >= memoSize {
		clear(m.m)
	}
	m.m[key] = memoEntry{c: c, at: m.now()}
}

// customer is user's profile, remembered or asked of WeCom. Failing to get it is no reason to
// hold the message back: the customer is then stored without a name, and asked again later.
func (a *Adapter) customer(ctx context.Context, acc account, user string) customer {
	key := acc.corpID + ":" + user
	if c, ok := a.customers.get(key); ok {
		return c
	}
	list, err := a.api.customers(ctx, acc, []string{user})
	if err != nil {
		a.log.InfoContext(ctx, "wecom: customer profile not fetched", "err", err)
		return customer{}
	}
	var c customer
	for _, x := range list {
		if x.ExternalUserID == user {
			c = x
		}
	}
	a.customers.put(key, c)
	return c
}
