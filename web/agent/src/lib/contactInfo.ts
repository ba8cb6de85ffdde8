// Which contact attributes are technical facts the widget recorded (shown read-only under their
// own labels) and which are custom attributes agents and integrations keep (editable).

/** Known attribute keys, and the label each is shown under. Several names mean the same thing. */
export const knownAttributes: { keys: string[]; label: string }[] = [
  { keys: ['ip'], label: 'contact.ip' },
  { keys: ['page_url', 'page'], label: 'contact.page' },
  { keys: ['referrer'], label: 'contact.referrer' },
  { keys: ['user_agent', 'browser'], label: 'contact.browser' },
];

const known = new Set(knownAttributes.flatMap((k) => k.keys));

/** technical picks the recorded facts present on a contact, in display order. */
export function technical(attrs: Record<string, string> | undefined): { label: string; value: string }[] {
  const a = attrs ?? {};
  return knownAttributes.flatMap((k) => {
    const key = k.keys.find((x) => a[x]);
    return key ? [{ label: k.label, value: a[key] }] : [];
  });
}

/** custom lists the other attributes, sorted by key. */
export function custom(attrs: Record<string, string> | undefined): [string, string][] {
  return Object.entries(attrs ?? {})
    .filter(([k]) => !known.has(k))
    .sort(([a], [b]) => a.localeCompare(b));
}

/** shortBrowser turns a user agent into "Chrome 120 · Windows" for a narrow sidebar. */
export function shortBrowser(ua: string): string {
  // Most specific first: Edge and WeChat also say "Chrome", Chrome also says "Safari".
  const names: [RegExp, string][] = [
    [/Edg\/(\d+)/, 'Edge'], [/OPR\/(\d+)/, 'Opera'], [/MicroMessenger\/(\d+)/, 'WeChat'],
    [/Firefox\/(\d+)/, 'Firefox'], [/Chrome\/(\d+)/, 'Chrome'], [/Version\/(\d+).*Safari/, 'Safari'],
  ];
  const os = /(Windows|Android|iPhone|iPad|Mac OS X|Linux)/.exec(ua)?.[1]?.replace('Mac OS X', 'macOS');
  for (const [re, name] of names) {
    const m = re.exec(ua);
    if (m) return [`${name} ${m[1]}`, os].filter(Boolean).join(' · ');
  }
  return ua.slice(0, 60);
}

/** Who a contact is, as far as the workspace shows it: a full contact or a list row's summary. */
export interface ContactNameParts {
  name?: string;
  email?: string;
  number?: number;
}

/**
 * displayName is how a contact is called everywhere in the workspace (list rows, header,
 * sidebar, notifications, search results): the name they gave, else their e-mail, else their
 * number in the organisation ("Visitor #42" / "访客 #42"), so anonymous visitors stay apart.
 * t is the caller's translate function.
 */
export function displayName(t: (key: string, values?: Record<string, unknown>) => string, c: ContactNameParts | undefined): string {
  if (c?.name) return c.name;
  if (c?.email) return c.email;
  return c?.number ? t('contact.numbered', { n: c.number }) : t('contact.anonymous');
}
