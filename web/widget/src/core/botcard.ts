// What the widget draws of the knowledge-base bot (docs/bot.md): an answer card's title and
// text, the articles it offers, which card still takes the visitor's answer, and whether the
// "talk to a person" button shows. Pure, so the unit tests pin it; the view only draws it.

import type { TimelineItem } from './timeline';
import type { BotCard, BotCardArticle, Conversation, Message, WidgetBot } from './types';

/** The most "did you mean" choices a suggest card shows. */
export const MAX_SUGGESTIONS = 3;

/** An answer card's article as the widget shows it: the title in bold, then the text. */
export interface AnswerText {
  title: string;
  text: string;
}

/** answerText splits an answer's content: the article's title on the first line, a blank
 * line, then its text (the card's first article names the title when the content is empty). */
export function answerText(m: Message): AnswerText {
  const [first = '', ...rest] = m.content.split(/\r?\n/);
  const title = first.trim() || m.bot?.articles?.[0]?.title || '';
  return { title, text: rest.join('\n').replace(/^\s*\n/, '').trimEnd() };
}

/** related are the articles an answer offers besides its own. */
export function related(card: BotCard): BotCardArticle[] {
  return (card.articles ?? []).slice(1).filter((a) => a.title.trim() !== '');
}

/** suggestions are a suggest card's "did you mean" choices. */
export function suggestions(card: BotCard): BotCardArticle[] {
  return (card.articles ?? []).filter((a) => a.title.trim() !== '').slice(0, MAX_SUGGESTIONS);
}

/** botHolds says whether the bot answers the conversation now. */
export function botHolds(c: Conversation | null): boolean {
  return c?.bot_state === 'active';
}

/**
 * liveCardKey is the key of the row whose card still takes an answer (feedback, a suggestion):
 * the newest bot card while the bot holds the conversation, and only when nothing was written
 * after it — a later message, or one of the visitor's on its way — since an answer to an older
 * question would be out of place. null when no card takes one.
 */
export function liveCardKey(rows: readonly TimelineItem[], c: Conversation | null): string | null {
  if (!botHolds(c) || c?.status === 'resolved') return null;
  const last = rows[rows.length - 1];
  return last?.message.sender_type === 'bot' && last.message.bot ? last.key : null;
}

/** asksFeedback says whether a card shows "did this help?". */
export function asksFeedback(card: BotCard): boolean {
  return card.action === 'answer' && !!card.ask_feedback;
}

/** showsHumanButton says whether "talk to a person" shows: while the bot answers an open
 * question, unless the inbox hides the button. */
export function showsHumanButton(c: Conversation | null, bot: WidgetBot | null): boolean {
  return botHolds(c) && c?.status !== 'resolved' && !bot?.hide_human_button;
}

/** botChats says whether the visitor chats with the bot rather than waits for the team: the
 * bot holds the current conversation, or, before one exists, one started now would go to it.
 * Then the widget offers the chat, not the offline form or the away notice. */
export function botChats(c: Conversation | null, bot: WidgetBot | null): boolean {
  return c ? botHolds(c) : !!bot?.active;
}

/** The phrase that explains why a bot request failed. */
export type BotErrorKey = 'botNotActive' | 'botOffline' | 'botFailed';

/** botErrorKey names what went wrong with a feedback or hand-off request: the bot no longer
 * holds the conversation (409 bot_not_active), no answer (the network), or anything else. */
export function botErrorKey(e: unknown): BotErrorKey {
  const err = e as { status?: number; code?: string };
  if (err?.code === 'bot_not_active') return 'botNotActive';
  return err?.status === 0 ? 'botOffline' : 'botFailed';
}
