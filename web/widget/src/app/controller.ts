// Controller ties the chat client to its surroundings: the host page (through the bridge) or
// the standalone page, the language, open/closed, read receipts, notifications and the queue
// poll. The Preact view renders from it and calls it; it holds no view code.

import { ChatClient } from '../core/client';
import { pickLocale, translator, type Locale } from '../core/i18n';
import { browserKV, type KV } from '../core/storage';
import type { Message, User } from '../core/types';
import type { HostMessage } from '../shared/protocol';
import { Bridge } from './bridge';
import { HostKV } from './hostkv';
import { isProactive, notice } from './proactive';
import { Beeper } from './notify';
import type { Proactive } from './proactive';
import { TriggerWatcher } from './triggers';
import { messageFor, type Trigger } from '../core/triggers';

const QUEUE_POLL_MS = 15_000;
// If no loader says hello (the frame was opened some other way), start anonymously.
const INIT_WAIT_MS = 3000;

/** Controller is the app's state outside the view. */
export class Controller {
  readonly client: ChatClient;
  isOpen: boolean;
  locale: Locale;
  t: ReturnType<typeof translator>;
  private localeOverride = '';
  private readonly bridge: Bridge | null;
  private readonly hostKV: HostKV | null;
  private readonly beeper = new Beeper();
  private readonly subs = new Set<() => void>();
  private queued = false;
  private started = false;
  private blink: ReturnType<typeof setInterval> | undefined;
  private lastUnread = -1;
  private lastConfig = '';
  private shown: Proactive | null = null;
  private readonly watcher: TriggerWatcher | null;

  constructor(
    readonly widgetKey: string,
    hostOrigin: string | null, // null: the standalone page
    hostLocale = '', // the language the host page asked for in the iframe URL
  ) {
    this.isOpen = hostOrigin === null;
    this.localeOverride = hostLocale;
    this.locale = pickLocale(hostLocale, navigator.languages ?? [navigator.language]);
    this.t = translator(this.locale);
    document.documentElement.lang = this.locale;
    this.bridge = hostOrigin ? new Bridge(hostOrigin, (m) => this.onHost(m)) : null;
    const bridge = this.bridge;
    this.hostKV = bridge ? new HostKV(browserKV(), (key, value) => bridge.post({ type: 'store', key, value })) : null;
    const kv: KV = this.hostKV ?? browserKV();
    this.client = new ChatClient(widgetKey, kv, {
      changed: () => this.changed(),
      message: (m) => this.onMessage(m),
    }, undefined, hostOrigin ? undefined : { url: location.href, referrer: document.referrer });
    // Proactive messages are for pages that embed the widget, not the standalone chat page.
    this.watcher = hostOrigin ? new TriggerWatcher({ client: this.client, locale: () => this.locale, fire: (t) => this.showProactive(t) }) : null;
    addEventListener('online', () => this.network(true));
    addEventListener('offline', () => this.network(false));
    document.addEventListener('visibilitychange', () => this.onVisible());
    setInterval(() => this.isOpen && this.client.current && !this.client.queue?.assigned && this.client.refreshQueue(), QUEUE_POLL_MS);
    if (this.bridge) {
      this.bridge.post({ type: 'ready' });
      setTimeout(() => this.begin(null, {}), INIT_WAIT_MS);
    } else {
      this.begin(null, {});
    }
  }

  /** networkOnline follows the browser's online/offline events. */
  networkOnline = navigator.onLine !== false;

  private network(online: boolean): void {
    this.networkOnline = online;
    this.client.network(online);
    this.changed();
  }

  get embedded(): boolean {
    return this.bridge !== null;
  }

  /** subscribe calls f after every change (batched); it returns the unsubscribe. */
  subscribe(f: () => void): () => void {
    this.subs.add(f);
    return () => this.subs.delete(f);
  }

  /** setOpen shows or hides the chat (the host page's launcher does the hiding). */
  setOpen(open: boolean): void {
    if (this.isOpen === open) return;
    this.isOpen = open;
    // While the session loads, its answer brings the config and the queue state: asking now
    // would only add round trips before the socket.
    if (open && this.client.phase === 'ready') {
      this.client.markRead();
      void this.client.refreshConfig();
      void this.client.refreshQueue();
    }
    this.changed();
  }

  /** proactive is the message that opened the chat, until the visitor's answer stores it. */
  get proactive(): Proactive | null {
    return this.client.opener ? this.shown : null;
  }

