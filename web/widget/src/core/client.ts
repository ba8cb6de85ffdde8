// ChatClient is the visitor's side of kefu as one object: it opens the session, loads the
// current conversation, keeps the realtime connection, drains the outbox and tells the view
// when anything changed. The view only reads its fields and calls its methods.

import { Api, ApiError } from './api';
import { Connection, type Mode } from './connection';
import { Identity, pageAttributes } from './identity';
import { liveOf } from './availability';
import { newClientMsgID } from './ids';
import { Outbox, type Opener, type OutboxItem } from './outbox';
import { Positions } from './positions';
import { Sender } from './sender';
import type { KV } from './storage';
import { Timeline, items, unreadCount, type TimelineItem } from './timeline';
import type { Attachment, Availability, Contact, Conversation, Message, QueueInfo, ServerFrame, Session, StartAttributes, User, WidgetBot, WidgetSettings } from './types';

/** Where the client stands. */
export type Phase = 'loading' | 'ready' | 'failed' | 'refused';

/** What the client tells its view. */
export interface ClientEvents {
  changed(): void;
  message(m: Message): void; // a message that arrived now (not loaded from history)
}

const HISTORY_PAGE = 50;
const TYPING_CLEAR_MS = 6000;
const TYPING_RESEND_MS = 3000;

/** DEFAULT_SETTINGS apply until the server says otherwise. */
export const DEFAULT_SETTINGS: WidgetSettings = { color: '#1677ff', away_message: '', locale: '', pre_chat: { enabled: false, fields: [] } };

/** ChatClient holds one visitor's chat. */
export class ChatClient {
  phase: Phase = 'loading';
  session: Session | null = null;
  settings: WidgetSettings = DEFAULT_SETTINGS;
  online = true; // a live chat is possible now: else the away message and the offline form
  inHours = true; // inside the inbox's business hours
  nextOpenAt: string | null = null; // when the team is back, while closed
  bot: WidgetBot | null = null; // the inbox's bot, as the config says
  current: Conversation | null = null;
  connected = false;
  mode: Mode = 'ws';
  agentTyping: string | null = null; // name of the team member typing
  queue: QueueInfo | null = null;
  hasOlder = false;
  // opener is the proactive message on show: the visitor's next message answers it and starts
  // a conversation that begins with it. Cleared once that conversation exists.
  opener: Opener | null = null;
  readonly timeline = new Timeline();
  readonly positions = new Positions();
  outbox: Outbox;
  private readonly known = new Map<string, Conversation>();
  private readonly conn: Connection;
  private readonly sender: Sender;
  private readonly identity: Identity;
  private user: User | null = null;
  private attributes: Record<string, string>;
  private typingTimer: ReturnType<typeof setTimeout> | undefined;
  private typingSentAt = 0;
  private generation = 0; // bumps with every session so answers for an older one are dropped
  private page: { url: string; title: string; referrer: string };
  private pageDue = false; // the page view of a new session waits for the socket

  constructor(
    readonly widgetKey: string,
    readonly kv: KV,
    private readonly events: ClientEvents,
    readonly api = new Api(),
    page = { url: '', referrer: '' },
  ) {
    this.identity = new Identity(api, kv, widgetKey);
    this.attributes = pageAttributes(page.url, page.referrer);
    this.page = { url: page.url, title: typeof document === 'undefined' ? '' : document.title, referrer: page.referrer };
    this.outbox = new Outbox(kv, this.key('outbox:pending'));
    this.conn = new Connection({
      token: () => api.token,
      since: () => this.positions.since(),
      sinceQuery: () => this.positions.query(),
      onFrame: (f) => this.onFrame(f),
      onState: (c, mode) => this.onConnection(c, mode),
      onAuthFailed: () => void this.open(),
      onRefused: () => this.set(() => (this.phase = 'refused')),
    });
    this.sender = new Sender({
      outbox: () => this.outbox,
      connected: () => this.connected,
      current: () => this.current,
      knownIDs: () => new Set(this.known.keys()),
      start: (i) => api.start({ content: i.content, client_msg_id: i.client_msg_id, attachment_ids: i.attachment_ids }, i.trigger, this.startAttributes()),
      list: async () => (await api.conversations()).conversations,
      send: (id, i) => this.deliver(id, i),
      adopt: (c) => this.adopt(c),
      delivered: (m) => this.addMessage(m, true),
      changed: () => this.changed(),
    });
  }

