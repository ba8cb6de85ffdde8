// The bot's figures as the performance page shows them: the date range in the organisation's
// time zone, one bar per day (inboxes summed, days without activity as zeros) stacked from
// "resolved by the bot" and the hand-offs by reason, the rates, and the bars' geometry. Pure, so
// unit tests cover them without a browser.
import { handoffReasons, type BotDay } from '@/api/bot';

/** todayIn is today's date (YYYY-MM-DD) in the IANA time zone tz ("" or unknown: the browser's). */
export function todayIn(tz: string, now = new Date()): string {
  const parts = (zone?: string) => new Intl.DateTimeFormat('en-US', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
  let p: Intl.DateTimeFormatPart[];
  try {
    p = parts(tz || undefined);
  } catch {
    p = parts(); // a zone the browser does not know
  }
  const get = (type: string) => p.find((x) => x.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** addDays moves a YYYY-MM-DD date by n days (calendar days: no time zone involved). */
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** lastDays is the range of the n days ending today, today included. */
export function lastDays(n: number, today: string): { from: string; to: string } {
  return { from: addDays(today, 1 - n), to: today };
}

/** daysFrom lists every date from from to to, both included. */
export function daysFrom(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to && out.length < 400; d = addDays(d, 1)) out.push(d);
  return out;
}

/** ChartDay is one day's bar: resolved by the bot, and the hand-offs by reason. */
export interface ChartDay {
  day: string;
  resolved: number;
  handoffs: Record<string, number>;
}

/** perDay sums the inboxes' figures per day over the whole range, zero where nothing happened. */
export function perDay(days: BotDay[], from: string, to: string): ChartDay[] {
  const byDay = new Map(daysFrom(from, to).map((day) => [day, { day, resolved: 0, handoffs: {} as Record<string, number> }]));
  for (const d of days) {
    const bar = byDay.get(d.day);
    if (!bar) continue;
    bar.resolved += d.resolved;
    for (const [reason, n] of Object.entries(d.handoffs ?? {})) bar.handoffs[reason] = (bar.handoffs[reason] ?? 0) + n;
  }
  return [...byDay.values()];
}

/** reasonsIn lists the hand-off reasons the bars have, known ones in their order, then others. */
export function reasonsIn(bars: ChartDay[]): string[] {
  const seen = new Set(bars.flatMap((b) => Object.keys(b.handoffs).filter((r) => b.handoffs[r] > 0)));
  const known: string[] = handoffReasons.filter((r) => seen.has(r));
  return [...known, ...[...seen].filter((r) => !known.includes(r)).sort()];
}

/** The stacked series of a bar, bottom first: resolved, then each reason. */
export const seriesOf = (reasons: string[]) => ['resolved', ...reasons];

/** valueOf is a bar's value of one series. */
export const valueOf = (b: ChartDay, key: string) => (key === 'resolved' ? b.resolved : b.handoffs[key] ?? 0);

/** niceMax is the axis' top: the smallest 1, 2 or 5 times a power of ten at or above n (at least 1). */
export function niceMax(n: number): number {
  if (n <= 1) return 1;
  const p = 10 ** Math.floor(Math.log10(n));
  return ([1, 2, 5, 10].map((m) => m * p).find((m) => m >= n) ?? 10 * p);
}

/** A drawn part of a bar, in the chart's units (y grows downwards, as in SVG). */
export interface Segment {
  key: string;
  value: number;
  y: number;
  h: number;
}

/** stack places a bar's series on top of one another, in a chart height tall for values up to max. */
export function stack(b: ChartDay, series: string[], height: number, max: number): Segment[] {
  let top = height;
  return series.flatMap((key) => {
    const value = valueOf(b, key);
    if (!value) return [];
    const h = (value / max) * height;
    top -= h;
    return [{ key, value, y: top, h }];
  });
}

/** Rates are shares of the conversations the bot took; null when it took none. */
export interface Rates {
  handoffs: number;
  resolution: number | null;
  handoff: number | null;
}

/** ratesOf computes the bot resolution rate (resolved / started) and the hand-off rate. */
export function ratesOf(total: BotDay): Rates {
  const handoffs = Object.values(total.handoffs ?? {}).reduce((a, b) => a + b, 0);
  const share = (n: number) => (total.started > 0 ? n / total.started : null);
  return { handoffs, resolution: share(total.resolved), handoff: share(handoffs) };
}

/** percent words a share such as 0.425 as "42.5%" in the UI's language; null as a dash. */
export function percent(x: number | null, locale: string): string {
  if (x === null) return '—';
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(x);
}

/** shortDay words a YYYY-MM-DD date as the axis shows it: month and day in the UI's language. */
export function shortDay(day: string, locale: string): string {
  return new Date(`${day}T00:00:00Z`).toLocaleDateString(locale, { month: 'numeric', day: 'numeric', timeZone: 'UTC' });
}
