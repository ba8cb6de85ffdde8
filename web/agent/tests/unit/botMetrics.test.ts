// The bot performance page's figures: the range in the organisation's time zone, one bar per
// day with inboxes summed and gaps filled, stacking, the rates, and the test button's words.
import { describe, expect, it } from 'vitest';
import type { BotDay } from '@/api/bot';
import { ApiError } from '@/api/errors';
import { addDays, lastDays, niceMax, percent, perDay, ratesOf, reasonsIn, seriesOf, stack, todayIn } from '@/lib/botMetrics';
import { llmTestFailure, llmTestText } from '@/lib/llmTest';
import en from '@/i18n/en';
import { enText } from './fixtures';

function day(over: Partial<BotDay>): BotDay {
  return { day: '', inbox_id: 'i1', started: 0, resolved: 0, answered: 0, suggested: 0, unanswered: 0, helpful: 0, not_helpful: 0, handoffs: {}, ...over };
}

describe('bot metrics range', () => {
  it('takes today in the organisation’s time zone', () => {
    const lateUTC = new Date('2026-03-01T20:30:00Z'); // already 2 March in Shanghai (UTC+8)
    expect(todayIn('Asia/Shanghai', lateUTC)).toBe('2026-03-02');
    expect(todayIn('America/New_York', lateUTC)).toBe('2026-03-01');
    expect(todayIn('Not/AZone', lateUTC)).toMatch(/^2026-03-0[12]$/); // the browser's instead of failing
  });

  it('counts the last n days including today, across month and leap-year ends', () => {
    expect(lastDays(7, '2026-03-02')).toEqual({ from: '2026-02-24', to: '2026-03-02' });
    expect(lastDays(30, '2024-03-01')).toEqual({ from: '2024-02-01', to: '2024-03-01' }); // 29 February counts
    expect(lastDays(30, '2025-03-01')).toEqual({ from: '2025-01-31', to: '2025-03-01' });
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
  });
});

describe('bot metrics chart data', () => {
  const days = [
    day({ day: '2026-03-01', inbox_id: 'a', started: 4, resolved: 2, handoffs: { low_confidence: 1, asked_for_human: 1 } }),
    day({ day: '2026-03-01', inbox_id: 'b', started: 3, resolved: 1, handoffs: { low_confidence: 2 } }),
    day({ day: '2026-03-03', inbox_id: 'a', started: 1, resolved: 0, handoffs: { new_reason: 1 } }),
    day({ day: '2026-02-01', inbox_id: 'a', started: 9, resolved: 9 }), // outside the range
  ];

  it('sums the inboxes per day and fills the days without activity', () => {
    expect(perDay(days, '2026-03-01', '2026-03-03')).toEqual([
      { day: '2026-03-01', resolved: 3, handoffs: { low_confidence: 3, asked_for_human: 1 } },
      { day: '2026-03-02', resolved: 0, handoffs: {} },
      { day: '2026-03-03', resolved: 0, handoffs: { new_reason: 1 } },
    ]);
  });

  it('orders the reasons as the bot defines them, unknown ones last', () => {
    const bars = perDay(days, '2026-03-01', '2026-03-03');
    expect(reasonsIn(bars)).toEqual(['low_confidence', 'asked_for_human', 'new_reason']);
    expect(seriesOf(reasonsIn(bars))[0]).toBe('resolved');
  });

  it('stacks a bar bottom up, resolved first, skipping empty series', () => {
    const [bar] = perDay(days, '2026-03-01', '2026-03-01');
    const segments = stack(bar, ['resolved', 'low_confidence', 'asked_for_human', 'button'], 100, 10);
    expect(segments).toEqual([
      { key: 'resolved', value: 3, y: 70, h: 30 },
      { key: 'low_confidence', value: 3, y: 40, h: 30 },
      { key: 'asked_for_human', value: 1, y: 30, h: 10 },
    ]);
  });

  it.each([[0, 1], [1, 1], [3, 5], [7, 10], [12, 20], [180, 200], [501, 1000]])('puts the axis top for %i at %i', (n, want) => {
    expect(niceMax(n)).toBe(want);
  });
});

describe('bot metrics rates', () => {
  it('divides by the conversations the bot took', () => {
    const r = ratesOf(day({ started: 8, resolved: 3, handoffs: { low_confidence: 2, button: 2 } }));
    expect(r).toEqual({ handoffs: 4, resolution: 0.375, handoff: 0.5 });
    expect(percent(r.resolution, 'en')).toBe('37.5%');
    expect(percent(r.resolution, 'zh-CN')).toBe('37.5%');
  });

  it('has no rate without conversations', () => {
    const r = ratesOf(day({ handoffs: null as unknown as BotDay['handoffs'] })); // a nil map comes as null
    expect(r).toEqual({ handoffs: 0, resolution: null, handoff: null });
    expect(percent(r.resolution, 'en')).toBe('—');
  });
});

describe('language-model test words', () => {
  const t = enText;

  it('gives the latency of a working model', () => {
    expect(llmTestText(t, { ok: true, code: '', message: '', latency_ms: 412.6 })).toBe('Connected: the model answered in 413 ms.');
  });

  it('words the codes, and names an unknown one', () => {
    expect(llmTestText(t, { ok: false, code: 'llm_unreachable', message: 'dial tcp: connection refused', latency_ms: 3 })).toMatch(/^Cannot reach the model/);
    expect(llmTestText(t, { ok: false, code: 'llm_rejected', message: '', latency_ms: 0 })).toMatch(/API key/);
    expect(llmTestText(t, { ok: false, code: 'llm_new_thing', message: '', latency_ms: 0 })).toBe('The test failed (llm_new_thing).');
  });

  it('turns a refused request into a failed result with its code', () => {
    const r = llmTestFailure(new ApiError(422, 'invalid_input', 'base_url is required'));
    expect(r).toEqual({ ok: false, code: 'invalid_input', message: 'base_url is required', latency_ms: 0 });
    expect(llmTestText(t, r)).toMatch(/^The settings are incomplete/);
    expect(llmTestText(t, llmTestFailure(new TypeError('fetch failed')))).toBe(en.errors.network);
  });
});
