// The widget's lasting state, kept in the host page's own (first-party) localStorage. A chat
// iframe on another site gets no lasting storage of its own in Chromium and Safari, so the
// chat app keeps its visitor key, unsent messages and the like here, through the loader
// (app/hostkv.ts). Only keys under this widget's prefix are read or written: the frame cannot
// touch the rest of the host's storage. A host page without usable storage degrades to memory.

/** HostStore is one widget's slice of the host page's localStorage. */
export class HostStore {
  private readonly prefix: string;
  private readonly memory = new Map<string, string>();

  constructor(widgetKey: string) {
    this.prefix = `kefu:${widgetKey}:`;
  }

  /** snapshot returns every value of this widget, for the chat app's init. */
  snapshot(): Record<string, string> {
    const out: Record<string, string> = {};
    this.attempt((s) => {
      for (let i = 0; i < s.length; i++) {
        const k = s.key(i);
        const v = k?.startsWith(this.prefix) ? s.getItem(k) : null;
        if (k && v !== null) out[k] = v;
      }
    });
    for (const [k, v] of this.memory) out[k] = v;
    return out;
  }

  /** write stores (or, with null, removes) one value; keys outside the prefix are ignored. */
  write(key: unknown, value: unknown): void {
    if (typeof key !== 'string' || !key.startsWith(this.prefix) || key.length > 200) return;
    if (typeof value === 'string' && value.length <= 1 << 20) {
      if (!this.attempt((s) => s.setItem(key, value))) this.memory.set(key, value);
    } else if (value === null) {
      this.memory.delete(key);
      this.attempt((s) => s.removeItem(key));
    }
  }

  /** open says whether the chat was open when this site's last page was left. */
  get open(): boolean {
    let v = this.memory.get(this.prefix + 'open') ?? null;
    this.attempt((s) => (v = s.getItem(this.prefix + 'open') ?? v));
    return v === '1';
  }

  set open(v: boolean) {
    this.write(this.prefix + 'open', v ? '1' : null);
  }

  // attempt runs f on localStorage, reporting false when the page may not use it (sandboxed
  // frames, disabled storage, quota): the widget must never break the host page.
  private attempt(f: (s: Storage) => void): boolean {
    try {
      f(localStorage);
      return true;
    } catch {
      return false;
    }
  }
}
