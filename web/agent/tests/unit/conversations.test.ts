// The conversation list applying WebSocket events: insert, update, reorder, drop, unread.
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { useAuthStore } from '@/stores/auth';
import { useConversationsStore } from '@/stores/conversations';
import { compare, isUnread, matches, defaultFilter } from '@/lib/listFilter';
import { agent, conversation, message, stubFetch } from './fixtures';

function setup(filter = {}) {
  setActivePinia(createPinia());
  stubFetch({ 'GET /api/v1/conversations/counts': [200, { mine: 0, unassigned: 0, all: 0 }] });
  useAuthStore().agent = agent();
  const store = useConversationsStore();
  store.filter = { ...defaultFilter, view: 'all', ...filter };
  return store;
}

const later = (c: { last_activity_at: string }, minutes: number) => new Date(Date.parse(c.last_activity_at) + minutes * 60_000).toISOString();

describe('conversation list store', () => {
  beforeEach(() => vi.useRealTimers());

  it('takes the tab counts from counts frames; narrowed to an inbox it asks REST instead', async () => {
    const store = setup();
    store.apply({ type: 'counts', counts: { mine: 2, unassigned: 5, all: 9 } });
    expect(store.counts).toEqual({ mine: 2, unassigned: 5, all: 9 });
    store.filter = { ...store.filter, inboxId: 'i1' };
    vi.useFakeTimers();
    store.apply({ type: 'counts', counts: { mine: 7, unassigned: 7, all: 7 } });
    expect(store.counts).toEqual({ mine: 2, unassigned: 5, all: 9 });
    await vi.advanceTimersByTimeAsync(500);
    vi.useRealTimers();
    await vi.waitFor(() => expect(store.counts).toEqual({ mine: 0, unassigned: 0, all: 0 }));
  });

  it('inserts a created conversation at the top of a last-activity list', () => {
    const store = setup();
    const old = conversation();
    store.upsert(old);
    const fresh = conversation();
    store.apply({ type: 'conversation.created', cursor: 1, conversation_id: fresh.id, conversation: fresh });
    expect(store.ids).toEqual([fresh.id, old.id]);
  });

  it('moves a conversation up when a message arrives and marks it unread', () => {
    const store = setup();
    const a = conversation();
    const b = conversation();
    store.upsert(a);
    store.upsert(b);
    expect(store.ids).toEqual([b.id, a.id]);
    const at = later(b, 5);
    store.apply({
      type: 'message.created', cursor: 2, conversation_id: a.id, message: message({ conversation_id: a.id, seq: 2, created_at: at }),
      conversation: { ...a, last_seq: 2, last_activity_at: at, updated_at: at },
    });
    expect(store.ids).toEqual([a.id, b.id]);
    expect(isUnread(store.byId[a.id])).toBe(true);
    expect(store.byId[a.id]?.last_message?.seq).toBe(2);
  });

  it('bumps a held conversation when message.created carries no conversation', () => {
    const store = setup();
    const a = conversation();
    const b = conversation();
    store.upsert(a);
    store.upsert(b);
    store.apply({ type: 'message.created', cursor: 3, conversation_id: a.id, message: message({ conversation_id: a.id, seq: 4, created_at: later(b, 1) }) });
    expect(store.ids[0]).toBe(a.id);
    expect(store.byId[a.id].last_seq).toBe(4);
  });

  it('drops a conversation that no longer matches the view (assigned away from Unassigned)', () => {
    const store = setup({ view: 'unassigned' });
    const c = conversation();
    store.upsert(c);
    expect(store.ids).toEqual([c.id]);
    const at = later(c, 1);
    store.apply({ type: 'conversation.updated', cursor: 4, conversation_id: c.id, conversation: { ...c, assignee_id: 'a-other', updated_at: at } });
    expect(store.ids).toEqual([]);
    expect(store.byId[c.id].assignee_id).toBe('a-other'); // still known, just not listed
  });

  it('adds a conversation assigned to me to Mine', () => {
    const store = setup({ view: 'mine' });
    const c = conversation();
    store.upsert(c);
    expect(store.ids).toEqual([]);
    store.apply({ type: 'conversation.updated', cursor: 5, conversation_id: c.id, conversation: { ...c, assignee_id: 'a-me', updated_at: later(c, 1) } });
    expect(store.ids).toEqual([c.id]);
  });

  it('ignores a copy older than the one held (a late REST answer after a live event)', () => {
    const store = setup();
    const c = conversation();
    const newer = { ...c, status: 'resolved', updated_at: later(c, 2) };
    store.upsert(newer);
    store.upsert(c);
    expect(store.byId[c.id].status).toBe('resolved');
  });

  it('leaves search results to the server: a new conversation is not added while searching', () => {
    const store = setup({ q: 'refund' });
    const c = conversation();
    store.apply({ type: 'conversation.created', cursor: 6, conversation_id: c.id, conversation: c });
    expect(store.ids).toEqual([]);
  });

  it('does not append past the loaded page while more pages exist', () => {
    const store = setup();
    const a = conversation();
    store.upsert(a);
    store.nextCursor = 'more';
    const old = { ...conversation(), last_activity_at: '2000-01-01T00:00:00Z' };
    store.upsert(old);
    expect(store.ids).toEqual([a.id]);
  });

  it('marks read locally at once and tells the server', async () => {
    setActivePinia(createPinia());
    const seen = stubFetch({ 'POST /api/v1/conversations/c-r/read': [204, undefined] });
    const store = useConversationsStore();
    store.upsert(conversation({ id: 'c-r', last_seq: 7, my_last_read_seq: 3 }));
    await store.markRead('c-r', 7);
    expect(store.byId['c-r'].my_last_read_seq).toBe(7);
    expect(seen.map((s) => [s.method, s.path, s.body])).toEqual([['POST', '/api/v1/conversations/c-r/read', { seq: 7 }]]);
  });

  it('unread is this agent\'s own: another agent reading (the visible marker) changes nothing', () => {
    const store = setup();
    const c = conversation({ last_seq: 5, agent_last_read_seq: 2, my_last_read_seq: 2 });
    store.upsert(c);
    const at = later(c, 1);
    // Events carry no my_last_read_seq: the held one stays.
    store.apply({ type: 'conversation.updated', cursor: 9, conversation_id: c.id, conversation: { ...c, agent_last_read_seq: 5, my_last_read_seq: undefined, updated_at: at } });
    expect(store.byId[c.id].agent_last_read_seq).toBe(5);
    expect(isUnread(store.byId[c.id])).toBe(true);
  });

  it('takes its own read frame (another tab) and ignores anyone else\'s', () => {
    const store = setup();
    const c = conversation({ last_seq: 5, my_last_read_seq: 2 });
    store.upsert(c);
    store.apply({ type: 'read', conversation_id: c.id, read: { agent_id: 'someone-else', seq: 5 } });
    expect(isUnread(store.byId[c.id])).toBe(true);
    store.apply({ type: 'read', conversation_id: c.id, read: { agent_id: 'a-me', seq: 5 } });
    expect(isUnread(store.byId[c.id])).toBe(false);
  });
});

describe('list rules', () => {
  it('waiting sort puts the longest-waiting first and the not-waiting last', () => {
    const a = conversation({ waiting_since: '2025-01-01T10:00:00Z' });
    const b = conversation({ waiting_since: '2025-01-01T09:00:00Z' });
    const c = conversation({ waiting_since: null });
    expect([a, c, b].sort(compare('waiting')).map((x) => x.id)).toEqual([b.id, a.id, c.id]);
  });

  it('matches views, inbox, label and status', () => {
    const c = conversation({ assignee_id: '', inbox_id: 'i9', labels: ['vip'], status: 'open' });
    const f = { ...defaultFilter };
    expect(matches(c, { ...f, view: 'unassigned' }, 'me')).toBe(true);
    expect(matches(c, { ...f, view: 'mine' }, 'me')).toBe(false);
    expect(matches(c, { ...f, view: 'all', inboxId: 'i1' }, 'me')).toBe(false);
    expect(matches(c, { ...f, view: 'all', label: 'vip' }, 'me')).toBe(true);
    expect(matches(c, { ...f, view: 'all', status: 'resolved' }, 'me')).toBe(false);
    expect(matches(c, { ...f, view: 'all', status: 'any' }, 'me')).toBe(true);
  });
});
