// widget.js, the loader a site embeds with the snippet. It must never slow down or break the
// host page: it is loaded async, does little work, and everything visible lives in a shadow
// root (launcher) or an iframe on kefu's origin (the chat app). Calls queued in window.$kefu
// before it loaded run now; afterwards $kefu is an object whose methods run directly.

import { NS, type FrameMessage, type HostChatMessage, type HostMessage } from '../shared/protocol';
import type { User } from '../core/types';
import { build, css, place, type Parts } from './ui';
import { TitleBlink } from './title';
import { HostStore } from './store';
import { Preview } from './preview';
import { watchPages } from './pages';

type Listener = (payload?: HostChatMessage) => void;
type Command = [string, ...unknown[]];

interface KefuGlobal {
  $kefu?: unknown;
  __kefu_loaded?: boolean;
}

const w = window as unknown as KefuGlobal;

function main(): void {
  if (w.__kefu_loaded) return; // the snippet pasted twice
  w.__kefu_loaded = true;
  const script = (document.currentScript ?? document.querySelector('script[data-widget-key]')) as HTMLScriptElement | null;
  const key = script?.dataset.widgetKey;
  if (!script || !key) return console.warn('kefu: the widget script needs data-widget-key');
  const origin = new URL(script.src, location.href).origin;
  const queued = Array.isArray(w.$kefu) ? (w.$kefu as Command[]) : [];
  const widget = new Widget(origin, key);
  w.$kefu = widget.api;
  for (const c of queued) widget.api.push(c);
  if (document.body) widget.mount();
  else document.addEventListener('DOMContentLoaded', () => widget.mount());
}

class Widget {
  private parts: Parts | null = null;
  private ready = false;
  private isOpen = false;
  private user: User | null = null;
  private attributes: Record<string, string> = {};
  private locale = '';
  private label = ['Open chat', 'Close chat'];
  private unread = 0;
  private readonly outbox: HostMessage[] = [];
  private readonly listeners: Record<string, Listener[]> = { message: [], open: [], close: [] };
  private readonly title = new TitleBlink();
  private readonly phone = matchMedia('(max-width: 480px)');
  private readonly store: HostStore;
  private preview: Preview | null = null;

  readonly api = {
    push: (c: Command) => this.run(c),
    open: () => this.setOpen(true),
    close: () => this.setOpen(false),
    toggle: () => this.setOpen(!this.isOpen),
    setUser: (u: User | null) => ((this.user = u), this.post({ ns: NS, type: 'setUser', user: u })),
    setAttributes: (a: Record<string, string>) => (Object.assign(this.attributes, a), this.post({ ns: NS, type: 'setAttributes', attributes: a })),
    setLocale: (l: string) => ((this.locale = l), this.post({ ns: NS, type: 'setLocale', locale: l })),
    reset: () => ((this.user = null), (this.attributes = {}), this.post({ ns: NS, type: 'reset' })),
    on: (ev: string, fn: Listener) => void this.listeners[ev]?.push(fn),
    off: (ev: string, fn: Listener) => void (this.listeners[ev] = (this.listeners[ev] ?? []).filter((f) => f !== fn)),
  };

  constructor(
    private readonly origin: string,
    private readonly key: string,
  ) {
    this.store = new HostStore(key);
    this.isOpen = this.store.open; // the visitor left the last page with the chat open
  }

  private run(c: Command): void {
    if (!Array.isArray(c)) return;
    const [name, ...args] = c;
    const f = (this.api as Record<string, unknown>)[name];
    if (typeof f === 'function' && name !== 'push') f(...args);
    else console.warn('kefu: unknown command', name);
  }

