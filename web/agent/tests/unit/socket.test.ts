// AgentSocket: hello with the cursor, resume after a reconnect, duplicates dropped, resync.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ServerFrame } from '@/realtime/frames';
import { AgentSocket } from '@/realtime/socket';

/** FakeSocket is a WebSocket the test drives by hand. */
class FakeSocket {
  static OPEN = 1;
  readyState = 0;
  sent: unknown[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((m: { data: string }) => void) | null = null;
  onclose: ((e: { code: number; reason: string }) => void) | null = null;
  send(s: string) {
    this.sent.push(JSON.parse(s));
  }
  close() {}
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  frame(f: object) {
    this.onmessage?.({ data: JSON.stringify(f) });
  }
  drop(code = 1006) {
    this.readyState = 3;
    this.onclose?.({ code, reason: '' });
  }
}

describe('AgentSocket', () => {
  let sockets: FakeSocket[];
  let frames: ServerFrame[];
  let resyncs: number;
  let s: AgentSocket;

  beforeEach(() => {
    vi.useFakeTimers();
    vi.stubGlobal('WebSocket', FakeSocket);
    sockets = [];
    frames = [];
    resyncs = 0;
    s = new AgentSocket({
      url: 'ws://x/api/v1/ws',
      onFrame: (f) => frames.push(f),
      onResync: () => resyncs++,
      createSocket: () => {
        const ws = new FakeSocket();
        sockets.push(ws);
        return ws as unknown as WebSocket;
      },
      random: () => 0,
    });
    s.start();
  });
  afterEach(() => {
    s.stop();
    vi.useRealTimers();
  });

  const created = (cursor: number) => ({ type: 'conversation.created', cursor, conversation_id: `c${cursor}`, conversation: {} });

  it('says hello without a cursor first, then resumes from the last cursor it processed', () => {
    sockets[0].open();
    expect(sockets[0].sent[0]).toEqual({ type: 'hello' });
    sockets[0].frame({ type: 'welcome', role: 'agent', cursor: 10 });
    sockets[0].frame(created(11));
    sockets[0].frame(created(12));
    sockets[0].drop();
    vi.advanceTimersByTime(600);
    sockets[1].open();
    expect(sockets[1].sent[0]).toEqual({ type: 'hello', cursor: 12 });
  });

  it('drops frames at or below the cursor already applied', () => {
    sockets[0].open();
    sockets[0].frame({ type: 'welcome', role: 'agent', cursor: 10 });
    sockets[0].frame(created(11));
    sockets[0].frame(created(11));
    sockets[0].frame(created(9));
    expect(frames.map((f) => ('cursor' in f ? f.cursor : 0))).toEqual([11]);
  });

  it('on resync_required forgets the cursor and asks for a reload', () => {
    sockets[0].open();
    sockets[0].frame({ type: 'welcome', role: 'agent', cursor: 10 });
    sockets[0].frame({ type: 'resync_required' });
    sockets[0].drop(4002);
    vi.advanceTimersByTime(600);
    sockets[1].open();
    expect(resyncs).toBe(1);
    expect(sockets[1].sent[0]).toEqual({ type: 'hello' });
  });

  it('backs off exponentially and does not retry a policy close', () => {
    sockets[0].drop();
    vi.advanceTimersByTime(499);
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(2);
    sockets[1].drop();
    vi.advanceTimersByTime(999);
    expect(sockets).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(3);
    sockets[2].drop(1008);
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(3);
  });

  it('stops and reports a revoked close (4003), and reconnects at once after a permissions change (4004)', () => {
    let revoked = 0;
    let changed = 0;
    const made: FakeSocket[] = [];
    const r = new AgentSocket({
      url: 'ws://x/api/v1/ws',
      onFrame: () => {},
      onResync: () => {},
      onRevoked: () => revoked++,
      onPermissionsChanged: () => changed++,
      createSocket: () => {
        const ws = new FakeSocket();
        made.push(ws);
        return ws as unknown as WebSocket;
      },
      random: () => 0,
    });
    r.start();
    made[0].drop(4004);
    expect([made.length, changed, revoked]).toEqual([2, 1, 0]);
    made[1].drop(4003);
    vi.advanceTimersByTime(60_000);
    expect([made.length, changed, revoked]).toEqual([2, 1, 1]);
    r.stop();
  });

  it('asks for its views in every hello, sends a views frame when they change, and reports a reconnect', () => {
    let views: ('mine' | 'unassigned' | 'all')[] = ['mine'];
    let reconnects = 0;
    let open = '';
    const made: FakeSocket[] = [];
    const v = new AgentSocket({
      url: 'ws://x/api/v1/ws',
      onFrame: () => {},
      onResync: () => {},
      views: () => views,
      openConversation: () => open,
      onReconnected: () => reconnects++,
      createSocket: () => {
        const ws = new FakeSocket();
        made.push(ws);
        return ws as unknown as WebSocket;
      },
      random: () => 0,
    });
    v.start();
    made[0].open();
    expect(made[0].sent[0]).toEqual({ type: 'hello', views: ['mine'] });
    made[0].frame({ type: 'welcome', role: 'agent', cursor: 3 });
    views = ['all'];
    v.viewsChanged();
    expect(made[0].sent[1]).toEqual({ type: 'views', ref: 'views', views: ['all'] });
    open = 'c9';
    v.viewsChanged();
    expect(made[0].sent[2]).toEqual({ type: 'views', ref: 'views', views: ['all'], conversation_id: 'c9' });
    expect(reconnects).toBe(0);
    made[0].drop();
    vi.advanceTimersByTime(600);
    made[1].open();
    expect(made[1].sent[0]).toEqual({ type: 'hello', cursor: 3, views: ['all'], conversation_id: 'c9' });
    made[1].frame({ type: 'welcome', role: 'agent', cursor: 3 });
    expect(reconnects).toBe(1);
    v.stop();
  });

  it('passes typing frames through and reports whether a send went out', () => {
    expect(s.send({ type: 'typing', conversation_id: 'c1', typing: true, private: true })).toBe(false);
    sockets[0].open();
    sockets[0].frame({ type: 'welcome', role: 'agent', cursor: 1 });
    expect(s.send({ type: 'typing', conversation_id: 'c1', typing: true, private: true })).toBe(true);
    sockets[0].frame({ type: 'typing', conversation_id: 'c1', typing: { sender_type: 'contact', name: 'Ann', typing: true } });
    expect(frames.at(-1)?.type).toBe('typing');
  });
});
