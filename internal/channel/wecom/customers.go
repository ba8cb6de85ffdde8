package wecom

import (
	"context"
	"time"
)

// A customer's profile is asked of WeCom at most once a day per sender, and the memo holds at
// most memoSize of them: a busy account's thousandth customer does not grow it further.
const (
	memoTTL  = 24 * time.Hour
	memoSize = 10000
)

// customer is user's profile, remembered or asked of WeCom. Failing to get it is no reason to
// hold the message back: the customer is then stored without a name, and asked again later.
func (a *Adapter) customer(ctx context.Context, acc account, user string) customer {
	key := acc.corpID + ":" + user
	if c, ok := a.customers.Get(key, a.now()); ok {
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
	a.customers.Put(key, c, a.now())
	return c
}
