// Who the visitor is. An anonymous browser is recognised by the random visitor_key kefu hands
// out with its first session; the widget keeps it in its own (kefu-origin) storage. A customer
// the host site signed in is named by setUser with an HMAC the site computed on its server.

import type { Api } from './api';
import type { KV } from './storage';
import type { Session, User } from './types';

/** Identity opens sessions for one widget key in one browser. */
export class Identity {
  constructor(
    private readonly api: Api,
    private readonly kv: KV,
    readonly widgetKey: string,
  ) {}

  private get key(): string {
    return `kefu:${this.widgetKey}:visitor_key`;
  }

  /** open starts a session, returning as the same visitor when the browser has a key. */
  async open(user: User | null, attributes: Record<string, string>): Promise<Session> {
    const visitorKey = this.kv.get(this.key) ?? undefined;
    const s = await this.api.session({ widget_key: this.widgetKey, visitor_key: visitorKey, user: user ? sessionUser(user) : undefined, attributes });
    if (s.visitor_key) this.kv.set(this.key, s.visitor_key);
    this.api.token = s.token;
    for (const w of s.warnings ?? []) warnDeveloper(w);
    return s;
  }

  /** forget drops the browser key so the next session is a new anonymous visitor. */
  forget(): void {
    this.kv.remove(this.key);
  }
}

/** sessionUser is the setUser object as the session request carries it: the known fields only,
 * attribute values as strings (a site passing `{ vip_since: 2020 }` signs the text "2020"; the
 * server takes strings only and would otherwise refuse the whole session), and attributes_hash
 * with the attributes it signs. */
export function sessionUser(u: User): User {
  const out: User = { id: String(u.id ?? '') };
  for (const k of ['name', 'email', 'phone', 'hash', 'attributes_hash'] as const) if (u[k] != null) out[k] = String(u[k]);
  if (u.attributes && typeof u.attributes === 'object') {
    out.attributes = Object.fromEntries(Object.entries(u.attributes).filter(([, v]) => v != null).map(([k, v]) => [k, String(v)]));
  }
  return out;
}

/** pageAttributes describes the visit for the agent: page, referrer, browser language and the
 * browser itself (its user agent, which the team's visitor list and sidebar shorten to
 * "Chrome 120 · Windows"). */
export function pageAttributes(page: string, referrer: string): Record<string, string> {
  const a: Record<string, string> = { locale: navigator.language || '' };
  if (navigator.userAgent) a.user_agent = navigator.userAgent.slice(0, 300);
  if (page) a.page_url = page.slice(0, 500);
  if (referrer) a.referrer = referrer.slice(0, 500);
  return a;
}

// warnDeveloper tells the host site's developer, in the console, what kefu left out of the
// visitor's profile (say, setUser's e-mail): the chat works without it.
function warnDeveloper(w: { field: string; message: string }): void {
  console.warn(`kefu: ${String(w.field).slice(0, 40)} was not saved (${String(w.message).slice(0, 200)}); the chat works without it. Check what you pass to $kefu.setUser / setAttributes.`);
}
