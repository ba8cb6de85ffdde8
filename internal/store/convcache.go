package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// convTarget is what an op declares before its batch runs: the conversation it writes and, for
// an agent's message that takes the agent's current name, that agent.
type convTarget struct {
	orgID, convID string
	agentID       string // "" when no name is needed
}

type orgKey struct{ orgID, id string } // a conversation or an agent, by organisation

// maxCachedConversations bounds SQLite's long-lived cache: about 1 KiB each, so at most some
// 16 MiB however many conversations a busy server has.
const maxCachedConversations = 16384

// convCache holds the conversations (and agent names) that ops declared, exactly as the
// transaction has them now, so an append takes its conversation from memory instead of a
// SELECT … FOR UPDATE of its own: on PostgreSQL the writer waits for every statement's round
// trip, and reading a batch's conversations in one statement halves an append's; on SQLite the
// read, its labels and the agent's name were a sixth of the writer's time.
//
// An entry is kept true by the only writers of declared rows (appendMessage stores the row it
// saved, updateConversation drops the one it saved); the writer drops the whole cache after an
// op that declared nothing (it may change any row), after a failed op (its savepoint undid what
// it stored) and after a failed transaction.
//
// On PostgreSQL each batch starts with an empty cache, since other nodes write the same rows.
// On SQLite the writer keeps one cache across batches, and also drops it when PRAGMA
// data_version shows that another connection (a CLI command, a restore) committed. Only the
// writer goroutine uses it, so it needs no lock. A nil cache is empty.
type convCache struct {
	convs       map[orgKey]*kefu.Conversation
	names       map[orgKey]sql.NullString // an agent's name; not Valid: the organisation has no such agent
	dataVersion int64                     // SQLite: PRAGMA data_version when the cache was last known true
}

func newConvCache() *convCache {
	return &convCache{convs: map[orgKey]*kefu.Conversation{}, names: map[orgKey]sql.NullString{}}
}

// conversation returns a copy of the cached conversation and, when agentID is not nil, that
// agent's name; ok is false when the cache cannot answer. An agent the organisation does not
// have is not found, as in getConversationAnd.
func (cc *convCache) conversation(orgID, id string, agentID *string) (conv *kefu.Conversation, name string, ok bool, err error) {
	if cc == nil {
		return nil, "", false, nil
	}
	c, hit := cc.convs[orgKey{orgID, id}]
	if !hit {
		return nil, "", false, nil
	}
	if agentID != nil {
		n, hit := cc.names[orgKey{orgID, *agentID}]
		if !hit {
			return nil, "", false, nil
		}
		if !n.Valid {
			return nil, "", true, kefu.ErrNotFound
		}
		name = n.String
	}
	return cloneConversation(c), name, true, nil
}

// put records c as the transaction now has it.
func (cc *convCache) put(c *kefu.Conversation) {
	if cc != nil {
		cc.store(cloneConversation(c))
	}
}

// store keeps c, which the cache now owns, evicting an arbitrary entry when full: a long-lived
// cache on SQLite must not grow with every conversation the server ever wrote to.
func (cc *convCache) store(c *kefu.Conversation) {
	key := orgKey{c.OrgID, c.ID}
	if _, ok := cc.convs[key]; !ok && len(cc.convs) >= maxCachedConversations {
		for k := range cc.convs {
			delete(cc.convs, k)
			break
		}
	}
	cc.convs[key] = c
}

// storeName keeps an agent's name (not Valid: no such agent), within the same bound.
func (cc *convCache) storeName(key orgKey, name sql.NullString) {
	if _, ok := cc.names[key]; !ok && len(cc.names) >= maxCachedConversations {
		clear(cc.names)
	}
	cc.names[key] = name
}

// answers reports whether the cache holds what target needs.
func (cc *convCache) answers(t convTarget) bool {
	if _, ok := cc.convs[orgKey{t.orgID, t.convID}]; !ok {
		return false
	}
	if t.agentID == "" {
		return true
	}
	_, ok := cc.names[orgKey{t.orgID, t.agentID}]
	return ok
}

// forget drops a conversation whose row changed in a way the cache does not mirror.
func (cc *convCache) forget(orgID, id string) {
	if cc != nil {
		delete(cc.convs, orgKey{orgID, id})
	}
}

// clear drops everything: the next read of each conversation goes to the database.
func (cc *convCache) clear() {
	if cc != nil {
		clear(cc.convs)
		clear(cc.names)
	}
}

