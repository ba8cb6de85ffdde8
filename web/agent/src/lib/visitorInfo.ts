// What the visitor list shows of a live visitor beyond the visit itself: where they are and in
// which language, from the contact's attributes (a GeoIP lookup or the host site may set city,
// region, country) and the browser's language.
import type { Contact, LiveVisitor } from '@/api/types';
import { shortBrowser } from './contactInfo';

/** place is "Shanghai, CN · zh-CN", or just the language when the location is unknown. */
export function place(v: LiveVisitor, c: Contact | undefined): string {
  const a = c?.attributes ?? {};
  const where = [a.city, a.region, a.country].filter(Boolean).join(', ') || a.location || '';
  return [where, v.language || a.locale].filter(Boolean).join(' · ');
}

/** browser is "Chrome 120 · Windows" from the contact's user agent. */
export function browser(c: Contact | undefined): string {
  const ua = c?.attributes?.user_agent ?? c?.attributes?.browser ?? '';
  return ua ? shortBrowser(ua) : '';
}

/** duration words a time on site as "12:05" or "1:02:05", ticking with now. */
export function onSite(startedAt: string, now: number): string {
  const s = Math.max(0, Math.floor((now - Date.parse(startedAt)) / 1000));
  const h = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(h ? 2 : 1, '0');
  const ss = String(s % 60).padStart(2, '0');
  return h ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** host is a URL's host, for a referrer column. */
export function host(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
