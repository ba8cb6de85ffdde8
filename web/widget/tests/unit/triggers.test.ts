import { describe, expect, it } from 'vitest';
import { firing, messageFor, urlMatches, waiting, type Trigger, type Visit } from '../../src/core/triggers';
import { countVisit } from '../../src/core/visits';
import { memoryKV } from '../../src/core/storage';

const trigger = (over: Partial<Trigger> & { conditions?: Trigger['conditions'] } = {}): Trigger => ({
  id: 't1',
  name: 'Pricing',
  enabled: true,
  conditions: { url: { op: 'contains', value: '/pricing' }, time_on_page: 3 },
  message: { default: 'Questions about pricing?', 'zh-CN': '对价格有疑问吗？' },
  ...over,
});
const visit = (over: Partial<Visit> = {}): Visit => ({ url: 'https://shop.example/pricing?plan=pro', seconds: 3, visits: 1, locale: 'en', online: true, ...over });
const none = new Set<string>();

describe('urlMatches', () => {
  const href = 'https://shop.example/pricing/teams?x=1#faq';
  it.each([
    ['contains', '/pricing', true],
    ['contains', 'shop.example', true],
    ['contains', '/about', false],
    ['equals', '/pricing/teams?x=1#faq', true],
    ['equals', '/pricing', false],
    ['equals', href, true],
    ['starts_with', '/pricing', true],
    ['starts_with', '/teams', false],
    ['starts_with', 'https://shop.example/', true],
    ['regex', '^/pricing/(teams|solo)', true], // "^/": anchored at the path
    ['regex', '^https://shop\\.example/pricing', true], // anything else sees the whole URL
    ['regex', '/pricing/(teams|solo)', true],
    ['regex', 'pricing/[0-9]+$', false],
    ['regex', '(', false], // unreadable: never fires
    ['like', '/pricing', false], // unknown operator: never fires
  ])('%s %s → %s', (op, value, want) => {
    expect(urlMatches({ op, value }, href)).toBe(want);
  });
});

describe('firing', () => {
  it('fires once every condition holds, and not before the time on page', () => {
    expect(firing([trigger()], visit({ seconds: 2 }), none)).toBeNull();
    expect(waiting([trigger()], visit({ seconds: 2 }), none)).toBe(true);
    expect(firing([trigger()], visit(), none)?.id).toBe('t1');
  });
  it('does not fire on another page, and nothing is left to wait for there', () => {
    const v = visit({ url: 'https://shop.example/other' });
    expect(firing([trigger()], v, none)).toBeNull();
    expect(waiting([trigger()], v, none)).toBe(false);
  });
  it('fires a trigger only once', () => {
    expect(firing([trigger()], visit(), new Set(['t1']))).toBeNull();
    expect(waiting([trigger()], visit({ seconds: 0 }), new Set(['t1']))).toBe(false);
  });
  it('honours language, visits, agents online and the enable switch', () => {
    expect(firing([trigger({ conditions: { language: 'zh-CN' } })], visit(), none)).toBeNull();
    expect(firing([trigger({ conditions: { language: 'zh-CN' } })], visit({ locale: 'zh-CN' }), none)).not.toBeNull();
    expect(firing([trigger({ conditions: { visit_count: 2 } })], visit(), none)).toBeNull();
    expect(firing([trigger({ conditions: { visit_count: 2 } })], visit({ visits: 2 }), none)).not.toBeNull();
    expect(firing([trigger({ conditions: { agents_online: true } })], visit({ online: false }), none)).toBeNull();
    expect(firing([trigger({ enabled: false })], visit(), none)).toBeNull();
  });
  it('takes the first that fires, in the admin order', () => {
    const ts = [trigger({ id: 'a', conditions: { time_on_page: 30 } }), trigger({ id: 'b' }), trigger({ id: 'c' })];
    expect(firing(ts, visit(), none)?.id).toBe('b');
  });
});

describe('messageFor', () => {
  it('speaks the visitor’s language, falling back to the default', () => {
    expect(messageFor(trigger(), 'zh-CN')).toBe('对价格有疑问吗？');
    expect(messageFor(trigger(), 'en')).toBe('Questions about pricing?');
  });
});

describe('countVisit', () => {
  it('counts a page load after 30 minutes as a new visit', () => {
    const kv = memoryKV();
    expect(countVisit(kv, 'v', 1_000_000)).toBe(1);
    expect(countVisit(kv, 'v', 1_000_000 + 60_000)).toBe(1);
    expect(countVisit(kv, 'v', 1_000_000 + 60_000 + 31 * 60_000)).toBe(2);
  });
});