  /** key names a stored value of this widget. */
  key(name: string): string {
    return `kefu:${this.widgetKey}:${name}`;
  }

  /** start opens the session (as user, when the host signed one in) and connects. */
  async start(user: User | null = null, attributes: Record<string, string> = {}): Promise<void> {
    this.user = user;
    this.attributes = { ...this.attributes, ...attributes };
    await this.open();
  }

  /** open (re)opens the session and reloads; it retries while the network is down. */
  private async open(): Promise<void> {
    const gen = ++this.generation;
    this.conn.stop();
    for (let wait = 1000; ; wait = Math.min(wait * 2, 30_000)) {
      try {
        const s = await this.identity.open(this.user, this.attributes);
        if (gen !== this.generation) return;
        await this.load(s);
        if (gen !== this.generation) return;
        this.set(() => (this.phase = 'ready'));
        this.pageDue = true; // reported once the socket is up: nothing but the session goes first
        this.conn.start();
        return;
      } catch (e) {
        if (gen !== this.generation) return;
        if (e instanceof ApiError && !e.retriable) return this.set(() => (this.phase = 'failed'));
        await new Promise((r) => setTimeout(r, wait * (0.5 + Math.random() / 2)));
      }
    }
  }

  // load applies a session answer. It carries the config and the resume data (conversations,
  // the current one's newest messages), so a new visitor needs no other request before the
  // socket; an older server's answer without them is completed with the old requests.
  private async load(s: Session): Promise<void> {
    this.session = s;
    this.settings = s.widget ?? (await this.api.config(this.widgetKey).then((c) => c.widget, () => DEFAULT_SETTINGS));
    this.setLive(s);
    this.outbox = new Outbox(this.kv, this.key(`outbox:${s.contact.id}`));
    const conversations = s.conversations ?? (await this.api.conversations()).conversations;
    this.known.clear();
    this.positions.clear();
    this.timeline.clear();
    this.current = null;
    for (const c of conversations) this.upsert(c, false);
    const cur = this.current as Conversation | null; // set by upsert
    for (const c of conversations) if (c.id !== cur?.id) this.positions.see(c.id, c.last_seq);
    if (cur && s.messages && s.conversations) this.resume(cur, s.messages);
    else if (cur) await this.loadOlder();
  }

  // resume shows the newest page of the current conversation that came with the session.
  private resume(cur: Conversation, messages: Message[]): void {
    for (const m of messages) if (m.conversation_id === cur.id) this.addMessage(m, false);
    if (messages.length === 0) this.positions.see(cur.id, 0);
    this.hasOlder = messages.length === HISTORY_PAGE && messages[0].seq > 1;
    this.changed();
  }

  // setLive keeps what an availability answer says.
  private setLive(a: Partial<Availability>): void {
    const l = liveOf(a);
    this.online = l.online;
    this.inHours = l.open;
    this.nextOpenAt = l.nextOpenAt;
    this.bot = a.bot ?? null;
  }

  /** inquiryType is what the visitor picked in the pre-chat form: the conversation they start
   * carries it, so routing rules can match it (kept per contact until the start). */
  get inquiryType(): string {
    return this.kv.get(this.key(`inquiry:${this.session?.contact.id}`)) ?? '';
  }

  set inquiryType(v: string) {
    this.kv.set(this.key(`inquiry:${this.session?.contact.id}`), v);
  }

