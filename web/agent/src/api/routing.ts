// The routing rules API (GET/POST /routing/rules, PATCH/DELETE /routing/rules/{id},
// PUT /routing/rules/order) and the types of a rule, as kefu.RoutingRule defines them.
import type { components } from './schema';
import { api, ok } from './index';

type S = components['schemas'];

export type Skill = S['Skill'];
export type BusinessHours = S['BusinessHours'];
export type DayHours = S['DayHours'];
export type SpecialDay = S['SpecialDay'];
export type InboxRouting = S['InboxRouting'];

export type AssignPolicy = 'round_robin' | 'least_loaded' | 'manual';
export type HoursCondition = '' | 'open' | 'closed';

/** A skill a target needs, at min_level or above. */
export interface SkillRequirement {
  name: string;
  min_level: number;
}

/** Which conversations a rule matches: every non-empty list must hold. */
export interface RuleConditions {
  inbox_ids?: string[] | null;
  channels?: string[] | null;
  inquiry_types?: string[] | null;
  regions?: string[] | null;
  languages?: string[] | null;
  contact_levels?: string[] | null;
  labels?: string[] | null;
  business_hours?: HoursCondition;
}

/** Who may take a rule's conversations and how one is chosen. */
export interface RoutingTarget {
  team_id?: string;
  skills?: SkillRequirement[] | null;
  policy: AssignPolicy;
  sticky?: boolean;
  sticky_days?: number;
}

/** How a rule's target widens for a conversation that waited after_seconds. */
export interface Overflow {
  after_seconds: number;
  team_id?: string;
  drop_skills?: boolean;
}

/** The fields of a rule an administrator writes. */
export interface RuleBody {
  name: string;
  enabled: boolean;
  conditions: RuleConditions;
  target: RoutingTarget;
  priority: string;
  overflow: Overflow | null;
}

/** One of the organisation's ordered routing rules. */
export interface RoutingRule extends RuleBody {
  id: string;
  position: number;
  is_default: boolean;
}

// The paths below are h-rules' endpoints; until schema.d.ts has them the client is called
// through this one untyped view, so only this file changes when it does.
type Call = (path: string, init?: Record<string, unknown>) => Promise<{ data?: unknown; error?: unknown; response: Response }>;
const raw = api as unknown as Record<'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', Call>;
const byId = (id: string) => ({ params: { path: { id } } });

/** listRules returns the organisation's rules in order, the default rule last. */
export async function listRules(): Promise<RoutingRule[]> {
  const r = await ok(raw.GET('/api/v1/routing/rules'));
  return ((r as { rules?: RoutingRule[] | null }).rules ?? []).slice().sort((a, b) => a.position - b.position);
}

/** createRule adds a rule before the default rule. */
export const createRule = (body: RuleBody) => ok(raw.POST('/api/v1/routing/rules', { body })) as Promise<RoutingRule>;

/** updateRule changes a rule; for the default rule only target and priority are kept. */
export const updateRule = (id: string, body: Partial<RuleBody>) => ok(raw.PATCH('/api/v1/routing/rules/{id}', { ...byId(id), body })) as Promise<RoutingRule>;

/** deleteRule removes a rule (never the default one). */
export const deleteRule = (id: string) => ok(raw.DELETE('/api/v1/routing/rules/{id}', byId(id)));

/** orderRules saves the order of the non-default rules. */
export const orderRules = (ids: string[]) => ok(raw.PUT('/api/v1/routing/rules/order', { body: { ids } }));
