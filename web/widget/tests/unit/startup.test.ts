// How many HTTP requests the widget makes before it opens its socket: one for a new visitor
// (the session answer carries the config and an empty conversation list), and one for a
// returning visitor too (it carries their conversations and the current one's newest messages).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Api } from '../../src/core/api';
import { ChatClient } from '../../src/core/client';
import { memoryKV } from '../../src/core/storage';
import type { Session } from '../../src/core/types';
import { conv, msg } from './fixtures';

const session = (extra: Partial<Session>): Session => ({
  token: 't', expires_at: '', visitor_key: 'vk', verified: false, contact: { id: 'k1', name: '', email: '', phone: '' },
  inbox: { id: 'i1', name: 'Shop', greeting: '' }, widget: { color: '#112233', away_message: '', locale: '', pre_chat: { enabled: false, fields: [] } },
  online: true, open: true, available: true, next_open_at: null, ...extra,
});

// startup runs a client against a fake server answering sess, and returns the requests made
// before the socket opened.
async function startup(sess: Session) {
  const before: string[] = [];
  let socketAt = -1;
  vi.stubGlobal('location', { origin: 'http://kefu.test' });
  vi.stubGlobal('navigator', { language: 'zh-CN', userAgent: 'test' });
  vi.stubGlobal('WebSocket', class {
    constructor() {
      socketAt = before.length;
    }
    close() {}
  });
  const fetchFn = (async (url: string) => {
    before.push(String(url));
    const body = String(url).includes('/sessions') ? sess : String(url).includes('/messages') ? { messages: [] } : { conversations: [] };
    return new Response(JSON.stringify(body), { status: 200 });
  }) as typeof fetch;
  const client = new ChatClient('wk', memoryKV(), { changed() {}, message() {} }, new Api('', fetchFn));
  await client.start();
  await vi.waitFor(() => expect(socketAt).toBeGreaterThanOrEqual(0));
  return { client, requests: before.slice(0, socketAt) };
}

describe('start-up round trips', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('a new visitor needs one request before the socket', async () => {
    const { client, requests } = await startup(session({ conversations: [], messages: [] }));
    expect(requests).toEqual(['/api/v1/widget/sessions']);
    expect(client.settings.color).toBe('#112233');
    expect(client.current).toBeNull();
  });

  it('a returning visitor resumes from the session answer', async () => {
    const c = conv({ id: 'c1', last_seq: 2 });
    const { client, requests } = await startup(session({ conversations: [c], messages: [msg({ id: 'm1', seq: 1 }), msg({ id: 'm2', seq: 2, sender_type: 'agent' })] }));
    expect(requests).toEqual(['/api/v1/widget/sessions']);
    expect(client.current?.id).toBe('c1');
    expect(client.rows().map((r) => r.message.id)).toEqual(['m1', 'm2']);
  });

  it('an older server without resume data is asked the old way', async () => {
    const { requests } = await startup(session({ conversations: undefined, messages: undefined }));
    expect(requests).toEqual(['/api/v1/widget/sessions', '/api/v1/widget/conversations']);
  });

  it('outside business hours the widget offers the offline form and says when the team is back', async () => {
    const { client } = await startup(session({ conversations: [], messages: [], open: false, available: false, next_open_at: '2099-01-05T01:00:00Z' }));
    expect(client.online).toBe(false);
    expect(client.nextOpenAt).toBe('2099-01-05T01:00:00Z');
  });
});
