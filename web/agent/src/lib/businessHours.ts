// An inbox's business hours and queue limit as the inbox editor holds them, and the checks it
// makes before sending, keyed by the field paths the server names (hours.Validate), e.g.
// routing.business_hours.weekly[2].start. Pure, so unit tests cover them.
import type { DayHours, InboxRouting, SpecialDay } from '@/api/routing';

/** Weekdays in the order the editor lists them: Monday first, Sunday (0) last. */
export const weekOrder = [1, 2, 3, 4, 5, 6, 0] as const;

const hhmm = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;
const hhmmEnd = /^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$/;
const ymd = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

/** routingOf copies an inbox's routing settings with every list present. */
export function routingOf(r?: InboxRouting | null): InboxRouting {
  const bh = r?.business_hours;
  return {
    max_queue: r?.max_queue ?? 0,
    business_hours: {
      enabled: !!bh?.enabled, timezone: bh?.timezone ?? '',
      weekly: (bh?.weekly ?? []).map((d) => ({ ...d })),
      special: (bh?.special ?? []).map((s) => ({ ...s, hours: (s.hours ?? []).map((h) => ({ ...h })) })),
    },
  };
}

/** officeWeek is the hours an inbox starts with when they are switched on: Monday to Friday
 * 09:00–18:00. */
export const officeWeek = (): DayHours[] => [1, 2, 3, 4, 5].map((day) => ({ day, start: '09:00', end: '18:00' }));

/** overnight reports whether an interval runs past midnight into the next day. */
export const overnight = (h: Pick<DayHours, 'start' | 'end'>) => h.end !== '24:00' && h.end <= h.start && hhmm.test(h.end);

/** A problem is an i18n key under hours.problems, per field path. */
export type HoursProblems = Record<string, string>;

/** hoursProblems finds malformed times and dates, and dates listed twice. */
export function hoursProblems(r: InboxRouting): HoursProblems {
  const p: HoursProblems = {};
  const base = 'routing.business_hours';
  (r.business_hours.weekly ?? []).forEach((h, i) => intervalProblems(h, `${base}.weekly[${i}]`, p));
  const seen = new Set<string>();
  (r.business_hours.special ?? []).forEach((s, i) => specialProblems(s, `${base}.special[${i}]`, seen, p));
  return p;
}

function intervalProblems(h: Pick<DayHours, 'start' | 'end'>, at: string, p: HoursProblems) {
  if (!hhmm.test(h.start)) p[`${at}.start`] = 'time';
  if (!hhmmEnd.test(h.end)) p[`${at}.end`] = 'time';
}

function specialProblems(s: SpecialDay, at: string, seen: Set<string>, p: HoursProblems) {
  if (!ymd.test(s.date ?? '')) p[`${at}.date`] = 'date';
  else if (seen.has(s.date)) p[`${at}.date`] = 'duplicateDate';
  seen.add(s.date);
  if (!s.closed) (s.hours ?? []).forEach((h, j) => intervalProblems(h, `${at}.hours[${j}]`, p));
}

/** routingBody is what the API gets: special days that are closed carry no hours, and every
 * weekly interval's day stays as the editor set it. */
export function routingBody(r: InboxRouting): InboxRouting {
  const c = routingOf(r);
  c.business_hours.special = (c.business_hours.special ?? []).map((s) => ({ ...s, name: (s.name ?? '').trim(), hours: s.closed ? [] : s.hours }));
  return c;
}

/** timeZones lists the IANA zones the browser knows, with zone first when it is missing. */
export function timeZones(zone = ''): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (k: string) => string[] };
  const all = intl.supportedValuesOf?.('timeZone') ?? ['Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Singapore', 'Asia/Tokyo', 'Europe/London', 'America/New_York', 'UTC'];
  return zone && !all.includes(zone) ? [zone, ...all] : all;
}
