// The bot's API as the workspace uses it: an inbox's bot settings, a bot message's card and the
// hand-off note come from the generated schema; the bot administration's endpoints (metrics,
// unanswered questions, the language model, agent assist) are typed here by hand after the
// contract (internal/kefu/bot.go) until they are in schema.d.ts. Swapping is local to this file:
// replace `untyped` by `api` and the interfaces by the generated ones.
import type { components } from './schema';
import { ApiError } from './errors';
import { api, ok } from './index';

type S = components['schemas'];

export type BotSettings = S['BotSettings'];
export type BotMode = BotSettings['mode'];
export type BotCard = S['BotCard'];
export type BotCardArticle = S['BotCardArticle'];
export type BotState = S['Conversation']['bot_state'];
export type Emotion = S['Conversation']['emotion'];

/** BotHandoff is GET /conversations/{id}/bot: what the bot passes to the person who takes over
 * (reason empty while it answers, or when an agent took the conversation from it). */
export type BotHandoff = S['Handoff'];

/** Why the bot handed conversations over, in the order the metrics show them (kefu.Handoff*). */
export const handoffReasons = ['low_confidence', 'asked_for_human', 'negative_emotion', 'not_helpful', 'button', 'agent', 'llm_unsure'] as const;

/** BotDay is one inbox's bot figures on one day (day "" in the totals). */
export interface BotDay {
  day: string;
  inbox_id: string;
  started: number;
  resolved: number;
  answered: number;
  suggested: number;
  unanswered: number;
  helpful: number;
  not_helpful: number;
  handoffs: Record<string, number> | null;
}

/** BotMetrics is GET /bot/metrics: one BotDay per inbox and day, and their sum. */
export interface BotMetrics {
  days: BotDay[] | null;
  totals: BotDay;
}

export type UnansweredStatus = 'open' | 'added' | 'dismissed';

/** UnansweredQuestion is a customer question the bot could not answer. */
export interface UnansweredQuestion {
  id: string;
  inbox_id: string;
  conversation_id: string;
  question: string;
  reason: 'unanswered' | 'not_helpful';
  best_article_id: string;
  status: UnansweredStatus;
  created_at: string;
}

export interface UnansweredPage {
  items: UnansweredQuestion[] | null;
  next_cursor: string;
}

/** LLMSettings are the organisation's language model; the key itself is never sent back. */
export interface LLMSettings {
  enabled: boolean;
  base_url: string;
  model: string;
  embedding_model: string;
  api_key_set: boolean;
  updated_at: string;
}

/** LLMUpdate is PUT /bot/llm: api_key replaces the stored key when non-empty. */
export interface LLMUpdate {
  enabled: boolean;
  base_url: string;
  model: string;
  embedding_model: string;
  api_key?: string;
  clear_api_key?: boolean;
}

/** LLMTestResult is POST /bot/llm/test: whether the saved settings reach the model. */
export interface LLMTestResult {
  ok: boolean;
  code: string;
  message: string;
  latency_ms: number;
}

export interface AssistArticle {
  id: string;
  title: string;
  snippet: string;
  body: string;
  confidence: number;
}

export interface AssistCanned {
  id: string;
  shortcut: string;
  content: string;
}

/** Assist is GET /conversations/{id}/assist: articles and canned replies for the last message. */
export interface Assist {
  query: string;
  articles: AssistArticle[] | null;
  canned: AssistCanned[] | null;
}

type Answer = Promise<{ data?: unknown; error?: unknown; response: Response }>;
interface Init {
  params?: { path?: Record<string, string>; query?: Record<string, string | number | undefined> };
  body?: unknown;
}
// The same client (CSRF header, sign-out on 401, problem documents) without the path types the
// schema does not have yet.
const untyped = api as unknown as Record<'GET' | 'POST' | 'PUT', (path: string, init?: Init) => Answer>;
const call = <T>(method: 'GET' | 'POST' | 'PUT', path: string, init?: Init) => ok(untyped[method](path, init)) as Promise<T>;
const byId = (id: string) => ({ path: { id } });

/** botHandoff returns the bot's hand-off of a conversation; null when the bot never had it. */
export async function botHandoff(conversationId: string): Promise<BotHandoff | null> {
  try {
    return await ok(api.GET('/api/v1/conversations/{id}/bot', { params: byId(conversationId) }));
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return null;
    throw e;
  }
}

/** botMetrics returns the bot's figures per inbox and day from from to to (YYYY-MM-DD). */
export const botMetrics = (from: string, to: string, inboxId = '') =>
  call<BotMetrics>('GET', '/api/v1/bot/metrics', { params: { query: { from, to, inbox_id: inboxId || undefined } } });

/** unansweredQuestions lists a page of questions in status, newest first. */
export const unansweredQuestions = (status: UnansweredStatus, inboxId = '', cursor = '') =>
  call<UnansweredPage>('GET', '/api/v1/bot/unanswered', { params: { query: { status, inbox_id: inboxId || undefined, cursor: cursor || undefined, limit: 50 } } });

/** addUnanswered adds a question to an article's alternative questions. */
export const addUnanswered = (id: string, articleId: string) =>
  call<UnansweredQuestion>('POST', '/api/v1/bot/unanswered/{id}/add', { params: byId(id), body: { article_id: articleId } });

/** dismissUnanswered marks a question as needing nothing. */
export const dismissUnanswered = (id: string) => call<UnansweredQuestion>('POST', '/api/v1/bot/unanswered/{id}/dismiss', { params: byId(id) });

export const getLLM = () => call<LLMSettings>('GET', '/api/v1/bot/llm');
export const putLLM = (body: LLMUpdate) => call<LLMSettings>('PUT', '/api/v1/bot/llm', { body });
/** testLLM checks the saved language-model settings with the smallest requests. */
export const testLLM = () => call<LLMTestResult>('POST', '/api/v1/bot/llm/test');

/** assist returns the articles and canned replies for a conversation's last customer message. */
export const assist = (conversationId: string) => call<Assist>('GET', '/api/v1/conversations/{id}/assist', { params: byId(conversationId) });
