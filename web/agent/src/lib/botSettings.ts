// An inbox's bot settings as the inbox editor holds them: blank thresholds and limits mean "the
// bot's default" (the API's 0), the checks the server makes too, and the part of an inbox
// update that carries them. Pure, so unit tests cover them without a browser.
import type { BotMode, BotSettings } from '@/api/bot';

/** The modes in the order the editor offers them ("" is off). */
export const botModes: BotMode[] = ['', 'always', 'outside_hours', 'when_busy'];

/** The bot's defaults a blank field stands for (package bot; kefu.BotSettings' docs). */
export const botDefaults = { answer: 0.55, suggest: 0.2, lowConfidence: 2 } as const;

/** Limits the server enforces (kefu.BotSettings' tags). */
export const botLimits = { name: 64, greeting: 1000, queue: 10000, lowConfidence: 10 } as const;

/** BotDraft is BotSettings being edited; null = blank = the default. */
export interface BotDraft {
  mode: BotMode;
  queue_threshold: number;
  answer_threshold: number | null;
  suggest_threshold: number | null;
  low_confidence_limit: number | null;
  hide_human_button: boolean;
  name: string;
  greeting: string;
  use_llm: boolean;
}

const blankIfZero = (n: number | undefined) => (n ? n : null);

/** botDraftOf copies stored settings (none: off) into a draft. */
export function botDraftOf(s?: BotSettings | null): BotDraft {
  return {
    mode: s?.mode ?? '', queue_threshold: s?.queue_threshold ?? 0,
    answer_threshold: blankIfZero(s?.answer_threshold), suggest_threshold: blankIfZero(s?.suggest_threshold),
    low_confidence_limit: blankIfZero(s?.low_confidence_limit),
    hide_human_button: !!s?.hide_human_button, name: s?.name ?? '', greeting: s?.greeting ?? '', use_llm: !!s?.use_llm,
  };
}

/** botSettingsOf is what the API gets: blanks as 0, the name trimmed. */
export function botSettingsOf(d: BotDraft): BotSettings {
  return {
    mode: d.mode, queue_threshold: d.mode === 'when_busy' ? d.queue_threshold : 0,
    answer_threshold: d.answer_threshold ?? 0, suggest_threshold: d.suggest_threshold ?? 0,
    low_confidence_limit: d.low_confidence_limit ?? 0,
    hide_human_button: d.hide_human_button, name: d.name.trim(), greeting: d.greeting.trim(), use_llm: d.use_llm,
  };
}

/** Problems by the field path the server would name, each an i18n key under bot.problems. */
export type BotProblems = Record<string, string>;

/** botProblems finds what the server would refuse. */
export function botProblems(d: BotDraft): BotProblems {
  const p: BotProblems = {};
  for (const k of ['answer_threshold', 'suggest_threshold'] as const) {
    if (d[k] !== null && !within(d[k], 0, 1)) p[`bot.${k}`] = 'threshold';
  }
  const answer = d.answer_threshold ?? botDefaults.answer;
  if (d.suggest_threshold !== null && !p['bot.suggest_threshold'] && d.suggest_threshold > answer) p['bot.suggest_threshold'] = 'suggestAboveAnswer';
  if (d.low_confidence_limit !== null && !(Number.isInteger(d.low_confidence_limit) && within(d.low_confidence_limit, 0, botLimits.lowConfidence))) p['bot.low_confidence_limit'] = 'lowConfidence';
  if (d.mode === 'when_busy' && !(Number.isInteger(d.queue_threshold) && within(d.queue_threshold, 0, botLimits.queue))) p['bot.queue_threshold'] = 'queue';
  if ([...d.name.trim()].length > botLimits.name) p['bot.name'] = 'nameLong';
  if ([...d.greeting.trim()].length > botLimits.greeting) p['bot.greeting'] = 'greetingLong';
  return p;
}

function within(n: number, lo: number, hi: number): boolean {
  return Number.isFinite(n) && n >= lo && n <= hi;
}

/**
 * botPatch is the bot part of an inbox update: the settings when they differ from the saved
 * ones, else nothing, so a save that did not touch the bot leaves it as another admin set it.
 */
export function botPatch(saved: BotSettings | undefined, d: BotDraft): { bot?: BotSettings } {
  const next = botSettingsOf(d);
  return JSON.stringify(next) === JSON.stringify(botSettingsOf(botDraftOf(saved))) ? {} : { bot: next };
}
