// The chat client's side of the bot: the config's bot, "did this help?" and "talk to a person"
// over the API, the conversation they answer with (unless the stream already brought a later
// one), and the queue asked again once the bot hands over.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Api } from '../../src/core/api';
import { ChatClient } from '../../src/core/client';
import { memoryKV } from '../../src/core/storage';
import type { Conversation, Session } from '../../src/core/types';
import { conv, msg } from './fixtures';

const held = conv({ id: 'c1', status: 'pending', bot_state: 'active', last_seq: 2 });
const handedOff = { ...held, status: 'open', bot_state: 'handed_off', last_seq: 3 };

const session = (bot: Session['bot'] | null): Session => ({
  token: 't', expires_at: '', visitor_key: 'vk', verified: false, contact: { id: 'k1', name: '', email: '', phone: '' },
  inbox: { id: 'i1', name: 'Shop', greeting: '' }, widget: { color: '#112233', away_message: '', locale: '', pre_chat: { enabled: false, fields: [] } },
  online: false, open: true, available: false, next_open_at: null, ...(bot ? { bot } : {}),
  conversations: [held], messages: [msg({ id: 'q1', seq: 1, conversation_id: 'c1', content: '怎么退货' })],
});

interface Call {
  method: string;
  path: string;
  body: unknown;
}

/** serve starts a client against a fake kefu that answers the bot requests with answer. */
async function serve(answer: (path: string) => Response, bot: Session['bot'] | null = { active: true, name: '小蜜', hide_human_button: false }) {
  const calls: Call[] = [];
  vi.stubGlobal('location', { origin: 'http://kefu.test' });
  vi.stubGlobal('navigator', { language: 'zh-CN', userAgent: 'test' });
  vi.stubGlobal('WebSocket', class {
    close() {}
  });
  const fetchFn = (async (url: string, init?: RequestInit) => {
    const path = String(url);
    calls.push({ method: init?.method ?? 'GET', path, body: init?.body ? JSON.parse(String(init.body)) : undefined });
    if (path.includes('/sessions')) return Response.json(session(bot));
    if (path.endsWith('/queue')) return Response.json({ state: 'queued', agents_available: true, assigned: false, position: 2, estimated_wait_seconds: 120 });
    return answer(path);
  }) as typeof fetch;
  const client = new ChatClient('wk', memoryKV(), { changed() {}, message() {} }, new Api('', fetchFn));
  await client.start();
  return { client, calls };
}

const problem = (status: number, code: string) => Response.json({ code, detail: code }, { status });

describe('the bot in the chat client', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('keeps what the config says of the bot', async () => {
    const { client } = await serve(() => problem(404, 'not_found'));
    expect(client.bot).toEqual({ active: true, name: '小蜜', hide_human_button: false });
    const old = await serve(() => problem(404, 'not_found'), null); // a server without the bot
    expect(old.client.bot).toBeNull();
  });

  it('"no" on an answer sends the feedback, takes the handed-off conversation and asks the queue', async () => {
    const { client, calls } = await serve(() => Response.json(handedOff));
    await client.botFeedback('b2', false);
    expect(calls.find((c) => c.path.endsWith('/bot/feedback'))).toEqual({ method: 'POST', path: '/api/v1/widget/conversations/c1/bot/feedback', body: { message_id: 'b2', helpful: false } });
    expect(client.current).toMatchObject({ status: 'open', bot_state: 'handed_off' });
    await vi.waitFor(() => expect(client.queue?.position).toBe(2));
  });

  it('"talk to a person" asks for the hand-off', async () => {
    const { client, calls } = await serve(() => Response.json(handedOff));
    await client.talkToPerson();
    expect(calls.filter((c) => c.path.includes('/bot/')).map((c) => `${c.method} ${c.path}`)).toEqual(['POST /api/v1/widget/conversations/c1/bot/handoff']);
    expect(client.current?.bot_state).toBe('handed_off');
  });

  it('an answer the stream has overtaken does not take the conversation back', async () => {
    const { client } = await serve(() => Response.json({ ...handedOff, last_seq: 1 }));
    await client.botFeedback('b2', true);
    expect(client.current).toMatchObject({ status: 'pending', bot_state: 'active', last_seq: 2 });
  });

  it('a refusal because the bot let go is thrown, and the conversations are read again', async () => {
    let listed = false;
    const { client } = await serve((path) => {
      if (path.endsWith('/widget/conversations')) return (listed = true), Response.json({ conversations: [handedOff as Conversation] });
      return problem(409, 'bot_not_active');
    });
    await expect(client.talkToPerson()).rejects.toMatchObject({ status: 409, code: 'bot_not_active' });
    await vi.waitFor(() => expect(listed).toBe(true));
    await vi.waitFor(() => expect(client.current?.bot_state).toBe('handed_off'));
  });
});
