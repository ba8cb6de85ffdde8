// What an agent does to a conversation: assign, transfer, change status, priority and labels.
// Each answer is the conversation as it is now, placed into the list at once; the WebSocket
// event that follows is then recognised as nothing new.
import { api, ok } from '@/api';
import type { Conversation, Priority, Status } from '@/api/types';
import { useConversationsStore } from './conversations';

async function apply(p: Promise<Conversation>): Promise<Conversation> {
  const c = await p;
  useConversationsStore().upsert(c);
  return c;
}

const path = (id: string) => ({ params: { path: { id } } });

/** assign sets the assignee and/or team; a note is added as an internal hand-over note. */
/** AssignBody is an assignment (agent and/or team) or a transfer to a skill (optionally within a team). */
export interface AssignBody {
  assignee_id?: string;
  team_id?: string;
  skill?: { name: string; min_level: number };
  note?: string;
}

export function assign(id: string, body: AssignBody) {
  return apply(ok(api.POST('/api/v1/conversations/{id}/assign', { ...path(id), body })));
}

/** RoutingAttributes are the conversation's routing attributes an agent edits; "" clears one. */
export interface RoutingAttributes {
  inquiry_type?: string;
  language?: string;
  region?: string;
}

export function setRoutingAttributes(id: string, body: RoutingAttributes) {
  return apply(ok(api.PATCH('/api/v1/conversations/{id}/routing-attributes', { ...path(id), body })));
}

export function setStatus(id: string, status: Status, snoozedUntil?: Date) {
  const body = snoozedUntil ? { status, snoozed_until: snoozedUntil.toISOString() } : { status };
  return apply(ok(api.POST('/api/v1/conversations/{id}/status', { ...path(id), body })));
}

export function setPriority(id: string, priority: Priority) {
  return apply(ok(api.POST('/api/v1/conversations/{id}/priority', { ...path(id), body: { priority } })));
}

export function setLabels(id: string, labels: string[]) {
  return apply(ok(api.PUT('/api/v1/conversations/{id}/labels', { ...path(id), body: { labels } })));
}

/** snoozeTimes are the quick choices: an hour, tomorrow 9:00, a week. */
export function snoozeTimes(now = new Date()): Record<'hour' | 'tomorrow' | 'week', Date> {
  const tomorrow = new Date(now);
  tomorrow.setDate(now.getDate() + 1);
  tomorrow.setHours(9, 0, 0, 0);
  return {
    hour: new Date(now.getTime() + 3600_000),
    tomorrow,
    week: new Date(now.getTime() + 7 * 86400_000),
  };
}
