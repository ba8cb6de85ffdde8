import { describe, expect, it } from 'vitest';
import { Timeline, items, unreadCount } from '../../src/core/timeline';
import type { OutboxItem } from '../../src/core/outbox';
import { msg } from './fixtures';

const queued = (id: string, conv: string | null = 'c1', failed?: string): OutboxItem => ({
  client_msg_id: id, conversation_id: conv, content: id, attachment_ids: [], created_at: '', failed,
});

describe('Timeline', () => {
  it('stores a message once whether the ack or the message.created echo comes first', () => {
    for (const order of [['ack', 'echo'], ['echo', 'ack']]) {
      const t = new Timeline();
      const m = msg({ id: 'm9', seq: 9, client_msg_id: 'x' });
      const added = order.map(() => t.add({ ...m }));
      expect(added, order.join(' then ')).toEqual([true, false]);
      expect(t.messages('c1')).toHaveLength(1);
    }
  });

  it('orders by seq across history, replay and live messages', () => {
    const t = new Timeline();
    for (const s of [5, 2, 9, 1]) t.add(msg({ id: `m${s}`, seq: s }));
    expect(t.messages('c1').map((m) => m.seq)).toEqual([1, 2, 5, 9]);
    expect(t.oldestSeq('c1')).toBe(1);
  });
});

describe('items', () => {
  it('shows a queued message until it is stored, then only the stored one', () => {
    const q = [queued('x'), queued('y')];
    const before = items([], q, 'c1', 0, true);
    expect(before.map((r) => [r.key, r.state])).toEqual([['x', 'sending'], ['y', 'sending']]);
    const after = items([msg({ id: 'm1', seq: 1, client_msg_id: 'x' })], q, 'c1', 0, true);
    expect(after.map((r) => [r.key, r.state])).toEqual([['m1', 'sent'], ['y', 'sending']]);
  });

  it('marks read, failed and offline states', () => {
    const stored = [msg({ id: 'a', seq: 1 }), msg({ id: 'b', seq: 2 }), msg({ id: 'c', seq: 3, sender_type: 'agent' })];
    const rows = items(stored, [queued('r', 'c1', 'invalid_input')], 'c1', 1, true);
    expect(rows.map((r) => r.state)).toEqual(['read', 'sent', null, 'failed']);
    // Offline is not a failure: the message waits and goes out on reconnect by itself.
    expect(items([], [queued('z')], 'c1', 0, false)[0].state).toBe('waiting');
    expect(items([], [queued('z', 'c1', 'invalid_input')], 'c1', 0, false)[0].state).toBe('failed');
  });

  it('shows messages waiting for a conversation, not those of another one', () => {
    const rows = items([], [queued('new', null), queued('other', 'c2')], 'c1', 0, true);
    expect(rows.map((r) => r.key)).toEqual(['new']);
  });
});

describe('unreadCount', () => {
  it('counts the team messages after the read position', () => {
    const ms = [msg({ id: 'a', seq: 1, sender_type: 'agent' }), msg({ id: 'b', seq: 2 }), msg({ id: 'c', seq: 3, sender_type: 'agent' }), msg({ id: 'd', seq: 4, sender_type: 'bot' })];
    expect(unreadCount(ms, 0)).toBe(3);
    expect(unreadCount(ms, 3)).toBe(1);
  });
});
