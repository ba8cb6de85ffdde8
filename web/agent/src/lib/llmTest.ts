// The language-model test's outcome in words: the latency when the model answered, else what
// the stable code means (an unknown code is named as it is, so a new one is still reported).
import { ApiError } from '@/api/errors';
import type { LLMTestResult } from '@/api/bot';

type T = (key: string, values?: Record<string, unknown>) => string;

/** The codes bot.llm.codes words; the llm_* ones are internal/bot/llm's. */
const worded = new Set(['llm_unreachable', 'llm_rejected', 'llm_rate_limited', 'llm_bad_response', 'invalid_input', 'unavailable']);

/** llmTestText words a test result. */
export function llmTestText(t: T, r: LLMTestResult): string {
  if (r.ok) return t('bot.llm.ok', { ms: Math.round(r.latency_ms) });
  if (r.code === 'network') return t('errors.network'); // kefu itself did not answer
  return worded.has(r.code) ? t(`bot.llm.codes.${r.code}`) : t('bot.llm.codes.other', { code: r.code || 'internal' });
}

/** llmTestFailure turns a refused test request (incomplete settings, say) into a result. */
export function llmTestFailure(e: unknown): LLMTestResult {
  if (e instanceof ApiError) return { ok: false, code: e.code, message: e.detail, latency_ms: 0 };
  return { ok: false, code: 'network', message: '', latency_ms: 0 };
}
