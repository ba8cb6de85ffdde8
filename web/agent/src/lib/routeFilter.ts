// The list filter lives in the URL (?view=&inbox=&label=&status=&sort=&q=) so a view can be
// bookmarked, shared and survives a reload.
import type { LocationQuery, LocationQueryRaw } from 'vue-router';
import { defaultFilter, type ListFilter, type Sort, type View } from './listFilter';

const views = ['mine', 'unassigned', 'all'];
const statuses = ['open', 'pending', 'snoozed', 'resolved', 'any'];

const one = (v: unknown) => (Array.isArray(v) ? v[0] : v) as string | undefined;

/** filterFromQuery reads a filter from the URL, falling back to defaults for anything odd. */
export function filterFromQuery(q: LocationQuery): ListFilter {
  const view = one(q.view);
  const status = one(q.status);
  const sort = one(q.sort);
  const v = (views.includes(view ?? '') ? view : defaultFilter.view) as View;
  return {
    view: v,
    inboxId: one(q.inbox) ?? '',
    label: one(q.label) ?? '',
    status: (statuses.includes(status ?? '') ? status : defaultFilter.status) as ListFilter['status'],
    sort: (sort === 'waiting' || sort === 'last_activity' ? sort : v === 'unassigned' ? 'waiting' : 'last_activity') as Sort,
    q: one(q.q) ?? '',
  };
}

/** filterToQuery writes only what differs from the defaults, keeping URLs short. */
export function filterToQuery(f: ListFilter): LocationQueryRaw {
  const q: LocationQueryRaw = {};
  if (f.view !== defaultFilter.view) q.view = f.view;
  if (f.inboxId) q.inbox = f.inboxId;
  if (f.label) q.label = f.label;
  if (f.status !== defaultFilter.status) q.status = f.status;
  const naturalSort = f.view === 'unassigned' ? 'waiting' : 'last_activity';
  if (f.sort !== naturalSort) q.sort = f.sort;
  if (f.q) q.q = f.q;
  return q;
}
