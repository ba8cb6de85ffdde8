// The routing settings' pure parts: a rule draft's round trip to the API body, the problems
// the editor shows before sending, the list's summaries, and business hours' checks.
import { describe, expect, it } from 'vitest';
import type { RoutingRule } from '@/api/routing';
import { ApiError } from '@/api/errors';
import { hoursProblems, overnight, routingBody, routingOf } from '@/lib/businessHours';
import { fieldErrors } from '@/lib/fieldErrors';
import { blankDraft, bodyOf, draftOf, problemsOf, thenText, whenText } from '@/lib/routingRule';
import { enText } from './fixtures';

const t = enText;
const words = { t, team: (id: string) => ({ t1: 'After-sales' })[id] ?? '?', inbox: (id: string) => ({ i1: 'Website' })[id] ?? '?' };

const refunds: RoutingRule = {
  id: 'r1', org_id: 'o1', position: 0, is_default: false, name: 'Refunds', enabled: true, priority: 'high', created_at: '', updated_at: '',
  conditions: { inquiry_types: ['退款'], contact_levels: ['vip'], business_hours: 'open' },
  target: { team_id: 't1', skills: [{ name: 'refunds', min_level: 3 }], policy: 'least_loaded', sticky: true, sticky_days: 7 },
  overflow: { after_seconds: 300, team_id: '', drop_skills: true },
};

describe('rule draft', () => {
  it('round-trips a stored rule through the editor unchanged', () => {
    const b = bodyOf(draftOf(refunds));
    expect(b).toEqual({
      name: 'Refunds', enabled: true, priority: 'high',
      conditions: { inquiry_types: ['退款'], contact_levels: ['vip'], business_hours: 'open' },
      target: { team_id: 't1', skills: [{ name: 'refunds', min_level: 3 }], policy: 'least_loaded', sticky: true, sticky_days: 7 },
      overflow: { after_seconds: 300, team_id: '', drop_skills: true },
    });
  });

  it('trims values, leaves out empty lists and sends no overflow when it is off', () => {
    const d = blankDraft();
    d.name = '  VIP  ';
    d.conditions.regions = [' CN-GD ', ' '];
    const b = bodyOf(d);
    expect(b.name).toBe('VIP');
    expect(b.conditions).toEqual({ regions: ['CN-GD'] });
    expect(b.overflow).toBeNull();
    expect(b.target.sticky_days).toBe(0);
  });

  it('editing a draft does not touch the stored rule', () => {
    const d = draftOf(refunds);
    d.conditions.inquiry_types!.push('售前');
    d.target.skills[0].min_level = 5;
    expect(refunds.conditions.inquiry_types).toEqual(['退款']);
    expect(refunds.target.skills![0].min_level).toBe(3);
  });
});

describe('rule problems', () => {
  it('a valid rule has none', () => {
    expect(problemsOf(draftOf(refunds))).toEqual({});
  });

  it('names the fields the server would refuse', () => {
    const d = blankDraft();
    d.target.skills = [{ name: 'refunds', min_level: 6 }, { name: ' ', min_level: 0 }, { name: 'x', min_level: 2.5 }];
    d.overflowOn = true;
    d.overflow = { after_seconds: 0, team_id: '', drop_skills: false };
    d.target.sticky = true;
    d.target.sticky_days = 400;
    d.conditions.labels = Array.from({ length: 51 }, (_, i) => `l${i}`);
    expect(problemsOf(d)).toEqual({
      name: { key: 'name' },
      'target.skills[0].min_level': { key: 'level' },
      'target.skills[1].name': { key: 'skillName' },
      'target.skills[1].min_level': { key: 'level' },
      'target.skills[2].min_level': { key: 'level' },
      'target.sticky_days': { key: 'stickyDays' },
      'overflow.after_seconds': { key: 'after' },
      'overflow.team_id': { key: 'overflowEmpty' },
      'conditions.labels': { key: 'tooMany', values: { n: 50 } },
    });
  });

  it('counts a name’s characters, not its bytes', () => {
    const d = blankDraft();
    d.name = '退'.repeat(100);
    expect(problemsOf(d).name).toBeUndefined();
    d.name += '款';
    expect(problemsOf(d).name).toEqual({ key: 'nameLong' });
  });
});