  // startAttributes are the routing attributes a new conversation carries.
  private startAttributes(): StartAttributes {
    const language = typeof navigator === 'undefined' ? '' : (navigator.language ?? '');
    const inquiry = this.inquiryType;
    return { ...(inquiry ? { inquiry_type: inquiry } : {}), ...(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,4}$/.test(language) ? { language } : {}) };
  }

  /** setPage says which page of the host site the visitor is on now (first load and every SPA
   * route change the loader reports); kefu shows it in the team's live visitor list. */
  setPage(url: string, title: string, referrer?: string): void {
    this.page = { url: url.slice(0, 2000), title: title.slice(0, 300), referrer: (referrer ?? this.page.referrer).slice(0, 2000) };
    if (this.phase === 'ready') void this.reportPage();
  }

  // reportPage sends the current page: one request per page view, never on a timer.
  private async reportPage(): Promise<void> {
    const { url, title, referrer } = this.page;
    if (!/^https?:\/\//.test(url)) return;
    const language = typeof navigator === 'undefined' ? '' : (navigator.language ?? '');
    await this.api.pageView({ url, title, referrer: /^https?:\/\//.test(referrer) ? referrer : '', language }).catch(() => {});
  }

  /** loadOlder fetches the page of history before the oldest message shown. */
  async loadOlder(): Promise<void> {
    const c = this.current;
    if (!c) return;
    const before = this.timeline.oldestSeq(c.id);
    const { messages } = await this.api.messages(c.id, { before, limit: HISTORY_PAGE });
    for (const m of messages) this.addMessage(m, false);
    if (messages.length === 0 && !before) this.positions.see(c.id, 0);
    this.hasOlder = messages.length === HISTORY_PAGE && messages[0].seq > 1;
    this.changed();
  }

  /** reopen opens the session again, e.g. once the visitor's key arrived from the host page. */
  reopen(): Promise<void> {
    return this.open();
  }

  /** setUser signs the visitor in as a customer of the host site (or out, with null). */
  setUser(user: User | null): Promise<void> {
    if (JSON.stringify(user) === JSON.stringify(this.user)) return Promise.resolve();
    this.user = user;
    return this.open();
  }

  /** setAttributes adds custom attributes to the visitor's contact. */
  async setAttributes(attrs: Record<string, string>): Promise<void> {
    this.attributes = { ...this.attributes, ...attrs };
    if (this.session) await this.updateContact({ attributes: attrs });
  }

  /** reset forgets the visitor in this browser and starts as a new anonymous one. */
  reset(): Promise<void> {
    this.outbox.clear();
    this.identity.forget();
    this.user = null;
    this.session = null;
    return this.open();
  }

  /** updateContact saves what the pre-chat or offline form asked. */
  async updateContact(body: { name?: string; email?: string; phone?: string; attributes?: Record<string, string> }): Promise<Contact> {
    const c = await this.api.updateContact(body);
    if (this.session) this.session = { ...this.session, contact: { ...this.session.contact, ...c } };
    this.changed();
    return c;
  }

  /** send queues a message and sends it as soon as it can. */
  send(content: string, attachments: Attachment[] = []): void {
    const answering = this.answering();
    const item: OutboxItem = {
      client_msg_id: newClientMsgID(),
      conversation_id: answering ? null : (this.current?.id ?? null),
      ...(answering && !this.outbox.list().some((i) => i.trigger) ? { trigger: answering } : {}),
      content,
      attachment_ids: attachments.map((a) => a.id),
      attachments_preview: attachments.map(({ file_name, content_type, size }) => ({ file_name, content_type, size })),
      created_at: new Date().toISOString(),
    };
    this.outbox.add(item);
    this.stopTyping();
    this.changed();
    void this.sender.flush();
  }

  // answering is the proactive message the visitor's next message answers, if any.
  private answering(): Opener | null {
    return this.opener && (!this.current || this.current.status === 'resolved') ? this.opener : null;
  }

  /** ongoing says whether the visitor has a conversation going on (or a message on its way). */
  ongoing(): boolean {
    return (!!this.current && this.current.status !== 'resolved') || this.outbox.list().length > 0;
  }

  /** retry sends a failed message again, with its original client_msg_id. */
  retry(clientMsgID: string): void {
    void this.sender.retry(clientMsgID);
    if (!this.connected) this.conn.restart();
  }

  /** upload stores a file in the current conversation, starting one if needed. */
  async upload(file: File, onProgress: (f: number) => void): Promise<Attachment> {
    const answering = this.answering();
    if (!this.current || answering) {
      const { conversation } = await this.api.start(null, answering ?? undefined, this.startAttributes());
      this.adopt(conversation);
      this.outbox.assign(conversation.id);
    }
    return this.api.upload((this.current as Conversation).id, file, onProgress);
  }

  /** typing tells the team the visitor is typing; call on every keystroke. */
  typing(): void {
    const c = this.current;
    if (!c || Date.now() - this.typingSentAt < TYPING_RESEND_MS) return;
    this.typingSentAt = Date.now();
    this.sendTyping(c.id, true);
  }

  /** stopTyping clears the indicator (sent, emptied or idle). */
  stopTyping(): void {
    if (!this.typingSentAt || !this.current) return;
    this.typingSentAt = 0;
    this.sendTyping(this.current.id, false);
  }

  private sendTyping(id: string, on: boolean): void {
    if (this.connected && this.mode === 'ws') this.conn.notify({ type: 'typing', conversation_id: id, typing: on });
    else if (this.connected) this.api.typing(id, on).catch(() => {});
  }

  /** markRead tells the team the visitor has seen everything shown. */
  markRead(): void {
    const c = this.current;
    if (!c || this.unread() === 0) return;
    const seq = Math.max(...this.timeline.messages(c.id).map((m) => m.seq));
    this.current = { ...c, contact_last_read_seq: seq };
    this.known.set(c.id, this.current);
    this.changed();
    const req = this.connected && this.mode === 'ws' ? this.conn.request({ type: 'read', conversation_id: c.id, seq }) : this.api.read(c.id, seq);
    req.catch(() => {});
  }

  /** unread counts the team's messages the visitor has not seen. */
  unread(): number {
    const c = this.current;
    return c ? unreadCount(this.timeline.messages(c.id), c.contact_last_read_seq) : 0;
  }

  /** rows are what the message list shows. */
  rows(): TimelineItem[] {
    const c = this.current;
    const stored = c ? this.timeline.messages(c.id) : [];
    return items(stored, this.outbox.list(), c?.id ?? null, c?.agent_last_read_seq ?? 0, this.connected);
  }

  /** rate gives the resolved conversation a score (1–5) and an optional comment. */
  async rate(score: number, comment: string): Promise<void> {
    const c = this.current;
    if (!c) return;
    const res = (await this.api.rate(c.id, score, comment)) as Partial<Conversation>;
    const rating = res.rating ?? { score, comment, rated_at: new Date().toISOString() };
    this.upsert({ ...c, rating }, false);
  }

  /** botFeedback answers the bot's "did this help?" under the answer message messageID: yes
   * ends the question, no hands the conversation to a person. It throws the server's refusal. */
  async botFeedback(messageID: string, helpful: boolean): Promise<void> {
    const c = this.current;
    if (c) await this.botCall(() => this.api.botFeedback(c.id, messageID, helpful));
  }

  /** talkToPerson asks the bot to hand the conversation to a person (the button). */
  async talkToPerson(): Promise<void> {
    const c = this.current;
    if (c) await this.botCall(() => this.api.botHandoff(c.id));
  }

  // botCall keeps the conversation a bot request answers. A refusal because the bot no longer
  // holds it means the widget missed that change: it reads its conversations again.
  private async botCall(req: () => Promise<Conversation>): Promise<void> {
    try {
      this.fresher(await req());
    } catch (e) {
      if (e instanceof ApiError && e.code === 'bot_not_active') void this.reloadConversations();
      throw e;
    }
  }

  // fresher keeps a conversation from a REST answer unless the stream has already brought a
  // later state of it (more messages): the answer may have been overtaken in flight.
  private fresher(c: Conversation): void {
    const known = this.known.get(c.id);
    if (!known || known.last_seq <= c.last_seq) this.upsert(c, false);
  }

  private async reloadConversations(): Promise<void> {
    const { conversations } = await this.api.conversations().catch(() => ({ conversations: [] as Conversation[] }));
    for (const c of conversations) this.fresher(c);
  }

  /** refreshQueue asks where the conversation stands in the queue. */
  async refreshQueue(): Promise<void> {
    const c = this.current;
    if (!c || c.status === 'resolved') return this.set(() => (this.queue = null));
    const q = await this.api.queue(c.id).catch(() => null);
    this.set(() => this.setQueue(q));
  }

  // setQueue keeps a queue answer (polled or pushed). An agent who came online (or left) since
  // the config was read changes whether a live chat is possible, within business hours.
  private setQueue(q: QueueInfo | null): void {
    this.queue = q;
    if (q && this.inHours) this.online = q.agents_available;
  }

  private queueTimer: ReturnType<typeof setTimeout> | undefined;

  // queueSoon refreshes the queue position once after a burst of updates.
  private queueSoon(): void {
    clearTimeout(this.queueTimer);
    this.queueTimer = setTimeout(() => void this.refreshQueue(), 300);
  }

  /** refreshConfig re-reads the widget settings and whether an agent is online. */
  async refreshConfig(): Promise<void> {
    const cfg = await this.api.config(this.widgetKey).catch(() => null);
    if (cfg) this.set(() => (this.setLive(cfg), (this.settings = cfg.widget ?? this.settings)));
  }

  /** network follows the browser's online/offline events. */
  network(online: boolean): void {
    if (this.phase !== 'ready') return;
    if (online) this.conn.restart();
    else this.conn.stop();
  }

  private async deliver(conversationID: string, i: OutboxItem): Promise<Message> {
    if (this.mode === 'sse') return (await this.api.send(conversationID, i)).message;
    try {
      return await this.conn.sendMessage(conversationID, i.client_msg_id, i.content, i.attachment_ids);
    } catch (e) {
      const code = String((e as { code?: unknown }).code ?? '');
      if (!code || ['rate_limited', 'overloaded', 'unavailable', 'internal'].includes(code)) throw new ApiError(0, 'network', String(e));
      throw new ApiError(422, code, code);
    }
  }

  private onConnection(connected: boolean, mode: Mode): void {
    this.set(() => ((this.connected = connected), (this.mode = mode)));
    if (!connected) return;
    if (this.pageDue) {
      this.pageDue = false;
      void this.reportPage();
    }
    void this.sender.flush();
    void this.refreshQueue();
  }

  private onFrame(f: ServerFrame): void {
    switch (f.type) {
      case 'conversation.created':
      case 'conversation.updated':
        if (f.conversation) this.upsert(f.conversation, false);
        break;
      case 'message.created':
        if (f.conversation) this.upsert(f.conversation, false);
        if (f.message) this.addMessage(f.message, true);
        break;
      case 'message.updated':
        if (f.message) this.timeline.replace(f.message);
        this.changed();
        break;
      case 'queue.updated':
        if (f.queue && f.conversation_id && f.conversation_id === this.current?.id) this.set(() => this.setQueue(f.queue ?? null));
        break;
      case 'typing':
        if (f.typing && f.typing.sender_type !== 'contact') this.showTyping(f.typing.typing ? (f.typing.name ?? '') : null);
        break;
    }
  }

  private showTyping(name: string | null): void {
    clearTimeout(this.typingTimer);
    this.set(() => (this.agentTyping = name));
    // A lost "stopped typing" must not leave the indicator on for ever.
    if (name !== null) this.typingTimer = setTimeout(() => this.set(() => (this.agentTyping = null)), TYPING_CLEAR_MS);
  }

  // adopt makes a conversation from a REST answer the current one. If the realtime stream
  // already delivered it, the stream's copy wins: it is ordered, while the REST answer may
  // have been overtaken in flight (say, by the agent resolving the conversation).
  private adopt(c: Conversation): void {
    this.opener = null; // the conversation it started now shows it as stored
    const known = this.known.get(c.id);
    if (!known) return this.upsert(c, true);
    this.current = known;
    this.changed();
  }

  private upsert(c: Conversation, adopt: boolean): void {
    const prev = this.known.get(c.id);
    // Frames that predate ratings carry no rating field: keep what we know.
    const merged: Conversation = { ...prev, ...c, rating: 'rating' in c ? c.rating : prev?.rating };
    this.known.set(c.id, merged);
    const cur = this.current;
    if (adopt || !cur || cur.id === c.id || merged.created_at > cur.created_at) {
      // An assignment shows only as an update of the conversation, and so does the bot's
      // hand-off (pending → open, joining the queue): ask the queue again.
      const moved = cur?.id === c.id && (cur.status !== merged.status || cur.bot_state !== merged.bot_state);
      const waiting = moved || (cur?.id === c.id && this.queue !== null && !this.queue.assigned);
      this.current = merged;
      if (waiting) this.queueSoon();
    }
    this.changed();
  }

  /** refreshLinks fetches m again for fresh attachment links: a visitor's links expire after
   * the server's file_link_ttl, which a long-open chat or a restored page outlives. */
  async refreshLinks(m: Message): Promise<Message | null> {
    const { messages } = await this.api.messages(m.conversation_id, { before: m.seq + 1, limit: 1 });
    const fresh = messages.find((x) => x.id === m.id);
    if (!fresh) return null;
    this.timeline.replace(fresh);
    this.changed();
    return fresh;
  }

  private addMessage(m: Message, live: boolean): void {
    this.positions.see(m.conversation_id, m.seq);
    if (m.sender_type === 'contact' && m.client_msg_id) this.outbox.ack(m.client_msg_id);
    if (!this.timeline.add(m)) return this.changed();
    if (m.sender_type !== 'contact') this.agentTyping = null;
    const c = this.known.get(m.conversation_id);
    if (c && m.seq > c.last_seq) this.upsert({ ...c, last_seq: m.seq }, false);
    if (live) this.events.message(m);
    if (live && this.queue && !this.queue.assigned) this.queueSoon();
    this.changed();
  }

  private set(f: () => unknown): void {
    f();
    this.changed();
  }

  private changed(): void {
    this.events.changed();
  }
}
