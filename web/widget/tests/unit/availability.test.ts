import { describe, expect, it } from 'vitest';
import { backAt, liveOf } from '../../src/core/availability';

describe('liveOf', () => {
  const cases: { name: string; in: Parameters<typeof liveOf>[0]; want: ReturnType<typeof liveOf> }[] = [
    { name: 'open and staffed', in: { online: true, open: true, available: true }, want: { online: true, open: true, nextOpenAt: null } },
    { name: 'closed hours with an agent online', in: { online: true, open: false, available: false, next_open_at: '2026-12-08T01:00:00Z' }, want: { online: false, open: false, nextOpenAt: '2026-12-08T01:00:00Z' } },
    { name: 'queue full', in: { online: true, open: true, queue_full: true, available: false }, want: { online: false, open: true, nextOpenAt: null } },
    { name: 'an older server: online only', in: { online: false }, want: { online: false, open: true, nextOpenAt: null } },
    { name: 'an open inbox never names a next opening', in: { online: true, open: true, available: true, next_open_at: '2026-12-08T01:00:00Z' }, want: { online: true, open: true, nextOpenAt: null } },
  ];
  for (const c of cases) it(c.name, () => expect(liveOf(c.in)).toEqual(c.want));
});

describe('backAt', () => {
  const now = new Date('2026-12-07T03:00:00Z'); // a Monday
  it('names the weekday of a later day, in the visitor language and zone', () => {
    expect(backAt('2026-12-08T01:00:00Z', 'en', now, 'Asia/Shanghai')).toEqual({ time: '09:00', day: 'Tue' });
    expect(backAt('2026-12-08T01:00:00Z', 'zh-CN', now, 'Asia/Shanghai')).toEqual({ time: '09:00', day: '周二' });
  });
  it('leaves out the weekday of today', () => {
    expect(backAt('2026-12-07T09:30:00Z', 'en', now, 'UTC')).toEqual({ time: '09:30', day: '' });
  });
  it('says nothing of an unknown or past opening', () => {
    expect(backAt(null, 'en', now)).toBeNull();
    expect(backAt('2026-12-07T02:00:00Z', 'en', now)).toBeNull();
    expect(backAt('not a time', 'en', now)).toBeNull();
  });
});