describe('rule summary', () => {
  it('words conditions and target in one line each', () => {
    expect(whenText(refunds, words)).toBe('inquiry 退款 · level vip · while open');
    expect(thenText(refunds, words)).toBe('team After-sales · skills refunds ≥ 3 · Least loaded · sticky · High · overflow after 300 s');
  });

  it('a rule without conditions matches any conversation', () => {
    const d = bodyOf(blankDraft());
    expect(whenText(d, words)).toBe('any conversation');
    expect(thenText(d, words)).toBe('the inbox’s agents · Round robin');
  });

  it('shows inboxes by name', () => {
    expect(whenText({ conditions: { inbox_ids: ['i1', 'gone'] } }, words)).toBe('inbox Website / ?');
  });

  it('words the emotions condition and keeps it through the editor', () => {
    const angry = { ...refunds, conditions: { emotions: ['negative', 'angry'] }, priority: 'urgent' as const };
    expect(whenText(angry, words)).toBe('emotion Negative / Angry');
    expect(bodyOf(draftOf(angry)).conditions).toEqual({ emotions: ['negative', 'angry'] });
  });
});

describe('business hours', () => {
  it('fills what an old inbox lacks', () => {
    expect(routingOf(undefined)).toEqual({ max_queue: 0, business_hours: { enabled: false, timezone: '', weekly: [], special: [] } });
  });

  it('recognises overnight intervals', () => {
    expect(overnight({ start: '22:00', end: '06:00' })).toBe(true);
    expect(overnight({ start: '09:00', end: '09:00' })).toBe(true);
    expect(overnight({ start: '09:00', end: '18:00' })).toBe(false);
    expect(overnight({ start: '09:00', end: '24:00' })).toBe(false);
  });

  it('names malformed times and dates by the server’s paths', () => {
    const r = routingOf({
      max_queue: 0,
      business_hours: {
        enabled: true, timezone: '',
        weekly: [{ day: 1, start: '9:00', end: '24:00' }, { day: 2, start: '22:00', end: '25:00' }],
        special: [
          { date: '2026-10-01', closed: true, hours: [{ day: 0, start: 'x', end: 'y' }] },
          { date: '2026-10-01', closed: false, hours: [{ day: 0, start: '10:00', end: '1500' }] },
          { date: '', closed: true },
        ],
      },
    });
    expect(hoursProblems(r)).toEqual({
      'routing.business_hours.weekly[0].start': 'time',
      'routing.business_hours.weekly[1].end': 'time',
      'routing.business_hours.special[1].date': 'duplicateDate',
      'routing.business_hours.special[1].hours[0].end': 'time',
      'routing.business_hours.special[2].date': 'date',
    });
  });

  it('a closed special day is sent without hours', () => {
    const r = routingOf({ max_queue: 3, business_hours: { enabled: true, timezone: 'Asia/Shanghai', weekly: [], special: [{ date: '2026-10-01', name: ' 国庆节 ', closed: true, hours: [{ day: 0, start: '09:00', end: '12:00' }] }] } });
    expect(routingBody(r).business_hours.special).toEqual([{ date: '2026-10-01', name: '国庆节', closed: true, hours: [] }]);
  });
});

describe('field errors', () => {
  it('maps the server’s locations to form paths', () => {
    const e = new ApiError(422, 'invalid_input', '', [
      { location: 'body.target.skills[0].min_level', message: 'expected number <= 5' },
      { location: 'body.name', message: 'expected length >= 1' },
    ]);
    expect(fieldErrors(e)).toEqual({ 'target.skills[0].min_level': 'expected number <= 5', name: 'expected length >= 1' });
    expect(fieldErrors(new Error('x'))).toEqual({});
  });
});
