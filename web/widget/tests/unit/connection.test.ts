import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Backoff } from '../../src/core/backoff';
import { Connection, type ConnectionDeps } from '../../src/core/connection';
import type { ServerFrame } from '../../src/core/types';

// FakeWS records what the client sends and lets the test play the server.
class FakeWS {
  static all: FakeWS[] = [];
  sent: Record<string, unknown>[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((e: { data: string }) => void) | null = null;
  onclose: ((e: { code: number; reason: string }) => void) | null = null;
  constructor(readonly url: string) {
    FakeWS.all.push(this);
  }
  send(s: string) {
    this.sent.push(JSON.parse(s));
  }
  close() {
    this.onclose?.({ code: 1006, reason: '' });
  }
  frame(f: object) {
    this.onmessage?.({ data: JSON.stringify(f) });
  }
}

class FakeES {
  static all: FakeES[] = [];
  listeners = new Map<string, (e: { data: string }) => void>();
  onerror: (() => void) | null = null;
  closed = false;
  constructor(readonly url: string) {
    FakeES.all.push(this);
  }
  addEventListener(t: string, f: (e: { data: string }) => void) {
    this.listeners.set(t, f);
  }
  close() {
    this.closed = true;
  }
  emit(t: string, f: object) {
    this.listeners.get(t)?.({ data: JSON.stringify(f) });
  }
}

function connection(since: Record<string, number> = { c1: 17 }) {
  const frames: ServerFrame[] = [];
  const states: string[] = [];
  const deps: ConnectionDeps = {
    token: () => 'T',
    since: () => since,
    sinceQuery: () => Object.entries(since).map(([k, v]) => `${k}:${v}`).join(','),
    onFrame: (f) => frames.push(f),
    onState: (c, m) => states.push(`${c ? 'up' : 'down'}:${m}`),
    onAuthFailed: () => states.push('auth'),
    onRefused: () => states.push('refused'),
    base: 'http://kefu.test',
    backoff: new Backoff({ base: 100, max: 1000, random: () => 1 }),
    WebSocketImpl: FakeWS as unknown as typeof WebSocket,
    EventSourceImpl: FakeES as unknown as typeof EventSource,
  };
  return { conn: new Connection(deps), frames, states };
}

beforeEach(() => {
  vi.useFakeTimers();
  FakeWS.all = [];
  FakeES.all = [];
});
afterEach(() => vi.useRealTimers());

describe('Connection', () => {
  it('says hello with the token and resume positions, then passes frames on', () => {
    const { conn, frames, states } = connection();
    conn.start();
    const ws = FakeWS.all[0];
    expect(ws.url).toBe('ws://kefu.test/api/v1/widget/ws');
    ws.onopen?.();
    expect(ws.sent[0]).toEqual({ type: 'hello', token: 'T', since: { c1: 17 } });
    ws.frame({ type: 'welcome', role: 'visitor' });
    ws.frame({ type: 'message.created', conversation_id: 'c1' });
    expect(states).toEqual(['up:ws']);
    expect(frames.map((f) => f.type)).toEqual(['welcome', 'message.created']);
  });

  it('resolves a send on its ack and rejects pending sends when the socket drops', async () => {
    const { conn } = connection();
    conn.start();
    const ws = FakeWS.all[0];
    ws.onopen?.();
    ws.frame({ type: 'welcome' });
    const ok = conn.sendMessage('c1', 'x', 'hi', []);
    const ref = ws.sent[1].ref;
    expect(ws.sent[1]).toMatchObject({ type: 'send', client_msg_id: 'x', conversation_id: 'c1' });
    ws.frame({ type: 'ack', ref, message: { id: 'm1' } });
    await expect(ok).resolves.toEqual({ id: 'm1' });
    const lost = conn.sendMessage('c1', 'y', 'again', []);
    ws.close();
    await expect(lost).rejects.toThrow('connection lost');
  });

  it('reconnects with backoff and resumes from the positions of that moment', () => {
    const since: Record<string, number> = { c1: 1 };
    const { conn, states } = connection(since);
    conn.start();
    FakeWS.all[0].onopen?.();
    FakeWS.all[0].frame({ type: 'welcome' });
    since.c1 = 5;
    FakeWS.all[0].close();
    expect(states).toEqual(['up:ws', 'down:ws']);
    vi.advanceTimersByTime(100);
    expect(FakeWS.all).toHaveLength(2);
    FakeWS.all[1].onopen?.();
    expect(FakeWS.all[1].sent[0]).toMatchObject({ since: { c1: 5 } });
  });

  it('falls back to SSE when WebSocket never gets through', () => {
    const { conn, states } = connection();
    conn.start();
    FakeWS.all[0].close(); // refused before any welcome
    vi.advanceTimersByTime(1000);
    FakeWS.all[1].close();
    vi.advanceTimersByTime(1000);
    expect(FakeWS.all).toHaveLength(2);
    const es = FakeES.all[0];
    expect(es.url).toBe('http://kefu.test/api/v1/widget/events?token=T&since=c1%3A17');
    es.emit('welcome', { type: 'welcome' });
    expect(states).toEqual(['up:sse']);
    expect(conn.mode).toBe('sse');
  });

  it('stops for good when the origin is refused (1008)', () => {
    const { conn, states } = connection();
    conn.start();
    FakeWS.all[0].onclose?.({ code: 1008, reason: 'origin not allowed' });
    vi.advanceTimersByTime(60_000);
    expect(FakeWS.all).toHaveLength(1);
    expect(states).toEqual(['refused']);
  });

  it('asks for a new token on 4001', () => {
    const { conn, states } = connection();
    conn.start();
    FakeWS.all[0].onclose?.({ code: 4001, reason: 'bad token' });
    expect(states).toEqual(['auth']);
  });

  it('waits the retry_after of a 1013 close', () => {
    const { conn } = connection();
    conn.start();
    FakeWS.all[0].onopen?.();
    FakeWS.all[0].frame({ type: 'welcome' });
    FakeWS.all[0].onclose?.({ code: 1013, reason: 'over capacity; retry_after=5' });
    vi.advanceTimersByTime(4999);
    expect(FakeWS.all).toHaveLength(1);
    vi.advanceTimersByTime(1001);
    expect(FakeWS.all).toHaveLength(2);
  });
});
