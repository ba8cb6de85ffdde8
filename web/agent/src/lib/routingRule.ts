// A routing rule as the editor holds it (every list present, overflow switched on or off), the
// checks the editor makes before sending, and the one-line summary the rule list shows. Pure,
// so unit tests cover them without a browser.
import type { AssignPolicy, HoursCondition, Priority, RoutingRule, RuleBody, RuleConditions, SkillRequirement } from '@/api/routing';

/** The list conditions of a rule, in the order the editor shows them. */
export const listConditions = ['inbox_ids', 'channels', 'inquiry_types', 'regions', 'languages', 'contact_levels', 'labels', 'emotions'] as const;

/** The emotions the bot reads in customers' messages (kefu.Emotion*), a condition's values. */
export const emotions = ['negative', 'angry'] as const;
export type ListCondition = (typeof listConditions)[number];

/** Limits the server enforces too (kefu.MaxRuleValues, MaxOverflowSeconds, MaxStickyDays). */
export const limits = { values: 50, name: 100, overflow: 86400, stickyDays: 365, skills: 10 } as const;

/** RuleDraft is a rule being edited. */
export interface RuleDraft {
  name: string;
  enabled: boolean;
  conditions: Record<ListCondition, string[]> & { business_hours: HoursCondition };
  target: { team_id: string; skills: SkillRequirement[]; policy: AssignPolicy; sticky: boolean; sticky_days: number };
  priority: Priority;
  overflowOn: boolean;
  overflow: { after_seconds: number; team_id: string; drop_skills: boolean };
}

/** blankDraft is a new rule: enabled, no conditions, round robin. */
export function blankDraft(): RuleDraft {
  const conditions = { ...Object.fromEntries(listConditions.map((c) => [c, [] as string[]])), business_hours: '' } as unknown as RuleDraft['conditions'];
  return {
    name: '', enabled: true, conditions, priority: 'none', overflowOn: false,
    target: { team_id: '', skills: [], policy: 'round_robin', sticky: false, sticky_days: 30 },
    overflow: { after_seconds: 120, team_id: '', drop_skills: false },
  };
}

/** draftOf copies a stored rule into a draft, so cancelling leaves the rule untouched. */
export function draftOf(r: RoutingRule): RuleDraft {
  const d = blankDraft();
  for (const c of listConditions) d.conditions[c] = [...(r.conditions[c] ?? [])];
  d.conditions.business_hours = r.conditions.business_hours ?? '';
  const tg = r.target;
  d.target = { team_id: tg.team_id ?? '', skills: (tg.skills ?? []).map((s) => ({ ...s })), policy: tg.policy || 'round_robin', sticky: !!tg.sticky, sticky_days: tg.sticky_days || 30 };
  Object.assign(d, { name: r.name, enabled: r.enabled, priority: r.priority || 'none', overflowOn: !!r.overflow });
  if (r.overflow) d.overflow = { after_seconds: r.overflow.after_seconds, team_id: r.overflow.team_id ?? '', drop_skills: !!r.overflow.drop_skills };
  return d;
}

/** bodyOf is what the API gets: trimmed values, empty lists left out. */
export function bodyOf(d: RuleDraft): RuleBody {
  const conditions: RuleConditions = {};
  for (const c of listConditions) {
    const v = d.conditions[c].map((s) => s.trim()).filter(Boolean);
    if (v.length) conditions[c] = v;
  }
  if (d.conditions.business_hours) conditions.business_hours = d.conditions.business_hours;
  const tg = d.target;
  return {
    name: d.name.trim(), enabled: d.enabled, conditions, priority: d.priority,
    target: { team_id: tg.team_id, skills: tg.skills.map((s) => ({ name: s.name.trim(), min_level: s.min_level })), policy: tg.policy, sticky: tg.sticky, sticky_days: tg.sticky ? tg.sticky_days : 0 },
    overflow: d.overflowOn ? { ...d.overflow } : null,
  };
}

/** A problem is an i18n key (under routing.problems) and its values, per field path. */
export type Problems = Record<string, { key: string; values?: Record<string, unknown> }>;

/** problemsOf finds what the server would refuse, keyed by the field paths it would name. */
export function problemsOf(d: RuleDraft): Problems {
  const p: Problems = {};
  const name = d.name.trim();
  if (!name) p.name = { key: 'name' };
  else if ([...name].length > limits.name) p.name = { key: 'nameLong' };
  for (const c of listConditions) if (d.conditions[c].length > limits.values) p[`conditions.${c}`] = { key: 'tooMany', values: { n: limits.values } };
  d.target.skills.forEach((s, i) => {
    if (!s.name.trim()) p[`target.skills[${i}].name`] = { key: 'skillName' };
    if (!validLevel(s.min_level)) p[`target.skills[${i}].min_level`] = { key: 'level' };
  });
  if (d.target.sticky && !within(d.target.sticky_days, 0, limits.stickyDays)) p['target.sticky_days'] = { key: 'stickyDays' };
  if (d.overflowOn) overflowProblems(d, p);
  return p;
}

function overflowProblems(d: RuleDraft, p: Problems) {
  if (!within(d.overflow.after_seconds, 1, limits.overflow)) p['overflow.after_seconds'] = { key: 'after' };
  if (!d.overflow.team_id && !d.overflow.drop_skills) p['overflow.team_id'] = { key: 'overflowEmpty' };
}

/** validLevel reports whether n is a skill level, 1 to 5. */
export const validLevel = (n: unknown) => within(n, 1, 5);

function within(n: unknown, lo: number, hi: number): boolean {
  return typeof n === 'number' && Number.isInteger(n) && n >= lo && n <= hi;
}

/** Words a summary needs: a translator and the names of teams and inboxes. */
export interface SummaryWords {
  t: (key: string, values?: Record<string, unknown>) => string;
  team: (id: string) => string;
  inbox: (id: string) => string;
}

/** whenText words a rule's conditions in one line ("any conversation" when there are none). */
export function whenText(r: Pick<RuleBody, 'conditions'>, w: SummaryWords): string {
  const c = r.conditions;
  const parts = listConditions.filter((k) => (c[k] ?? []).length).map((k) => {
    const v = (c[k] ?? []).map((x) => (k === 'inbox_ids' ? w.inbox(x) : k === 'emotions' ? w.t(`bot.emotions.${x}`) : x)).join(' / ');
    return w.t(`routing.summary.${k === 'inbox_ids' ? 'inboxes' : k}`, { v });
  });
  if (c.business_hours) parts.push(w.t(`routing.summary.${c.business_hours}`));
  return parts.length ? parts.join(' · ') : w.t('routing.anything');
}

/** thenText words a rule's target, priority and overflow in one line. */
export function thenText(r: Pick<RuleBody, 'target' | 'priority' | 'overflow'>, w: SummaryWords): string {
  const tg = r.target;
  const parts = [tg.team_id ? w.t('routing.summary.team', { v: w.team(tg.team_id) }) : w.t('routing.summary.inboxAgents')];
  if (tg.skills?.length) parts.push(w.t('routing.summary.skills', { v: tg.skills.map((s) => `${s.name} ≥ ${s.min_level}`).join(', ') }));
  parts.push(w.t(`routing.policies.${tg.policy}`));
  if (tg.sticky) parts.push(w.t('routing.summary.sticky'));
  if (r.priority && r.priority !== 'none') parts.push(w.t(`priority.${r.priority}`));
  if (r.overflow) parts.push(w.t('routing.summary.overflow', { n: r.overflow.after_seconds }));
  return parts.join(' · ');
}
