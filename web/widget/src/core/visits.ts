// The visitor's visit count, kept in the widget's storage: a page load more than 30 minutes
// after the last one starts a new visit, as web analytics count sessions.

import type { KV } from './storage';
import { readJSON } from './storage';

const VISIT_GAP_MS = 30 * 60 * 1000;

interface Stored {
  count: number;
  last: number; // ms since the epoch of the last page load
}

/** countVisit records a page load and returns the visits so far, this one included. */
export function countVisit(kv: KV, key: string, now: number): number {
  const s = readJSON<Stored>(kv, key);
  const prev = s && Number.isFinite(s.count) && Number.isFinite(s.last) ? s : { count: 0, last: 0 };
  const count = now - prev.last > VISIT_GAP_MS ? prev.count + 1 : Math.max(prev.count, 1);
  kv.set(key, JSON.stringify({ count, last: now }));
  return count;
}