// load reads (and on PostgreSQL locks, in (organisation, id) order) the conversations of
// targets, with the agent names they need, in one statement, into the cache. The
// organisations' rows must be locked first (lockOrgs), the order every writer locks in.
// Targets that do not exist are simply not cached: their op reads again and fails as before.
func (cc *convCache) load(ctx context.Context, c conn, targets []convTarget) error {
	if len(targets) == 0 {
		return nil
	}
	source, args, err := c.d.targetRows(targets)
	if err != nil {
		return err
	}
	rows, err := c.query(ctx, `SELECT `+conversationColumns+`, `+c.d.labelsJSON("c.id")+`, t.agent_id,
		(SELECT name FROM agents a WHERE a.org_id = c.org_id AND a.id = t.agent_id)
		FROM `+source+` JOIN conversations c ON c.org_id = t.org_id AND c.id = t.id
		ORDER BY c.org_id, c.id, t.agent_id`+c.d.forUpdateOf("c"), args...)
	if err != nil {
		return fmt.Errorf("prefetch conversations: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := cc.scanTarget(rows); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("prefetch conversations: %w", err)
	}
	return nil
}

// checkDataVersion drops the cache when a connection other than the writer's committed since
// the last check (SQLite only; it runs inside the batch's transaction).
func (cc *convCache) checkDataVersion(ctx context.Context, c conn) error {
	var v int64
	if err := c.queryRow(ctx, `PRAGMA data_version`).Scan(&v); err != nil {
		return err
	}
	if v != cc.dataVersion {
		cc.clear()
		cc.dataVersion = v
	}
	return nil
}

// scanTarget scans one prefetched row: a conversation and, if its target named one, an agent.
func (cc *convCache) scanTarget(rows *sql.Rows) error {
	var (
		labels, agentID string
		name            sql.NullString
	)
	conv, err := scanConversation(rows, &labels, &agentID, &name)
	if err != nil {
		return err
	}
	if err := decodeLabels(conv, labels); err != nil {
		return err
	}
	cc.store(conv)
	if agentID != "" {
		cc.storeName(orgKey{conv.OrgID, agentID}, name)
	}
	return nil
}

// targetRows is a FROM item t(org_id, id, agent_id) with one row per target, and its arguments:
// one statement text whatever the batch's size, so it is prepared once.
func (d dialect) targetRows(targets []convTarget) (string, []any, error) {
	if d.name == DialectPostgres {
		orgs, convs, agents := make([]string, len(targets)), make([]string, len(targets)), make([]string, len(targets))
		for i, t := range targets {
			orgs[i], convs[i], agents[i] = t.orgID, t.convID, t.agentID
		}
		return `unnest(?::text[], ?::text[], ?::text[]) AS t(org_id, id, agent_id)`, []any{orgs, convs, agents}, nil
	}
	triples := make([][3]string, len(targets))
	for i, t := range targets {
		triples[i] = [3]string{t.orgID, t.convID, t.agentID}
	}
	js, err := json.Marshal(triples)
	if err != nil {
		return "", nil, err
	}
	return `(SELECT value ->> 0 AS org_id, value ->> 1 AS id, value ->> 2 AS agent_id FROM json_each(?)) AS t`,
		[]any{string(js)}, nil
}

// batchTargets lists the distinct targets the ops declared that cc cannot answer yet, and the
// organisations of all declared targets (each must be locked before its conversations).
func batchTargets(ops []*op, cc *convCache) (targets []convTarget, orgIDs []string) {
	seen, seenOrg := map[convTarget]bool{}, map[string]bool{}
	for _, o := range ops {
		if o.target == nil || seen[*o.target] {
			continue
		}
		seen[*o.target] = true
		if !seenOrg[o.target.orgID] {
			seenOrg[o.target.orgID] = true
			orgIDs = append(orgIDs, o.target.orgID)
		}
		if !cc.answers(*o.target) {
			targets = append(targets, *o.target)
		}
	}
	return targets, orgIDs
}

// lockedConversation returns the conversation an op writes, locked on PostgreSQL, and when
// agentID is not nil that agent's name (see getConversationAnd): from the batch's cache when it
// holds them, else read from the database and cached.
func (t *Tx) lockedConversation(orgID, id string, agentID *string) (*kefu.Conversation, string, error) {
	if conv, name, ok, err := t.cache.conversation(orgID, id, agentID); ok {
		return conv, name, err
	}
	conv, name, err := getConversationAnd(t.ctx, t.c, orgID, id, true, agentID)
	if err == nil {
		t.cache.put(conv)
	}
	return conv, name, err
}
