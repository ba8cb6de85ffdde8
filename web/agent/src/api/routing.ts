// The routing rules API (GET/POST /routing/rules, PATCH/DELETE /routing/rules/{id},
// PUT /routing/rules/order) and the short names of the routing types the settings use.
import type { components } from './schema';
import { api, ok } from './index';

type S = components['schemas'];

export type Skill = S['Skill'];
export type BusinessHours = S['BusinessHours'];
export type DayHours = S['DayHours'];
export type SpecialDay = S['SpecialDay'];
export type InboxRouting = S['InboxRouting'];

export type AssignPolicy = S['RoutingTarget']['policy'];
export type HoursCondition = NonNullable<S['RuleConditions']['business_hours']>;
export type SkillRequirement = S['SkillRequirement'];
export type RuleConditions = S['RuleConditions'];
export type RoutingTarget = S['RoutingTarget'];
export type Overflow = S['Overflow'];
export type Priority = S['RoutingRule']['priority'];

/** The fields of a rule an administrator writes; a rule without overflow has null. */
export interface RuleBody {
  name: string;
  enabled: boolean;
  conditions: RuleConditions;
  target: RoutingTarget;
  priority: Priority;
  overflow: Overflow | null;
}

/** One of the organisation's ordered routing rules (kefu.RoutingRule). */
export type RoutingRule = Omit<S['RoutingRule'], 'overflow'> & { overflow: Overflow | null };

const byId = (id: string) => ({ path: { id } });

/** listRules returns the organisation's rules in order, the default rule last. */
export async function listRules(): Promise<RoutingRule[]> {
  const r = await ok(api.GET('/api/v1/routing/rules'));
  return (r.rules ?? []).slice().sort((a, b) => a.position - b.position);
}

/** createRule adds a rule before the default rule. */
export async function createRule(b: RuleBody): Promise<RoutingRule> {
  const { overflow, ...rest } = b;
  return ok(api.POST('/api/v1/routing/rules', { body: { ...rest, ...(overflow ? { overflow } : {}) } }));
}

/** updateRule changes a rule; omitted fields stay, and overflow null removes the overflow. */
export async function updateRule(id: string, b: Partial<RuleBody>): Promise<RoutingRule> {
  const { overflow, ...rest } = b;
  const body = { ...rest, ...(overflow ? { overflow } : {}), ...(overflow === null ? { remove_overflow: true } : {}) };
  return ok(api.PATCH('/api/v1/routing/rules/{id}', { params: byId(id), body }));
}

/** deleteRule removes a rule (never the default one). */
export const deleteRule = (id: string) => ok(api.DELETE('/api/v1/routing/rules/{id}', { params: byId(id) }));

/** orderRules saves the order of every rule but the default. */
export const orderRules = (ids: string[]) => ok(api.PUT('/api/v1/routing/rules/order', { body: { ids } }));
