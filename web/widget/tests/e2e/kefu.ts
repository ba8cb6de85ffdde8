// Test helpers that play kefu's agents over the REST API and SSE, as an agent's app would.

/** What global setup hands the tests. */
export interface E2EEnv {
  base: string;
  hostOrigin: string;
  crossSiteOrigin: string;
  owner: { email: string; password: string };
  agents: Record<string, { id: string; email: string; password: string }>;
  inboxes: Record<'chat' | 'resilience' | 'safety' | 'rating' | 'prechat' | 'offline' | 'elsewhere' | 'crossSite' | 'identity', { id: string; key: string }>;
}

/** env returns the setup's environment. */
export function env(): E2EEnv {
  const raw = process.env.KEFU_E2E;
  if (!raw) throw new Error('KEFU_E2E is not set: run through playwright test (global setup)');
  return JSON.parse(raw) as E2EEnv;
}

/** A message as agents see it. */
export interface AgentMessage {
  id: string;
  seq: number;
  sender_type: string;
  content: string;
  client_msg_id: string;
  kind: string;
}

/** AgentAPI calls kefu as a signed-in agent. */
export class AgentAPI {
  constructor(
    readonly base: string,
    readonly token: string,
  ) {}

  static async login(base: string, email: string, password: string): Promise<AgentAPI> {
    const res = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
    if (!res.ok) throw new Error(`login ${email}: ${res.status} ${await res.text()}`);
    return new AgentAPI(base, ((await res.json()) as { token: string }).token);
  }

  static async as(name: string): Promise<AgentAPI> {
    const e = env();
    const a = e.agents[name];
    return AgentAPI.login(e.base, a.email, a.password);
  }

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(this.base + path, {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** conversations lists the inbox's conversations, newest activity first. */
  async conversations(inboxID: string): Promise<{ id: string; status: string; contact_id: string; rating: unknown }[]> {
    return (await this.call<{ conversations: { id: string; status: string; contact_id: string; rating: unknown }[] }>('GET', `/api/v1/conversations?inbox_id=${inboxID}&limit=100`)).conversations;
  }

  async messages(conversationID: string): Promise<AgentMessage[]> {
    return (await this.call<{ messages: AgentMessage[] }>('GET', `/api/v1/conversations/${conversationID}/messages?limit=200`)).messages;
  }

  async reply(conversationID: string, content: string): Promise<AgentMessage> {
    const r = await this.call<{ message: AgentMessage }>('POST', `/api/v1/conversations/${conversationID}/messages`, { content, client_msg_id: `agent-${Date.now()}-${Math.random()}` });
    return r.message;
  }

  /** online keeps an agent connection open (an SSE stream), which makes the agent available. */
  online(): () => void {
    const ctl = new AbortController();
    void fetch(`${this.base}/api/v1/events`, { headers: { authorization: `Bearer ${this.token}` }, signal: ctl.signal })
      .then(async (res) => {
        const reader = res.body?.getReader();
        while (reader && !(await reader.read()).done);
      })
      .catch(() => {});
    return () => ctl.abort();
  }
}

/** until polls f until it returns a truthy value (or throws after the timeout). */
export async function until<T>(f: () => Promise<T | undefined | null | false>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await f();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** conversationWith finds the inbox's conversation holding a message with this text. */
export async function conversationWith(agent: AgentAPI, inboxID: string, text: string): Promise<{ id: string; status: string; contact_id: string }> {
  return until(async () => {
    for (const c of await agent.conversations(inboxID)) {
      if ((await agent.messages(c.id)).some((m) => m.content === text)) return c;
    }
    return null;
  }, `a conversation with "${text}"`);
}

/** tag makes a message text unique, so a test finds its own conversation even when runs repeat in parallel. */
export function tag(text: string): string {
  return `${text} #${Math.random().toString(36).slice(2, 8)}`;
}
