// Which conversations a list view shows and in what order. The server answers the first page;
// live events are then placed with these same rules, so the list stays right without a reload.
import type { Conversation, Status } from '@/api/types';

/** The fixed views; inbox and label narrow any of them. */
export type View = 'mine' | 'unassigned' | 'all';
export type Sort = 'last_activity' | 'waiting';

export interface ListFilter {
  view: View;
  inboxId: string;
  label: string;
  status: Status | 'any';
  sort: Sort;
  q: string;
}

export const defaultFilter: ListFilter = { view: 'mine', inboxId: '', label: '', status: 'open', sort: 'last_activity', q: '' };

/** matches says whether a conversation belongs in the list (the server decides for searches). */
export function matches(c: Conversation, f: ListFilter, meId: string): boolean {
  if (f.view === 'mine' && c.assignee_id !== meId) return false;
  if (f.view === 'unassigned' && c.assignee_id !== '') return false;
  if (f.inboxId && c.inbox_id !== f.inboxId) return false;
  if (f.label && !(c.labels ?? []).includes(f.label)) return false;
  if (f.status !== 'any' && c.status !== f.status) return false;
  return true;
}

const time = (s: string | null | undefined) => (s ? Date.parse(s) : NaN);

/** compare orders two conversations the way the server's sort does. */
export function compare(sort: Sort): (a: Conversation, b: Conversation) => number {
  const byActivity = (a: Conversation, b: Conversation) =>
    time(b.last_activity_at) - time(a.last_activity_at) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
  if (sort === 'last_activity') return byActivity;
  return (a, b) => {
    const wa = time(a.waiting_since);
    const wb = time(b.waiting_since);
    if (Number.isNaN(wa) !== Number.isNaN(wb)) return Number.isNaN(wa) ? 1 : -1; // waiting first
    return (Number.isNaN(wa) ? 0 : wa - wb) || byActivity(a, b);
  };
}

/** isNewer says whether an incoming copy of a conversation should replace the one held. */
export function isNewer(incoming: Conversation, held: Conversation | undefined): boolean {
  if (!held) return true;
  const d = time(incoming.updated_at) - time(held.updated_at);
  if (d !== 0) return d > 0;
  return incoming.last_seq >= held.last_seq;
}

/** unread: something arrived after this agent last read the conversation (each agent has their own marker). */
export function isUnread(c: Conversation): boolean {
  return c.last_seq > (c.my_last_read_seq ?? 0);
}

/** searching: a search looks through every conversation the agent may see, whatever the view and status. */
export function searching(f: ListFilter): boolean {
  return f.q.trim() !== '';
}

/** query turns a filter into the list endpoint's parameters. A search keeps only the inbox and
 * label narrowing: an agent looking for a customer should not have to guess their tab first. */
export function toQuery(f: ListFilter) {
  if (searching(f)) return { inbox_id: f.inboxId || undefined, label: f.label || undefined, sort: f.sort, q: f.q.trim() };
  return {
    assignee: f.view === 'mine' ? 'me' : f.view === 'unassigned' ? 'none' : undefined,
    inbox_id: f.inboxId || undefined,
    label: f.label || undefined,
    status: f.status === 'any' ? undefined : [f.status],
    sort: f.sort,
    q: f.q.trim() || undefined,
  };
}
