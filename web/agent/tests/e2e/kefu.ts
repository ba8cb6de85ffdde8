// Test helpers: what global setup provisioned, an agent over REST, and a website visitor driven
// through the visitor API exactly as the widget would.
import { randomUUID } from 'node:crypto';
import { expect, type Page } from '@playwright/test';

export interface Account {
  id: string;
  name: string;
  email: string;
  password: string;
}

/** What global setup hands the tests (through KEFU_E2E). */
export interface E2EEnv {
  base: string;
  bin: string;
  owner: Account;
  agents: Record<'li' | 'han' | 'sup', Account>;
  inboxes: Record<'live' | 'notes' | 'safety' | 'transfer' | 'i18n' | 'keys' | 'files' | 'privacy' | 'masking' | 'roles', { id: string; key: string; name: string }>;
  /** The test OpenID Connect provider, signing everyone in as email. */
  oidc: { issuer: string; clientId: string; clientSecret: string; email: string };
  /** The channels' fakes (tests/e2e/fakes.ts): the Bot API's and the WeChat API's URLs, the
   * port of the SMTP server taking kefu's mail, and the port of kefu's own SMTP listener. */
  channels: { telegram: string; wechat: string; smtpPort: number; smtpListen: number };
}

export function env(): E2EEnv {
  const raw = process.env.KEFU_E2E;
  if (!raw) throw new Error('KEFU_E2E is not set: run through playwright test (global setup)');
  return JSON.parse(raw) as E2EEnv;
}

async function call<T>(base: string, method: string, path: string, token: string, body?: unknown): Promise<T> {
  const res = await fetch(base + path, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** AgentAPI calls kefu as a signed-in agent, with the session token as a bearer token. */
export class AgentAPI {
  private constructor(
    readonly base: string,
    readonly token: string,
  ) {}

  static async login(base: string, email: string, password: string): Promise<AgentAPI> {
    const r = await call<{ token: string }>(base, 'POST', '/api/v1/auth/login', '', { email, password });
    return new AgentAPI(base, r.token);
  }

  call<T>(method: string, path: string, body?: unknown): Promise<T> {
    return call<T>(this.base, method, path, this.token, body);
  }
}

/** A visitor message as the visitor API returns it. */
export interface VisitorMessage {
  id: string;
  seq: number;
  sender_type: string;
  kind: string;
  content: string;
}

/** Visitor plays a website visitor through /api/v1/widget/*. */
export class Visitor {
  private constructor(
    readonly base: string,
    readonly token: string,
  ) {}

  static async open(base: string, widgetKey: string, attributes: Record<string, string> = {}): Promise<Visitor> {
    const s = await call<{ token: string }>(base, 'POST', '/api/v1/widget/sessions', '', { widget_key: widgetKey, attributes });
    return new Visitor(base, s.token);
  }

  async profile(p: { name?: string; email?: string }) {
    await call(this.base, 'PATCH', '/api/v1/widget/contact', this.token, p);
  }

  /** start opens a conversation with a first message and returns its id. */
  async start(content: string): Promise<string> {
    const r = await call<{ conversation: { id: string } }>(this.base, 'POST', '/api/v1/widget/conversations', this.token, {
      message: { content, client_msg_id: randomUUID() },
    });
    return r.conversation.id;
  }

  async send(conversationId: string, content: string) {
    await call(this.base, 'POST', `/api/v1/widget/conversations/${conversationId}/messages`, this.token, { content, client_msg_id: randomUUID() });
  }

  async typing(conversationId: string, typing: boolean) {
    await call(this.base, 'POST', `/api/v1/widget/conversations/${conversationId}/typing`, this.token, { typing });
  }

  async messages(conversationId: string): Promise<VisitorMessage[]> {
    return (await call<{ messages: VisitorMessage[] }>(this.base, 'GET', `/api/v1/widget/conversations/${conversationId}/messages?limit=200`, this.token)).messages;
  }
}

/** signIn signs an agent in through the UI and waits for the workspace. */
export async function signIn(page: Page, who: { email: string; password: string }) {
  await page.goto(`${env().base}/login`);
  await page.getByTestId('login-email').fill(who.email);
  await page.getByTestId('login-password').fill(who.password);
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('nav-conversations')).toBeVisible();
  await expect(page.getByTestId('connection')).toHaveClass(/open/);
}

/** rowOf is a conversation's row in the list. */
export const rowOf = (page: Page, id: string) => page.getByTestId(`conversation-${id}`);

/**
 * shot saves a screenshot for the README under docs/images/ when KEFU_SCREENSHOTS=1, so an
 * ordinary test run leaves the committed images (taken with CJK fonts installed) untouched;
 * otherwise it still renders the page, so the step is exercised either way.
 */
export async function shot(page: Page, name: string) {
  if (process.env.KEFU_SCREENSHOTS !== '1') {
    await page.screenshot();
    return;
  }
  const { resolve } = await import('node:path');
  await page.screenshot({ path: resolve(import.meta.dirname, '../../../../docs/images', `${name}.png`) });
}
