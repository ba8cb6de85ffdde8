// Words the UI builds from data: activity lines, errors, times, languages — and both
// languages having the same keys.
import { describe, expect, it } from 'vitest';
import { ApiError } from '@/api/errors';
import { initialLocale } from '@/i18n';
import en from '@/i18n/en';
import zhCN from '@/i18n/zh-CN';
import { activityText } from '@/lib/activity';
import { custom, shortBrowser, technical } from '@/lib/contactInfo';
import { errorText } from '@/lib/errorText';
import { labelText } from '@/lib/labels';
import { filterFromQuery, filterToQuery } from '@/lib/routeFilter';
import { age } from '@/lib/time';
import { uuid } from '@/lib/uuid';
import { enText } from './fixtures';

const t = enText;

function keys(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`])).sort();
}

describe('texts', () => {
  it('zh-CN and en have the same keys', () => {
    expect(keys(zhCN)).toEqual(keys(en));
  });

  it.each([
    ['took', { action: 'assigned', assignee_id: 'a', assignee_name: 'Li', by_id: 'a', by_name: 'Li' }, 'Li took this conversation'],
    ['assigned', { action: 'assigned', assignee_id: 'b', assignee_name: 'Han', by_id: 'a', by_name: 'Li' }, 'Li assigned this conversation to Han'],
    ['team', { action: 'assigned', team_id: 't1', by_name: 'Li' }, 'Li assigned this conversation to team Billing'],
    ['unassigned', { action: 'unassigned', by_name: 'Li' }, 'Li unassigned this conversation'],
    ['auto', { action: 'auto_assigned', assignee_name: 'Han' }, 'Assigned to Han automatically'],
    ['to a skill', { action: 'assigned', assignee_id: 'b', assignee_name: 'Han', by_id: 'a', by_name: 'Li', skill: '退款', skill_level: 3 }, 'Li transferred this conversation to Han (skill 退款 ≥ 3)'],
    ['to a skill, queued', { action: 'transfer_queued', by_name: 'Li', skill: '退款', skill_level: 2, reason: 'all_full' }, 'Li transferred this conversation to skill 退款 ≥ 2; it waits in the queue for an agent with it'],
    ['resolved', { action: 'status_changed', status: 'resolved', by_name: 'Li' }, 'Li resolved this conversation'],
    ['snooze ended', { action: 'snooze_ended', status: 'open' }, 'The snooze ended; the conversation is open again'],
    ['unknown action', { action: 'teleported' }, 'Conversation updated'],
  ])('activity: %s', (_, content, want) => {
    expect(activityText(t, JSON.stringify(content), () => 'Billing')).toBe(want);
  });

  it('activity: content that is not JSON is an unknown update, not an error', () => {
    expect(activityText(t, '<b>not json</b>')).toBe('Conversation updated');
  });

  it('errors: the server code in words, with the refused fields', () => {
    const e = new ApiError(422, 'invalid_input', 'validation failed', [{ location: 'body.password', message: 'expected length >= 12' }]);
    expect(errorText(t, e)).toBe('Please check the highlighted fields. password: expected length >= 12');
    expect(errorText(t, new TypeError('fetch failed'))).toBe(en.errors.network);
    const policy = (location: string, message: string) => new ApiError(422, 'invalid_input', '', [{ location, message }]);
    expect(errorText(t, policy('body.password', 'password must be at least 14 characters'))).toBe('The password needs at least 14 characters.');
    expect(errorText(t, policy('body.new_password', 'password is one of the most common passwords'))).toBe(en.password.common);
    expect(errorText(t, policy('body.password', 'password must not be the e-mail address'))).toBe(en.password.email);
    expect(errorText(t, policy('body.name', 'password must not be the e-mail address'))).toBe(
      'Please check the highlighted fields. name: password must not be the e-mail address');
    expect(errorText(t, new ApiError(418, 'teapot', ''))).toBe(en.errors.internal);
  });

  it('ages', () => {
    const now = Date.parse('2025-01-01T12:00:00Z');
    expect(age(t, '2025-01-01T11:59:30Z', now)).toBe('just now');
    expect(age(t, '2025-01-01T11:45:00Z', now)).toBe('15 min');
    expect(age(t, '2025-01-01T09:00:00Z', now)).toBe('3 h');
    expect(age(t, '2024-12-30T12:00:00Z', now)).toBe('2 d');
  });

  it('locale: saved choice, else the browser, else English', () => {
    expect(initialLocale('en', ['zh-CN'])).toBe('en');
    expect(initialLocale(null, ['zh-TW', 'en'])).toBe('zh-CN');
    expect(initialLocale(null, ['en-GB'])).toBe('en');
    expect(initialLocale(null, ['fr-FR'])).toBe('en');
  });

  it('contact facts and custom attributes are told apart', () => {
    const attrs = { ip: '1.2.3.4', page_url: 'https://x/y', user_agent: 'UA', plan: 'gold', order: 'A1' };
    expect(technical(attrs).map((f) => f.label)).toEqual(['contact.ip', 'contact.page', 'contact.browser']);
    expect(custom(attrs)).toEqual([['order', 'A1'], ['plan', 'gold']]);
    expect(shortBrowser('Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 Chrome/120.0 Safari/537.36 Edg/120.0')).toBe('Edge 120 · Windows');
  });

  it('the list filter round-trips through the URL and keeps defaults out of it', () => {
    const f = filterFromQuery({ view: 'unassigned', label: 'vip' });
    expect(f.sort).toBe('waiting');
    expect(filterToQuery(f)).toEqual({ view: 'unassigned', label: 'vip' });
    expect(filterFromQuery({ view: '<script>', status: 'nope' })).toMatchObject({ view: 'mine', status: 'open' });
  });

  it('labels kefu applies read in the workspace language; the organisation\'s own stay as typed', () => {
    expect(labelText(t, 'offline_message')).toBe('Offline message');
    expect(labelText(t, 'vip')).toBe('vip');
  });

  it('uuids are version 4', () => {
    expect(uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
