// An inbox's bot settings in the editor: blanks stand for the defaults (the API's 0), the
// checks match the server's, and an update carries the bot only when it changed.
import { describe, expect, it } from 'vitest';
import type { BotSettings } from '@/api/bot';
import { botDraftOf, botPatch, botProblems, botSettingsOf } from '@/lib/botSettings';

const stored: BotSettings = {
  mode: 'when_busy', queue_threshold: 3, answer_threshold: 0.6, suggest_threshold: 0, low_confidence_limit: 0,
  hide_human_button: true, name: '小莲', greeting: '您好，我是小莲', use_llm: false,
};

describe('bot settings draft', () => {
  it('shows the defaults (0) as blanks and writes blanks back as 0', () => {
    const d = botDraftOf(stored);
    expect(d.answer_threshold).toBe(0.6);
    expect(d.suggest_threshold).toBeNull();
    expect(d.low_confidence_limit).toBeNull();
    expect(botSettingsOf(d)).toEqual(stored);
  });

  it('is off for an inbox without settings', () => {
    expect(botSettingsOf(botDraftOf())).toEqual({
      mode: '', queue_threshold: 0, answer_threshold: 0, suggest_threshold: 0, low_confidence_limit: 0,
      hide_human_button: false, name: '', greeting: '', use_llm: false,
    });
  });

  it('keeps the queue length for the busy mode only and trims the texts', () => {
    const d = { ...botDraftOf(stored), mode: 'always' as const, name: '  小莲 ', greeting: ' 您好 ' };
    expect(botSettingsOf(d)).toMatchObject({ mode: 'always', queue_threshold: 0, name: '小莲', greeting: '您好' });
  });
});

describe('bot settings checks', () => {
  const draft = (over: Partial<ReturnType<typeof botDraftOf>>) => ({ ...botDraftOf(stored), ...over });

  it('accepts the stored settings', () => {
    expect(botProblems(botDraftOf(stored))).toEqual({});
  });

  it.each([
    ['answer above 1', { answer_threshold: 1.2 }, 'bot.answer_threshold', 'threshold'],
    ['negative suggestion', { suggest_threshold: -0.1 }, 'bot.suggest_threshold', 'threshold'],
    ['suggestion above the answer', { answer_threshold: 0.4, suggest_threshold: 0.5 }, 'bot.suggest_threshold', 'suggestAboveAnswer'],
    ['suggestion above the default answer', { answer_threshold: null, suggest_threshold: 0.6 }, 'bot.suggest_threshold', 'suggestAboveAnswer'],
    ['limit not whole', { low_confidence_limit: 1.5 }, 'bot.low_confidence_limit', 'lowConfidence'],
    ['limit above 10', { low_confidence_limit: 11 }, 'bot.low_confidence_limit', 'lowConfidence'],
    ['queue negative', { queue_threshold: -1 }, 'bot.queue_threshold', 'queue'],
    ['name too long', { name: '名'.repeat(65) }, 'bot.name', 'nameLong'],
    ['greeting too long', { greeting: 'x'.repeat(1001) }, 'bot.greeting', 'greetingLong'],
  ])('names %s', (_, over, path, key) => {
    expect(botProblems(draft(over))).toEqual({ [path]: key });
  });

  it('allows a suggestion level equal to the answer level, and a 64-character Chinese name', () => {
    expect(botProblems(draft({ answer_threshold: 0.5, suggest_threshold: 0.5, name: '名'.repeat(64) }))).toEqual({});
  });

  it('ignores the queue length outside the busy mode', () => {
    expect(botProblems(draft({ mode: 'always', queue_threshold: -1 }))).toEqual({});
  });
});

describe('bot part of an inbox update', () => {
  it('is empty when nothing changed, so the save leaves the stored settings alone', () => {
    expect(botPatch(stored, botDraftOf(stored))).toEqual({});
    expect(botPatch(undefined, botDraftOf())).toEqual({});
  });

  it('carries the whole settings when anything changed', () => {
    const d = { ...botDraftOf(stored), suggest_threshold: 0.3 };
    expect(botPatch(stored, d)).toEqual({ bot: { ...stored, suggest_threshold: 0.3 } });
    expect(botPatch(undefined, { ...botDraftOf(), mode: 'always' })).toMatchObject({ bot: { mode: 'always' } });
  });
});
