import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/core/api';
import { Outbox, type OutboxItem } from '../../src/core/outbox';
import { Sender, type SenderDeps } from '../../src/core/sender';
import { memoryKV } from '../../src/core/storage';
import type { Conversation, Message } from '../../src/core/types';
import { conv, msg } from './fixtures';

// A fake server: it commits sends idempotently by (conversation, client_msg_id), and can be
// told to lose the next answers after committing (the ambiguous failure the outbox exists for).
class FakeServer {
  convs: Conversation[] = [];
  stored: Message[] = [];
  sendCalls: string[] = [];
  loseAnswers = 0;
  refuse: string | null = null;

  commit(convID: string, i: OutboxItem): Message {
    const dup = this.stored.find((m) => m.conversation_id === convID && m.client_msg_id === i.client_msg_id);
    if (dup) return dup;
    const m = msg({ id: `m${this.stored.length + 1}`, seq: this.stored.length + 1, conversation_id: convID, client_msg_id: i.client_msg_id, content: i.content });
    this.stored.push(m);
    return m;
  }

  answer<T>(v: T): T {
    if (this.loseAnswers > 0) {
      this.loseAnswers--;
      throw new ApiError(0, 'network', 'network error');
    }
    return v;
  }
}

function setup(existing: Conversation | null = null) {
  const server = new FakeServer();
  if (existing) server.convs.push(existing);
  const outbox = new Outbox(memoryKV(), 'k');
  const state = { current: existing, connected: true, delivered: [] as Message[], known: new Set(existing ? [existing.id] : []) };
  const deps: SenderDeps = {
    outbox: () => outbox,
    connected: () => state.connected,
    current: () => state.current,
    knownIDs: () => state.known,
    start: async (i) => {
      const c = conv({ id: `c${server.convs.length + 1}`, created_at: `2025-01-0${server.convs.length + 1}T00:00:00Z` });
      server.convs.push(c);
      const m = server.commit(c.id, i);
      return server.answer({ conversation: c, message: m });
    },
    list: async () => server.convs,
    send: async (id, i) => {
      server.sendCalls.push(i.client_msg_id);
      if (server.refuse) throw new ApiError(422, server.refuse, 'refused');
      return server.answer(server.commit(id, i));
    },
    adopt: (c) => ((state.current = c), state.known.add(c.id)),
    delivered: (m) => (state.delivered.push(m), outbox.ack(m.client_msg_id)),
    changed: () => {},
  };
  return { server, outbox, state, sender: new Sender(deps) };
}

const item = (id: string, conv: string | null): OutboxItem => ({ client_msg_id: id, conversation_id: conv, content: id, attachment_ids: [], created_at: '' });

describe('Sender', () => {
  it('retries a message whose answer was lost with the same client_msg_id, storing it once', async () => {
    const { server, outbox, sender } = setup(conv({ id: 'c1' }));
    outbox.add(item('a', 'c1'));
    server.loseAnswers = 1;
    await sender.flush();
    expect(outbox.has('a')).toBe(true); // committed, but we could not know
    await sender.flush(); // e.g. after the reconnect
    expect(server.sendCalls).toEqual(['a', 'a']);
    expect(server.stored.filter((m) => m.client_msg_id === 'a')).toHaveLength(1);
    expect(outbox.list()).toHaveLength(0);
  });

  it('sends in order and stops at the first unanswered one', async () => {
    const { server, outbox, sender } = setup(conv({ id: 'c1' }));
    for (const id of ['a', 'b', 'c']) outbox.add(item(id, 'c1'));
    server.loseAnswers = 1;
    await sender.flush();
    expect(server.sendCalls).toEqual(['a']);
    await sender.flush();
    expect(server.stored.map((m) => m.client_msg_id)).toEqual(['a', 'b', 'c']);
  });

  it('sends nothing while disconnected', async () => {
    const { server, outbox, state, sender } = setup(conv({ id: 'c1' }));
    state.connected = false;
    outbox.add(item('a', 'c1'));
    await sender.flush();
    expect(server.sendCalls).toEqual([]);
    expect(outbox.has('a')).toBe(true);
  });

  it('marks a refused message failed, moves on, and retries it on demand with the same id', async () => {
    const { server, outbox, sender } = setup(conv({ id: 'c1' }));
    outbox.add(item('bad', 'c1'));
    server.refuse = 'invalid_input';
    await sender.flush();
    expect(outbox.list()[0].failed).toBe('invalid_input');
    server.refuse = null;
    await sender.retry('bad');
    expect(server.sendCalls).toEqual(['bad', 'bad']);
    expect(outbox.list()).toHaveLength(0);
  });

  it('starts the conversation with the first message', async () => {
    const { server, outbox, state, sender } = setup();
    outbox.add(item('first', null));
    outbox.add(item('second', null));
    await sender.flush();
    expect(server.convs).toHaveLength(1);
    expect(state.current?.id).toBe('c1');
    expect(server.stored.map((m) => [m.conversation_id, m.client_msg_id])).toEqual([['c1', 'first'], ['c1', 'second']]);
    expect(outbox.list()).toHaveLength(0);
  });

  it('does not start a second conversation when the first start answer was lost', async () => {
    const { server, outbox, state, sender } = setup();
    outbox.add(item('first', null));
    server.loseAnswers = 1;
    await sender.flush(); // committed c1 + message, answer lost
    expect(state.current).toBeNull();
    await sender.flush();
    expect(server.convs).toHaveLength(1);
    expect(state.current?.id).toBe('c1');
    expect(server.stored.filter((m) => m.client_msg_id === 'first')).toHaveLength(1);
    expect(outbox.list()).toHaveLength(0);
  });
});
