// A conversation's messages as the workspace holds them: unique by id, ordered by seq, whatever
// order REST pages, WebSocket frames and send answers arrive in.
import type { Message } from '@/api/types';

/** mergeMessages returns list with the incoming messages added or replaced, ordered by seq. */
export function mergeMessages(list: readonly Message[], incoming: readonly Message[]): Message[] {
  const byId = new Map(list.map((m) => [m.id, m]));
  for (const m of incoming) {
    const held = byId.get(m.id);
    if (!held || !staleDelivery(m, held)) byId.set(m.id, m);
  }
  return [...byId.values()].sort((a, b) => a.seq - b.seq);
}

/** lastCustomerMessageId is the id of the customer's newest text message ("" when none): what
 * agent assist answers, so it is fetched again when this changes. */
export function lastCustomerMessageId(list: readonly Message[]): string {
  for (let i = list.length - 1; i >= 0; i--) if (list[i].sender_type === 'contact' && list[i].kind === 'text') return list[i].id;
  return '';
}

/** staleDelivery reports whether m carries an older delivery state than held: a send's answer
 * ("sending") can arrive after the realtime message.updated of a delivery that already
 * finished ("sent"), and must not take the agent back to "sending". */
function staleDelivery(m: Message, held: Message): boolean {
  if (!m.delivery || !held.delivery) return false;
  return Date.parse(m.delivery.updated_at) < Date.parse(held.delivery.updated_at);
}

/** An activity entry (kind "event"): what happened, as structured JSON the UI words itself. */
export interface Activity {
  action: string;
  assignee_id?: string;
  assignee_name?: string;
  team_id?: string;
  status?: string;
  by_id?: string;
  by_name?: string;
  trigger_id?: string;
  trigger_name?: string;
  /** why a conversation went back to the queue: accept_timeout or agent_away */
  reason?: string;
  /** the skill (and minimum level) of a transfer to a skill */
  skill?: string;
  skill_level?: number;
}

/** parseActivity reads an event message's content; unreadable content becomes an unknown action. */
export function parseActivity(content: string): Activity {
  try {
    const v = JSON.parse(content);
    if (v && typeof v === 'object' && typeof v.action === 'string') return v as Activity;
  } catch {
    // fall through: an event written by a newer server or by hand
  }
  return { action: 'unknown' };
}
