// The message store: unique by id, ordered by seq, sends settled by their echo.
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { mergeMessages } from '@/lib/thread';
import { useMessagesStore } from '@/stores/messages';
import { message, stubFetch } from './fixtures';

describe('mergeMessages', () => {
  it('dedupes by id and orders by seq whatever the arrival order', () => {
    const m1 = message({ id: 'a', seq: 1 });
    const m2 = message({ id: 'b', seq: 2 });
    const m3 = message({ id: 'c', seq: 3 });
    const got = mergeMessages([m3, m1], [m2, m3, m1]);
    expect(got.map((m) => m.id)).toEqual(['a', 'b', 'c']);
  });

  it('replaces a message by id (message.updated)', () => {
    const m = message({ id: 'a', seq: 1, content: 'old' });
    expect(mergeMessages([m], [{ ...m, content: 'new' }])[0].content).toBe('new');
  });
});

describe('message store', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('loads the newest page and knows whether older ones exist', async () => {
    stubFetch({ 'GET /api/v1/conversations/c1/messages': [200, { messages: [message({ id: 'x', seq: 51 }), message({ id: 'y', seq: 52 })] }] });
    const store = useMessagesStore();
    await store.load('c1');
    expect(store.threads.c1.hasOlder).toBe(true);
    expect(store.threads.c1.loaded).toBe(true);
  });

  it('applies live frames only to threads that were loaded', () => {
    const store = useMessagesStore();
    store.apply({ type: 'message.created', cursor: 1, conversation_id: 'c9', message: message({ conversation_id: 'c9' }) });
    expect(store.threads.c9).toBeUndefined();
  });

  it('a live echo and the send answer of the same message give one message', async () => {
    const sent = message({ id: 'srv1', seq: 5, sender_type: 'agent' });
    stubFetch({
      'GET /api/v1/conversations/c1/messages': [200, { messages: [] }],
      'POST /api/v1/conversations/c1/messages': () => [201, { message: { ...sent, client_msg_id: clientMsgIdOf(store) }, duplicate: false }],
    });
    const store = useMessagesStore();
    await store.load('c1');
    const sending = store.send('c1', 'hello', 'text');
    expect(store.threads.c1.outgoing).toHaveLength(1);
    expect(store.threads.c1.outgoing[0].state).toBe('sending');
    store.apply({ type: 'message.created', cursor: 2, conversation_id: 'c1', message: { ...sent, client_msg_id: store.threads.c1.outgoing[0].client_msg_id } });
    await sending;
    expect(store.threads.c1.messages.map((m) => m.id)).toEqual(['srv1']);
    expect(store.threads.c1.outgoing).toHaveLength(0);
  });

  it('a failed send stays with its client_msg_id and a retry reuses it', async () => {
    const ids: string[] = [];
    let fail = true;
    stubFetch({
      'POST /api/v1/conversations/c2/messages': () =>
        fail ? [503, { code: 'unavailable' }] : [201, { message: message({ id: 'm-ok', seq: 1, client_msg_id: ids[0] }), duplicate: false }],
    });
    const store = useMessagesStore();
    await expect(store.send('c2', 'hi', 'note')).rejects.toMatchObject({ code: 'unavailable' });
    const o = store.threads.c2.outgoing[0];
    expect(o.state).toBe('failed');
    expect(o.kind).toBe('note');
    ids.push(o.client_msg_id);
    fail = false;
    await store.retry('c2', o.client_msg_id);
    expect(store.threads.c2.outgoing).toHaveLength(0);
    expect(store.threads.c2.messages[0].client_msg_id).toBe(ids[0]);
  });
});

function clientMsgIdOf(store: ReturnType<typeof useMessagesStore>) {
  return store.threads.c1.outgoing[0]?.client_msg_id ?? '';
}

describe('older pages', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('asks for the page before the oldest message and stops at seq 1', async () => {
    const seen = stubFetch({
      'GET /api/v1/conversations/c1/messages': (r) => {
        const before = new URL(r.url).searchParams.get('before');
        if (!before) return [200, { messages: [message({ id: 'n3', seq: 3 }), message({ id: 'n4', seq: 4 })] }];
        return [200, { messages: [message({ id: 'n1', seq: 1 }), message({ id: 'n2', seq: 2 })] }];
      },
    });
    const store = useMessagesStore();
    await store.load('c1');
    expect(store.threads.c1.hasOlder).toBe(true);
    await store.loadOlder('c1');
    expect(store.threads.c1.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4]);
    expect(store.threads.c1.hasOlder).toBe(false);
    await store.loadOlder('c1'); // nothing older: no request
    expect(seen).toHaveLength(2);
  });

  it('forgets an erased thread and reloads it without the erased messages', async () => {
    let erased = false;
    stubFetch({
      'GET /api/v1/conversations/c1/messages': () => [200, { messages: erased ? [] : [message({ id: 'secret', seq: 1, content: 'my address' })] }],
    });
    const store = useMessagesStore();
    await store.load('c1');
    expect(store.threads.c1.messages).toHaveLength(1);
    erased = true;
    store.apply({ type: 'conversation.erased', cursor: 9, conversation_id: 'c1' });
    expect(store.threads.c1.messages).toHaveLength(0);
    await expect.poll(() => store.threads.c1.loaded).toBe(true);
    expect(store.threads.c1.messages).toHaveLength(0);
  });
});
