// What the widget draws of the knowledge-base bot (docs/bot.md): an answer card's title and
// text, the articles it offers, which card still takes the visitor's answer, and whether the
// "talk to a person" button shows. Pure, so the unit tests pin it; the view only draws it.

import type { TimelineItem } from './timeline';
import type { BotCard, BotCardArticle, Conversation, Message, WidgetBot } from './types';

/** The most "did you mean" choices a suggest card shows. */
export const MAX_SUGGESTIONS = 3;

/** An answer card's article as the widget shows it: the title in bold, then the text. */
export interface AnswerText {
  title: string; // '' for a language model's answer, which is not one article's
  text: string;
}

/** answerText is what an answer card shows of its content: for an article's answer the title
 * on the first line and the text after the blank line; for a model's answer the whole text.
 * The list of related articles the content ends with, for channels without cards, is left out:
 * the card offers them as links (related). */
export function answerText(m: Message): AnswerText {
  const card: BotCard = m.bot ?? { action: 'answer' };
  const content = withoutListed(m.content.replace(/\r\n?/g, '\n'), related(card));
  if (card.generated) return { title: '', text: content.trim() };
  const [first = '', ...rest] = content.split('\n');
  const title = first.trim() || card.articles?.[0]?.title || '';
  return { title, text: rest.join('\n').replace(/^\s*\n/, '').trimEnd() };
}

// withoutListed drops the content's last paragraph when it is the plain-text list of the
// articles the card links to: a label line, then "• title" for each, in order.
function withoutListed(content: string, listed: BotCardArticle[]): string {
  const at = content.lastIndexOf('\n\n');
  if (!listed.length || at < 0) return content;
  const lines = content.slice(at + 2).split('\n').slice(1);
  const same = lines.length === listed.length && lines.every((l, i) => l.trim() === `• ${listed[i].title}`);
  return same ? content.slice(0, at) : content;
}

/** related are the articles an answer links to: besides its own article, or, for a model's
 * answer, the articles it cites. */
export function related(card: BotCard): BotCardArticle[] {
  const arts = card.generated ? (card.articles ?? []) : (card.articles ?? []).slice(1);
  return arts.filter((a) => a.title.trim() !== '');
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