  private showProactive(t: Trigger): void {
    const text = messageFor(t, this.locale);
    const sender = t.sender_name || this.client.session?.inbox.name || this.t('title');
    this.shown = { trigger_id: t.id, locale: this.locale, text, sender_name: sender, shown_at: new Date().toISOString() };
    this.client.opener = { trigger_id: t.id, locale: this.locale };
    this.bridge?.post({ type: 'proactive', text, sender });
    this.changed();
  }

  /** close is the chat's own close button and Escape key. */
  close(): void {
    this.setOpen(false);
    this.bridge?.post({ type: 'close' });
  }

  private begin(user: User | null, attributes: Record<string, string>): void {
    if (this.started) return;
    this.started = true;
    void this.client.start(user, attributes);
  }

  private onHost(m: HostMessage): void {
    switch (m.type) {
      case 'init': {
        this.localeOverride = m.locale || this.localeOverride;
        this.setOpen(!!m.open);
        this.hostKV?.seed(m.store);
        this.watcher?.page(m.page);
        const attrs = { ...m.attributes, ...(m.page ? { page_url: m.page.slice(0, 500) } : {}), ...(m.referrer ? { referrer: m.referrer.slice(0, 500) } : {}) };
        this.client.setPage(m.page ?? '', m.title ?? '', m.referrer ?? '');
        if (!this.started) return this.begin(m.user, attrs);
        // A slow host page: we already started anonymously; apply what it says now, and come
        // back as the visitor its storage remembers.
        if (m.store && Object.keys(m.store).length) void this.client.reopen();
        void this.client.setUser(m.user);
        void this.client.setAttributes(attrs).catch(() => {});
        break;
      }
      case 'open':
      case 'close':
        this.setOpen(m.type === 'open');
        break;
      case 'page':
        this.client.setPage(String(m.page ?? ''), String(m.title ?? ''));
        this.watcher?.page(String(m.page));
        break;
      case 'setUser':
        void this.client.setUser(m.user);
        break;
      case 'setAttributes':
        void this.client.setAttributes(m.attributes).catch(() => {});
        break;
      case 'setLocale':
        this.localeOverride = m.locale || '';
        this.changed();
        break;
      case 'reset':
        void this.client.reset();
        break;
    }
  }

  private onMessage(m: Message): void {
    this.bridge?.post({
      type: 'message',
      message: { id: m.id, conversation_id: m.conversation_id, sender_type: m.sender_type, sender_name: m.sender_name, content: m.content, created_at: m.created_at },
    });
    if (m.sender_type === 'contact') return;
    if (isProactive(m) && !this.isOpen) this.openFor(m);
    if (this.isOpen && !document.hidden) this.client.markRead();
    if (!document.hidden) return;
    this.beeper.beep();
    const text = `(${this.client.unread()}) ${this.t('newMessage')}`;
    if (this.bridge) this.bridge.post({ type: 'notify', text });
    else this.blinkTitle(text);
  }

  // openFor shows a conversation the team started: the loader opens the chat or previews the
  // message by the launcher; the standalone page is open already.
  private openFor(m: Message): void {
    if (this.bridge) this.bridge.post({ type: 'proactive', ...notice(m) });
    else this.setOpen(true);
  }

  private blinkTitle(text: string): void {
    if (this.blink) return;
    const original = document.title;
    let on = false;
    this.blink = setInterval(() => (document.title = (on = !on) ? text : original), 1000);
    const stop = () => {
      clearInterval(this.blink);
      this.blink = undefined;
      document.title = original;
      document.removeEventListener('visibilitychange', stop);
    };
    document.addEventListener('visibilitychange', stop);
  }

  private onVisible(): void {
    if (!document.hidden && this.isOpen) this.client.markRead();
  }

  /** changed redraws the view (batched) and updates the host page's launcher. */
  changed(): void {
    this.syncLocale();
    this.tellHost();
    if (this.queued) return;
    this.queued = true;
    queueMicrotask(() => {
      this.queued = false;
      for (const f of this.subs) f();
    });
  }

  private syncLocale(): void {
    const l = pickLocale(this.localeOverride || this.client.settings.locale, navigator.languages ?? [navigator.language]);
    if (l === this.locale) return;
    this.locale = l;
    this.t = translator(l);
    document.documentElement.lang = l;
  }

  private tellHost(): void {
    if (!this.bridge) return;
    const unread = this.client.unread();
    if (unread !== this.lastUnread) this.bridge.post({ type: 'unread', count: (this.lastUnread = unread) });
    const label = `${this.t('openChat')}|${this.t('closeChat')}|${this.t('dismiss')}`;
    const cfg = this.client.settings.color + label;
    if (cfg !== this.lastConfig) {
      this.lastConfig = cfg;
      this.bridge.post({ type: 'config', color: this.client.settings.color, label });
    }
  }
}
