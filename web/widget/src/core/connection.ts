// The realtime connection of a visitor (docs/realtime.md): WebSocket first, Server-Sent Events
// when WebSocket is blocked (some proxies and corporate networks break it). It reconnects with
// backoff and jitter and always resumes from the positions it is given, so nothing is missed or
// repeated. Requests over WebSocket resolve on their ack; in SSE mode the caller uses REST.

import { Backoff, retryAfterMs } from './backoff';
import type { Message, ServerFrame } from './types';

/** The transport in use. */
export type Mode = 'ws' | 'sse';

/** What the connection needs from its owner. */
export interface ConnectionDeps {
  token(): string;
  since(): Record<string, number>;
  sinceQuery(): string;
  onFrame(f: ServerFrame): void;
  onState(connected: boolean, mode: Mode): void;
  onAuthFailed(): void; // 4001 / 401: the owner gets a fresh token, then calls start()
  onRefused(): void; // 1008 / 403: this page may not use the widget; stop for good
  base?: string; // http(s) origin of kefu; "" = this page's
  backoff?: Backoff;
  WebSocketImpl?: typeof WebSocket;
  EventSourceImpl?: typeof EventSource;
}

// The server closes a silent socket after 60 s; pinging sooner also tells us of a dead one.
const PING_MS = 25_000;
const SILENCE_MS = 60_000;
const WELCOME_MS = 10_000;
const ACK_MS = 15_000;
// Failures before any welcome that make us give up on WebSocket for this page.
const WS_FAILURES_BEFORE_SSE = 2;
const SSE_EVENTS = ['welcome', 'message.created', 'message.updated', 'conversation.created', 'conversation.updated', 'typing', 'queue.updated'];