  mount(): void {
    const q = new URLSearchParams({ key: this.key, origin: location.origin });
    if (this.locale) q.set('locale', this.locale); // the right language from the first paint
    const p = (this.parts = build(`${this.origin}/widget/frame?${q}`));
    p.frame.title = 'Chat';
    p.button.addEventListener('click', () => this.setOpen(!this.isOpen));
    addEventListener('message', (e) => this.receive(e));
    this.phone.addEventListener?.('change', () => this.layout());
    this.layout();
    document.body.append(p.host);
    this.preview = new Preview(p.host.shadowRoot as ShadowRoot, () => this.setOpen(true));
    // Single-page sites change the address without a load: live visitors and proactive messages follow it.
    watchPages((page, title) => this.post({ ns: NS, type: 'page', page, title }));
  }

  private receive(e: MessageEvent): void {
    // Only the chat app in our own iframe, from kefu's origin, may drive the launcher.
    const p = this.parts;
    if (!p || e.source !== p.frame.contentWindow || e.origin !== this.origin) return;
    const m = e.data as FrameMessage;
    if (!m || m.ns !== NS) return;
    switch (m.type) {
      case 'ready':
        this.ready = true;
        this.send({ ns: NS, type: 'init', user: this.user, attributes: this.attributes, locale: this.locale, open: this.isOpen, page: location.href, referrer: document.referrer, title: document.title, store: this.store.snapshot() });
        for (const o of this.outbox.splice(0)) this.send(o);
        this.layout(); // the launcher shows once the chat is known to load
        break;
      case 'refused':
        p.host.remove();
        console.error(`kefu: this site (${location.origin}) may not show this chat. Add ${location.origin} to the inbox's Allowed origins (Settings › Inboxes › Allowed origins) in kefu.`);
        break;
      case 'store':
        this.store.write(m.key, m.value);
        break;
      case 'config':
        if (/^#[0-9a-fA-F]{6}$/.test(m.color)) css(p.button, { background: m.color });
        this.label = String(m.label).split('|');
        this.layout();
        break;
      case 'unread':
        this.unread = Math.max(0, Math.floor(Number(m.count)) || 0);
        this.layout();
        break;
      case 'message':
        this.emit('message', m.message);
        break;
      case 'notify':
        this.title.start(String(m.text).slice(0, 100));
        break;
      case 'close':
        this.setOpen(false);
        p.button.focus();
        break;
      case 'proactive':
        this.proactive(String(m.text ?? ''), String(m.sender ?? ''));
        break;
    }
  }

  private setOpen(open: boolean): void {
    if (open === this.isOpen) return;
    this.isOpen = open;
    this.store.open = open;
    if (open) this.preview?.hide();
    this.post({ ns: NS, type: open ? 'open' : 'close' });
    this.layout();
    if (open) this.parts?.frame.focus();
    this.emit(open ? 'open' : 'close');
  }

  // proactive shows a proactive message: the chat opens on a desktop; on a phone, where it
  // would cover the page, a preview bubble above the launcher waits for a tap.
  private proactive(text: string, sender: string): void {
    if (!text) return this.preview?.hide();
    if (!this.phone.matches) return this.setOpen(true);
    if (!this.isOpen) this.preview?.show(sender, text, this.label[2] ?? 'Dismiss');
  }

  private layout(): void {
    const p = this.parts;
    if (!p) return;
    place(p, this.isOpen, this.phone.matches, this.ready);
    const n = this.unread;
    p.badge.textContent = n > 99 ? '99+' : String(n);
    css(p.badge, { display: n > 0 && !this.isOpen ? 'block' : 'none' });
    p.button.setAttribute('aria-expanded', String(this.isOpen));
    p.button.setAttribute('aria-label', (this.isOpen ? this.label[1] : this.label[0]) + (n && !this.isOpen ? ` (${n})` : ''));
  }

  private post(m: HostMessage): void {
    if (this.ready) this.send(m);
    else if (m.type === 'reset') this.outbox.push(m); // init carries the rest of the state
  }

  private send(m: HostMessage): void {
    this.parts?.frame.contentWindow?.postMessage(m, this.origin);
  }

  private emit(ev: string, payload?: HostChatMessage): void {
    for (const fn of this.listeners[ev] ?? []) {
      try {
        fn(payload);
      } catch (err) {
        console.error(err); // a host listener's bug must not stop the widget
      }
    }
  }
}

main();
