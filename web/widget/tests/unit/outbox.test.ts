import { describe, expect, it } from 'vitest';
import { Outbox, type OutboxItem } from '../../src/core/outbox';
import { browserKV, memoryKV } from '../../src/core/storage';

const item = (id: string, conv: string | null = 'c1'): OutboxItem => ({
  client_msg_id: id, conversation_id: conv, content: `text ${id}`, attachment_ids: [], created_at: '2025-01-01T00:00:00Z',
});

describe('Outbox', () => {
  it('survives a reload: a new Outbox on the same storage has the same queue', () => {
    const kv = memoryKV();
    const a = new Outbox(kv, 'k');
    a.add(item('m1'));
    a.add(item('m2'));
    const b = new Outbox(kv, 'k');
    expect(b.list().map((i) => i.client_msg_id)).toEqual(['m1', 'm2']);
  });

  it('keeps one entry per client_msg_id', () => {
    const o = new Outbox(memoryKV(), 'k');
    o.add(item('m1'));
    o.add({ ...item('m1'), content: 'changed' });
    expect(o.list()).toHaveLength(1);
    expect(o.list()[0].content).toBe('text m1');
  });

  it('ack removes once; the echo after the ack changes nothing', () => {
    const kv = memoryKV();
    const o = new Outbox(kv, 'k');
    o.add(item('m1'));
    expect(o.ack('m1')).toBe(true);
    expect(o.ack('m1')).toBe(false);
    expect(o.list()).toHaveLength(0);
    expect(kv.get('k')).toBeNull();
  });

  it('assigns the started conversation only to messages waiting for one', () => {
    const o = new Outbox(memoryKV(), 'k');
    o.add(item('m1', null));
    o.add(item('m2', 'old'));
    o.assign('new');
    expect(o.list().map((i) => i.conversation_id)).toEqual(['new', 'old']);
  });

  it('ready skips refused messages until they are retried', () => {
    const o = new Outbox(memoryKV(), 'k');
    o.add(item('m1'));
    o.add(item('m2'));
    o.update('m1', { failed: 'invalid_input' });
    expect(o.ready().map((i) => i.client_msg_id)).toEqual(['m2']);
    o.update('m1', { failed: undefined });
    expect(o.ready().map((i) => i.client_msg_id)).toEqual(['m1', 'm2']);
  });

  it('ignores unreadable stored data', () => {
    const kv = memoryKV();
    kv.set('k', '{not json');
    expect(new Outbox(kv, 'k').list()).toEqual([]);
  });
});

describe('browserKV', () => {
  it('falls back to memory when storage is blocked', () => {
    const kv = browserKV(() => {
      throw new DOMException('denied', 'SecurityError');
    });
    kv.set('a', '1');
    expect(kv.get('a')).toBe('1');
  });

  it('switches to memory for good when a write fails', () => {
    const data = new Map<string, string>();
    let full = false;
    const storage = {
      getItem: (k: string) => data.get(k) ?? null,
      setItem: (k: string, v: string) => {
        if (full) throw new DOMException('quota', 'QuotaExceededError');
        data.set(k, v);
      },
      removeItem: (k: string) => void data.delete(k),
    } as unknown as Storage;
    const kv = browserKV(() => storage);
    kv.set('a', 'old');
    full = true;
    kv.set('a', 'new');
    expect(kv.get('a')).toBe('new');
  });
});
