// Links in message text. Text is only ever rendered as text nodes; linkify finds http(s) URLs so
// the view can wrap those (and only those) in <a> elements with safe attributes. Any other
// scheme (javascript:, data:, ...) stays plain text.

/** Part is a run of text or a link. */
export type Part = { text: string; href?: string };

const URL_RE = /\bhttps?:\/\/[^\s<>"'`]+/gi;
// Punctuation that usually ends a sentence rather than a URL.
const TRAILING = /[.,;:!?)\]}，。；：！？）】]+$/;

/** linkify splits text into plain parts and http(s) link parts. */
export function linkify(text: string): Part[] {
  const parts: Part[] = [];
  let last = 0;
  for (const m of text.matchAll(URL_RE)) {
    const raw = m[0].replace(TRAILING, '');
    const start = m.index ?? 0;
    const href = safeHref(raw);
    if (!href) continue;
    if (start > last) parts.push({ text: text.slice(last, start) });
    parts.push({ text: raw, href });
    last = start + raw.length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}

/** safeHref returns the URL when it parses as http(s), else null. */
export function safeHref(raw: string): string | null {
  try {
    const u = new URL(raw);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}
