// Builders of API objects for unit tests, and a fetch stub that records requests.
import { vi } from 'vitest';
import type { Agent, Conversation, Message } from '@/api/types';
import en from '@/i18n/en';

/** enText is a tiny stand-in for vue-i18n over the English messages (a missing key shows as itself). */
export function enText(key: string, values: Record<string, unknown> = {}): string {
  const raw = key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], en);
  return String(raw ?? key).replace(/\{(\w+)\}/g, (_, k) => String(values[k]));
}

let n = 0;

export function conversation(over: Partial<Conversation> = {}): Conversation {
  n++;
  const at = new Date(Date.UTC(2025, 0, 1, 0, n)).toISOString();
  return {
    id: `c${n}`, org_id: 'o1', inbox_id: 'i1', contact_id: `k${n}`, status: 'open', assignee_id: '', team_id: '',
    priority: 'none', labels: [], inquiry_type: '', language: '', region: '', routing_rule_id: '', follow_up: false, queued_at: null, assigned_at: null, last_seq: 1, contact_last_read_seq: 0, agent_last_read_seq: 1, my_last_read_seq: 1,
    last_activity_at: at, waiting_since: null, snoozed_until: null, rating: { score: 0, comment: '', rated_at: '' }, bot_state: '', emotion: '',
    created_at: at, updated_at: at, ...over,
  };
}

export function message(over: Partial<Message> = {}): Message {
  n++;
  return {
    id: `m${n}`, org_id: 'o1', conversation_id: 'c1', seq: 1, sender_type: 'contact', sender_id: 'k1', sender_name: '',
    kind: 'text', content: 'hi', attachments: [], client_msg_id: '', created_at: new Date().toISOString(), ...over,
  };
}

export function agent(over: Partial<Agent> = {}): Agent {
  return {
    id: 'a-me', org_id: 'o1', email: 'me@example.com', name: 'Me', avatar_url: '', role: 'agent', custom_role_id: '', capacity: 5,
    disabled: false, availability: 'online', skills: [], languages: [], signature: '', created_at: '', updated_at: '', ...over,
  };
}

/** A recorded request: method, path and the headers that matter here. */
export interface Seen {
  method: string;
  path: string;
  csrf: string | null;
  body: unknown;
}

/** stubFetch answers requests from routes ("METHOD /path" → [status, body]) and records them. */
export function stubFetch(routes: Record<string, [number, unknown] | ((r: Request) => [number, unknown])>) {
  const seen: Seen[] = [];
  const fetch = vi.fn(async (input: Request) => {
    const url = new URL(input.url);
    const text = input.method === 'GET' ? '' : await input.text();
    seen.push({ method: input.method, path: url.pathname, csrf: input.headers.get('x-csrf-token'), body: text ? JSON.parse(text) : undefined });
    const route = routes[`${input.method} ${url.pathname}`];
    const [status, body] = typeof route === 'function' ? route(input) : (route ?? [404, { code: 'not_found' }]);
    return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  });
  vi.stubGlobal('fetch', fetch);
  return seen;
}
