// Proactive messages (triggers): which of the inbox's triggers fires for this visitor now. The
// server validates the conditions (internal/kefu/trigger.go); this evaluates them with the same
// meaning. Pure functions: the watcher in app/triggers.ts feeds them the page and the clock.

/** A URL condition: a value starting with "/" (a regex: "/" or "^/") is compared with the
 * page's path, query and fragment; any other with the whole URL. */
export interface URLCondition {
  op: 'contains' | 'equals' | 'starts_with' | 'regex' | string;
  value: string;
}

/** One trigger as the widget config carries it. */
export interface Trigger {
  id: string;
  name: string;
  enabled: boolean;
  conditions: { url?: URLCondition; time_on_page?: number; visit_count?: number; language?: string; agents_online?: boolean };
  message: { default: string; en?: string; 'zh-CN'?: string };
  sender_name?: string;
}

/** What is known about the visitor when the triggers are evaluated. */
export interface Visit {
  url: string; // the host page's location.href
  seconds: number; // how long this page has been visible
  visits: number; // visits to the site, this one included
  locale: string; // the widget's language
  online: boolean; // an agent of the inbox is online
}

// The server caps regexes at 200 characters; the URL tested is capped too, so a pattern that
// backtracks in the browser's engine stays quick.
const MAX_URL = 2048;

/** urlMatches applies a URL condition to a page address. */
export function urlMatches(c: URLCondition, href: string): boolean {
  const subject = (onPath(c) ? pathOf(href) : href).slice(0, MAX_URL);
  switch (c.op) {
    case 'contains':
      return subject.includes(c.value);
    case 'equals':
      return subject === c.value;
    case 'starts_with':
      return subject.startsWith(c.value);
    case 'regex':
      return regexTest(c.value, subject);
  }
  return false; // an operator this widget does not know never fires
}

function onPath(c: URLCondition): boolean {
  return c.value.startsWith('/') || (c.op === 'regex' && c.value.startsWith('^/'));
}

function pathOf(href: string): string {
  try {
    const u = new URL(href);
    return u.pathname + u.search + u.hash;
  } catch {
    return href;
  }
}

function regexTest(pattern: string, subject: string): boolean {
  try {
    return new RegExp(pattern).test(subject);
  } catch {
    return false;
  }
}

/** holdsNow checks every condition except time on page. */
function holdsNow(t: Trigger, v: Visit): boolean {
  const c = t.conditions ?? {};
  if (!t.enabled || !t.message?.default) return false;
  if (c.url && !urlMatches(c.url, v.url)) return false;
  if (c.language && c.language !== v.locale) return false;
  if (c.agents_online && !v.online) return false;
  return v.visits >= (c.visit_count ?? 0);
}

/** firing returns the first trigger (in the admin's order) that fires now and has not before. */
export function firing(ts: readonly Trigger[], v: Visit, fired: ReadonlySet<string>): Trigger | null {
  for (const t of ts) {
    if (fired.has(t.id) || !holdsNow(t, v)) continue;
    if (v.seconds >= (t.conditions?.time_on_page ?? 0)) return t;
  }
  return null;
}

/** waiting says whether some trigger may still fire on this page once more time has passed. */
export function waiting(ts: readonly Trigger[], v: Visit, fired: ReadonlySet<string>): boolean {
  return ts.some((t) => !fired.has(t.id) && holdsNow(t, v) && v.seconds < (t.conditions?.time_on_page ?? 0));
}

/** messageFor is the trigger's message in the widget's language. */
export function messageFor(t: Trigger, locale: string): string {
  const m = t.message;
  if (locale === 'zh-CN' && m['zh-CN']) return m['zh-CN'];
  if (locale === 'en' && m.en) return m.en;
  return m.default;
}
