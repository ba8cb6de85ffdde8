// Whether the visitor may expect a live chat now, from the server's config or session answer,
// and when the team is back if not. Pure, so the unit tests pin it.

import type { Availability } from './types';

/** Live is what the widget keeps of an availability answer. */
export interface Live {
  online: boolean; // a live chat is possible: else the away message and the offline form
  open: boolean; // inside business hours
  nextOpenAt: string | null; // when the inbox opens next, while closed
}

/** liveOf reads an answer; a server that predates business hours sends only online. */
export function liveOf(a: Partial<Availability>): Live {
  const open = a.open ?? true;
  return { online: a.available ?? (open && (a.online ?? true)), open, nextOpenAt: open ? null : (a.next_open_at ?? null) };
}

/** backAt formats when the team is back in the visitor's language and time zone: the time, and
 * the weekday unless it is today ({time: '09:00', day: 'Mon'}). null when unknown or past. */
export function backAt(nextOpenAt: string | null, locale: string, now = new Date(), timeZone?: string): { time: string; day: string } | null {
  if (!nextOpenAt) return null;
  const at = new Date(nextOpenAt);
  if (Number.isNaN(at.getTime()) || at <= now) return null;
  const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(at);
  const dayOf = (d: Date) => new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone }).format(d);
  const sameDay = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone }).format(d);
  return { time, day: sameDay(at) === sameDay(now) ? '' : dayOf(at) };
}
