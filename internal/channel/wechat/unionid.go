package wechat

import (
	"context"
	"net/url"
	"sync"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// linked is the sender's UnionID as a linked identity, for an Official Account bound to an
// Open Platform account (user/info gives it then); nil otherwise, for mini programs (whose
// callbacks and server APIs give none) and when the platform could not be asked. Each
// sender is asked about at most once a day per process: the answer rarely changes and
// user/info has a daily quota.
func (a *Adapter) linked(ctx context.Context, inbox *kefu.Inbox, openID string) []kefu.Identity {
	if a.typ != kefu.ChannelWeChat {
		return nil
	}
	key := appID(inbox) + ":" + openID
	union, ok := a.unionIDs.get(key, a.now())
	if !ok {
		union = a.askUnionID(ctx, inbox, openID)
		a.unionIDs.put(key, union, a.now())
	}
	if union == "" {
		return nil
	}
	return []kefu.Identity{{Channel: kefu.IdentityWeChatUnion, ExternalID: union}}
}

// askUnionID calls user/info; failures are logged and read as "no UnionID": the message is
// stored all the same.
func (a *Adapter) askUnionID(ctx context.Context, inbox *kefu.Inbox, openID string) string {
	var info struct {
		UnionID string `json:"unionid"`
	}
	err := a.withToken(ctx, inbox, func(tok string) error {
		q := url.Values{"access_token": {tok}, "openid": {openID}, "lang": {"zh_CN"}}
		return a.api.Get(ctx, userInfoPath, q, &info)
	})
	if err != nil {
		a.log.InfoContext(ctx, "wechat: user/info failed; the sender is kept without a UnionID", "inbox_id", inbox.ID, "err", err)
		return ""
	}
	if len(info.UnionID) > 128 {
		return ""
	}
	return info.UnionID
}

// unionMemo remembers answers for ttl, at most size of them: when full, expired entries go,
// and if none has expired the whole memo is dropped (cheaper than tracking age order, and
// the cost is only some repeated user/info calls).
type unionMemo struct {
	mu      sync.Mutex
	size    int
	ttl     time.Duration
	entries map[string]unionEntry
}

type unionEntry struct {
	union string
	at    time.Time
}

func newUnionMemo(size int, ttl time.Duration) *unionMemo {
	return &unionMemo{size: size, ttl: ttl, entries: map[string]unionEntry{}}
}

func (m *unionMemo) get(key string, now time.Time) (string, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.entries[key]
	if !ok || now.Sub(e.at) > m.ttl {
		return "", false
	}
	return e.union, true
}

func (m *unionMemo) put(key, union string, now time.Time) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.entries) >= m.size {
		m.evict(now)
	}
	m.entries[key] = unionEntry{union: union, at: now}
}

func (m *unionMemo) evict(now time.Time) {
	for k, e := range m.entries {
		if now.Sub(e.at) > m.ttl {
			delete(m.entries, k)
		}
	}
	if len(m.entries) >= m.size {
		clear(m.entries)
	}
}
