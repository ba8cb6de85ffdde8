// TriggerWatcher runs the inbox's proactive messages on the host page: it counts the seconds
// the page is visible (a hidden tab's time does not count), restarts the count when the page's
// address changes (single-page sites included: the loader reports every change), and fires
// the first trigger whose conditions hold, once per visitor, never while a conversation is
// going on. What firing looks like is the controller's business.

import type { ChatClient } from '../core/client';
import { firing, type Trigger } from '../core/triggers';
import { readJSON } from '../core/storage';
import { countVisit } from '../core/visits';

const TICK_MS = 1000;

/** What the watcher needs from the controller. */
export interface WatcherDeps {
  client: ChatClient;
  locale(): string;
  fire(t: Trigger): void;
}

/** TriggerWatcher decides when a proactive message shows. */
export class TriggerWatcher {
  private url = '';
  private seconds = 0;
  private readonly visits: number;

  constructor(private readonly d: WatcherDeps) {
    this.visits = countVisit(d.client.kv, d.client.key('visits'), Date.now());
    setInterval(() => this.tick(), TICK_MS);
  }

  /** page tells the watcher the host page's address (on load and on every change). */
  page(url: string): void {
    if (!url || url === this.url) return;
    this.url = url;
    this.seconds = 0;
    this.check();
  }

  private tick(): void {
    if (document.hidden || !this.url) return;
    this.seconds++;
    this.check();
  }

  private check(): void {
    const c = this.d.client;
    const triggers = c.settings.triggers ?? [];
    if (c.phase !== 'ready' || triggers.length === 0 || c.opener || c.ongoing()) return;
    const fired = this.fired();
    const t = firing(triggers, { url: this.url, seconds: this.seconds, visits: this.visits, locale: this.d.locale(), online: c.online }, fired);
    if (!t) return;
    fired.add(t.id);
    c.kv.set(c.key('triggers:fired'), JSON.stringify([...fired]));
    this.d.fire(t);
  }

  // fired are the triggers this visitor has been shown, in the widget's storage (the host
  // page's, where the loader provides it), so each shows once per visitor.
  private fired(): Set<string> {
    const stored = readJSON<string[]>(this.d.client.kv, this.d.client.key('triggers:fired'));
    return new Set(Array.isArray(stored) ? stored.filter((s) => typeof s === 'string') : []);
  }
}