interface Pending {
  resolve(f: ServerFrame): void;
  reject(e: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

/** Connection keeps one visitor connection open while started. */
export class Connection {
  mode: Mode = 'ws';
  connected = false;
  private ws: WebSocket | null = null;
  private es: EventSource | null = null;
  private running = false;
  private wsFailures = 0;
  private refs = 0;
  private readonly pending = new Map<string, Pending>();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private readonly backoff: Backoff;
  private lastFrameAt = 0;

  constructor(private readonly d: ConnectionDeps) {
    this.backoff = d.backoff ?? new Backoff();
  }

  /** start connects (again) unless already connecting. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.open();
  }

  /** stop closes the connection and cancels reconnects. */
  stop(): void {
    this.running = false;
    this.teardown();
  }

  /** restart drops the current connection and connects at once (the network came back). */
  restart(): void {
    this.stop();
    this.backoff.reset();
    this.start();
  }

  /** request sends a frame over WebSocket and resolves with its answer (ack or pong). */
  request(frame: Record<string, unknown>): Promise<ServerFrame> {
    const ws = this.ws;
    if (!this.connected || this.mode !== 'ws' || !ws) return Promise.reject(new Error('not connected'));
    const ref = `r${++this.refs}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(ref);
        reject(new Error('ack timeout'));
        ws.close(); // an unanswered request means a dead link: reconnect and retry from the outbox
      }, ACK_MS);
      this.pending.set(ref, { resolve, reject, timer });
      ws.send(JSON.stringify({ ...frame, ref }));
    });
  }

  /** sendMessage sends over WebSocket and resolves with the committed message. */
  async sendMessage(conversationID: string, clientMsgID: string, content: string, attachmentIDs: string[]): Promise<Message> {
    const f = await this.request({ type: 'send', conversation_id: conversationID, client_msg_id: clientMsgID, content, kind: 'text', attachment_ids: attachmentIDs });
    return f.message as Message;
  }

  /** notify sends a frame that has no answer on success (typing). */
  notify(frame: Record<string, unknown>): void {
    if (this.connected && this.mode === 'ws') this.ws?.send(JSON.stringify(frame));
  }

  private open(): void {
    if (!this.running) return;
    if (this.mode === 'ws') this.openWS();
    else this.openSSE();
  }

  private url(path: string, ws: boolean): string {
    const base = this.d.base || location.origin;
    return (ws ? base.replace(/^http/, 'ws') : base) + path;
  }

  private openWS(): void {
    const WS = this.d.WebSocketImpl ?? WebSocket;
    let ws: WebSocket;
    try {
      ws = new WS(this.url('/api/v1/widget/ws', true));
    } catch {
      this.failedWS();
      return;
    }
    this.ws = ws;
    let welcomed = false;
    const welcomeTimer = this.after(WELCOME_MS, () => ws.close());
    ws.onopen = () => ws.send(JSON.stringify({ type: 'hello', token: this.d.token(), since: this.d.since() }));
    ws.onmessage = (ev) => {
      const f = decode(ev.data);
      if (!f) return;
      if (f.type === 'welcome') {
        welcomed = true;
        clearTimeout(welcomeTimer);
        this.wsFailures = 0;
        this.welcome();
      }
      this.frame(f);
    };
    ws.onclose = (ev) => {
      clearTimeout(welcomeTimer);
      if (this.ws !== ws) return;
      this.ws = null;
      this.lost();
      if (ev.code === 1008) return this.refuse();
      if (ev.code === 4001) return this.authFailed();
      if (!welcomed && ++this.wsFailures >= WS_FAILURES_BEFORE_SSE) this.mode = 'sse';
      this.retry(ev.code === 1013 ? retryAfterMs(ev.reason) : null);
    };
  }

  private failedWS(): void {
    if (++this.wsFailures >= WS_FAILURES_BEFORE_SSE) this.mode = 'sse';
    this.retry(null);
  }

  private openSSE(): void {
    const ES = this.d.EventSourceImpl ?? EventSource;
    const q = new URLSearchParams({ token: this.d.token() });
    const since = this.d.sinceQuery();
    if (since) q.set('since', since);
    const es = new ES(this.url(`/api/v1/widget/events?${q}`, false));
    this.es = es;
    const handle = (ev: MessageEvent) => {
      const f = decode(ev.data);
      if (!f) return;
      if (f.type === 'welcome') this.welcome();
      this.frame(f);
    };
    for (const t of SSE_EVENTS) es.addEventListener(t, handle as EventListener);
    // The server ends a stream it wants resumed (shutdown, slow consumer) with "reconnect".
    es.addEventListener('reconnect', () => this.dropSSE(es));
    es.onerror = () => this.dropSSE(es);
  }

  // dropSSE takes over EventSource's own reconnect, which would resume only one conversation
  // (Last-Event-ID) and cannot tell an expired token from a network error.
  private dropSSE(es: EventSource): void {
    es.close();
    if (this.es !== es) return;
    this.es = null;
    const wasConnected = this.connected;
    this.lost();
    // EventSource hides the HTTP status; a stream that never opened may be a stale token.
    if (!wasConnected && this.running) return this.authFailedOrRetry();
    this.retry(null);
  }

  private sseFailures = 0;
  private authFailedOrRetry(): void {
    if (++this.sseFailures % 3 === 0) return this.authFailed();
    this.retry(null);
  }

  private welcome(): void {
    this.connected = true;
    this.sseFailures = 0;
    this.backoff.reset();
    this.lastFrameAt = Date.now();
    if (this.mode === 'ws') this.keepAlive();
    this.d.onState(true, this.mode);
  }

  private frame(f: ServerFrame): void {
    this.lastFrameAt = Date.now();
    if ((f.type === 'ack' || f.type === 'pong' || f.type === 'error') && f.ref && this.pending.has(f.ref)) {
      const p = this.pending.get(f.ref) as Pending;
      this.pending.delete(f.ref);
      clearTimeout(p.timer);
      if (f.type === 'error') p.reject(Object.assign(new Error(String(f.code)), { code: f.code }));
      else p.resolve(f);
      return;
    }
    this.d.onFrame(f);
  }

  private keepAlive(): void {
    const ws = this.ws;
    const tick = () => {
      if (this.ws !== ws || !ws) return;
      if (Date.now() - this.lastFrameAt > SILENCE_MS) return ws.close();
      ws.send(JSON.stringify({ type: 'ping', ref: `p${++this.refs}` }));
      this.after(PING_MS, tick);
    };
    this.after(PING_MS, tick);
  }

  private lost(): void {
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(new Error('connection lost'));
    }
    this.pending.clear();
    if (this.connected) {
      this.connected = false;
      this.d.onState(false, this.mode);
    }
  }

  private retry(waitMs: number | null): void {
    if (!this.running) return;
    const jitter = waitMs === null ? 0 : Math.random() * 1000;
    this.after(waitMs === null ? this.backoff.next() : waitMs + jitter, () => this.open());
  }

  private refuse(): void {
    this.running = false;
    this.d.onRefused();
  }

  private authFailed(): void {
    this.running = false;
    this.teardown();
    this.d.onAuthFailed();
  }

  private after(ms: number, f: () => void): ReturnType<typeof setTimeout> {
    const t = setTimeout(() => {
      this.timers.delete(t);
      f();
    }, ms);
    this.timers.add(t);
    return t;
  }

  private teardown(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    const ws = this.ws;
    const es = this.es;
    this.ws = null;
    this.es = null;
    ws?.close();
    es?.close();
    this.lost();
  }
}

function decode(data: unknown): ServerFrame | null {
  if (typeof data !== 'string') return null;
  try {
    const f = JSON.parse(data);
    return f && typeof f.type === 'string' ? (f as ServerFrame) : null;
  } catch {
    return null;
  }
}
