// AgentSocket keeps one WebSocket to /api/v1/ws open: hello with the last cursor so nothing is
// missed across reconnects, exponential backoff with jitter, a refetch on resync_required, and
// an application-level ping because browsers cannot send WebSocket pings.
import type { ClientFrame, ServerFrame, ViewName } from './frames';

/** Connection states shown in the workspace header. */
export type SocketStatus = 'connecting' | 'open' | 'closed';

export interface SocketOptions {
  url: string;
  /** Every event frame, in order, after the cursor bookkeeping. */
  onFrame(f: ServerFrame): void;
  /** The cursor is gone: reload everything shown from REST (the socket reconnects by itself). */
  onResync(): void;
  onStatus?(s: SocketStatus): void;
  /** Close 4003: the session was signed out, expired or its agent disabled. The socket stops. */
  onRevoked?(): void;
  /** Close 4004: the agent's permissions changed. The socket reconnects at once by itself. */
  onPermissionsChanged?(): void;
  /** The views the hello asks for (docs/realtime.md); none: every event, as before views. */
  views?(): ViewName[] | undefined;
  /** The conversation the agent has open ('' = none): its events arrive whatever the views. */
  openConversation?(): string;
  /** A welcome after a reconnect: a conversation that left the views meanwhile was not announced
   *  to the new connection, so lists are reloaded. */
  onReconnected?(): void;
  /** Injected in tests. */
  createSocket?: (url: string) => WebSocket;
  random?: () => number;
}

const minBackoff = 500;
const maxBackoff = 30_000;
const pingEvery = 25_000;

/** Close codes of kefu's own (docs/realtime.md). */
const closeRevoked = 4003;
const closePermissionsChanged = 4004;

export class AgentSocket {
  private ws: WebSocket | null = null;
  private cursor: number | null = null;
  private backoff = minBackoff;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private ping: ReturnType<typeof setInterval> | undefined;
  private stopped = false;
  private authFailures = 0;
  private welcomed = false;

  constructor(private readonly opts: SocketOptions) {}

  /** position is the cursor the next hello will resume from (null = live from now). */
  get position(): number | null {
    return this.cursor;
  }

  start() {
    this.stopped = false;
    this.connect();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.retry);
    clearInterval(this.ping);
    this.ws?.close(1000);
    this.ws = null;
  }

  /** send delivers a frame if the socket is open; false tells the caller to use REST instead. */
  send(frame: ClientFrame): boolean {
    if (this.ws?.readyState !== WebSocket.OPEN) return false;
    this.ws.send(JSON.stringify(frame));
    return true;
  }

  /** viewsChanged tells an open connection the new views; a closed one sends them in its next hello. */
  viewsChanged() {
    const views = this.opts.views?.();
    const open = this.opts.openConversation?.();
    if (views?.length) this.send(open ? { type: 'views', ref: 'views', views, conversation_id: open } : { type: 'views', ref: 'views', views });
  }

  private connect() {
    this.opts.onStatus?.('connecting');
    const ws = (this.opts.createSocket ?? ((u) => new WebSocket(u)))(this.opts.url);
    this.ws = ws;
    ws.onopen = () => {
      const hello: ClientFrame = { type: 'hello' };
      if (this.cursor !== null) hello.cursor = this.cursor;
      const views = this.opts.views?.();
      if (views?.length) hello.views = views;
      const open = this.opts.openConversation?.();
      if (views?.length && open) hello.conversation_id = open;
      ws.send(JSON.stringify(hello));
    };
    ws.onmessage = (m) => this.receive(m.data);
    ws.onclose = (e) => this.closed(ws, e.code, e.reason);
  }

  private receive(data: unknown) {
    let f: ServerFrame;
    try {
      f = JSON.parse(String(data));
    } catch {
      return;
    }
    if (f.type === 'welcome') {
      this.backoff = minBackoff;
      this.authFailures = 0;
      if (this.cursor === null) this.cursor = f.cursor;
      if (this.welcomed) this.opts.onReconnected?.();
      this.welcomed = true;
      this.opts.onStatus?.('open');
      clearInterval(this.ping);
      this.ping = setInterval(() => this.send({ type: 'ping', ref: 'ping' }), pingEvery);
      return;
    }
    if (f.type === 'resync_required') {
      this.cursor = null;
      this.opts.onResync();
      return;
    }
    if ('cursor' in f && typeof f.cursor === 'number') {
      if (this.cursor !== null && f.cursor <= this.cursor) return; // already applied
      this.cursor = f.cursor;
    }
    this.opts.onFrame(f);
  }

  private closed(ws: WebSocket, code: number, reason: string) {
    if (ws !== this.ws) return;
    clearInterval(this.ping);
    this.ws = null;
    this.opts.onStatus?.('closed');
    if (this.stopped || code === 1008) return;
    if (code === closeRevoked) {
      this.stopped = true; // the credential is gone: reconnecting cannot succeed
      this.opts.onRevoked?.();
      return;
    }
    if (code === closePermissionsChanged) {
      this.opts.onPermissionsChanged?.();
      this.backoff = minBackoff;
      this.connect(); // the new hello authenticates with the new permissions
      return;
    }
    if (code === 4001 && ++this.authFailures > 2) return; // signed out: the 401 handler takes over
    const random = this.opts.random ?? Math.random;
    const hinted = code === 1013 ? Number(/retry_after=(\d+)/.exec(reason)?.[1] ?? 5) * 1000 : 0;
    const wait = Math.max(hinted, this.backoff) + random() * 1000;
    this.backoff = Math.min(this.backoff * 2, maxBackoff);
    this.retry = setTimeout(() => this.connect(), wait);
  }
}

/** agentSocketURL is the workspace's own WebSocket endpoint (same origin, so the cookie applies). */
export function agentSocketURL(loc: Location = location): string {
  return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}/api/v1/ws`;
}
