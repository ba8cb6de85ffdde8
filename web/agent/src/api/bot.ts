// The bot's API as the workspace uses it: short names for the generated types of an inbox's bot
// settings, a bot message's card, the hand-off note, the metrics, the unanswered questions, the
// language model and agent assist, and the calls the pages make.
import type { components } from './schema';
import { ApiError } from './errors';
import { api, ok } from './index';

type S = components['schemas'];

export type BotSettings = S['BotSettings'];
export type BotMode = NonNullable<BotSettings['mode']>;
export type BotCard = S['BotCard'];
export type BotCardArticle = S['BotCardArticle'];
export type BotState = S['Conversation']['bot_state'];
export type Emotion = S['Conversation']['emotion'];

/** BotHandoff is GET /conversations/{id}/bot: what the bot passes to the person who takes over
 * (reason empty while it answers, or when an agent took the conversation from it). */
export type BotHandoff = S['Handoff'];

/** Why the bot handed conversations over, in the order the metrics show them (kefu.Handoff*). */
export const handoffReasons = ['low_confidence', 'asked_for_human', 'negative_emotion', 'not_helpful', 'button', 'agent', 'llm_unsure', 'bot_failed'] as const;

export type BotDay = S['BotDay'];
/** BotMetrics is GET /bot/metrics: one BotDay per inbox and day, and their sum (day ""). */
export type BotMetrics = S['Metrics'];
export type UnansweredQuestion = S['UnansweredQuestion'];
export type UnansweredStatus = UnansweredQuestion['status'];
/** LLMSettings are the organisation's language model; the key itself is never sent back. */
export type LLMSettings = S['LLMSettings'];
/** LLMUpdate is PUT /bot/llm: api_key replaces the stored key when non-empty. */
export type LLMUpdate = S['LlmBody'];
/** LLMTestResult is POST /bot/llm/test's answer, or a refused test request read as one
 * (incomplete settings: invalid_input), hence any code. */
export type LLMTestResult = Omit<S['LLMTest'], 'code'> & { code: string };
export type Assist = S['Assist'];

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
  ok(api.GET('/api/v1/bot/metrics', { params: { query: { from, to, inbox_id: inboxId || undefined } } }));

/** unansweredQuestions lists a page of questions in status, newest first. */
export const unansweredQuestions = (status: UnansweredStatus, inboxId = '', cursor = '') =>
  ok(api.GET('/api/v1/bot/unanswered', { params: { query: { status, inbox_id: inboxId || undefined, cursor: cursor || undefined, limit: 50 } } }));

/** addUnanswered adds a question to an article's alternative questions. */
export const addUnanswered = (id: string, articleId: string) =>
  ok(api.POST('/api/v1/bot/unanswered/{id}/add', { params: byId(id), body: { article_id: articleId } }));

/** dismissUnanswered marks a question as needing nothing. */
export const dismissUnanswered = (id: string) => ok(api.POST('/api/v1/bot/unanswered/{id}/dismiss', { params: byId(id) }));

export const getLLM = () => ok(api.GET('/api/v1/bot/llm'));
export const putLLM = (body: LLMUpdate) => ok(api.PUT('/api/v1/bot/llm', { body }));
/** testLLM checks the saved language-model settings with the smallest requests. */
export const testLLM = (): Promise<LLMTestResult> => ok(api.POST('/api/v1/bot/llm/test'));

/** assist returns the articles and canned replies for a conversation's last customer message. */
export const assist = (conversationId: string) => ok(api.GET('/api/v1/conversations/{id}/assist', { params: byId(conversationId) }));
