// How a bot message is shown to agents. An answer from an article is its title (a link to the
// article) over the article's text; the message's content, written for channels without cards,
// repeats the title before a blank line and ends with the related articles as a list (a label
// line, then "• title" each), which the card shows as links instead. A language model's answer
// is its text with the articles it cites. Anything else shows the content as the customer saw it.
import type { BotCard, BotCardArticle } from '@/api/bot';

/** A bot message split for display: the article it answers with, the text, and the articles
 * listed under it (related ones, a generated answer's sources, or the suggestions). */
export interface BotMessageView {
  title: BotCardArticle | null;
  text: string;
  listed: BotCardArticle[];
}

/** botMessageView splits a bot message's content for its card. */
export function botMessageView(card: BotCard, content: string): BotMessageView {
  const arts = (card.articles ?? []).filter((a) => a.title.trim() !== '');
  if (card.action !== 'answer') return { title: null, text: content, listed: card.action === 'suggest' ? arts : [] };
  // An article's answer is its first article; the others are related. A model's cites them all.
  const first = card.generated ? null : arts[0] ?? null;
  const listed = card.generated ? arts : arts.slice(1);
  let text = withoutListed(content.replace(/\r\n?/g, '\n'), listed);
  const head = first ? `${first.title}\n\n` : '';
  const titled = !!first && text.startsWith(head);
  if (titled) text = text.slice(head.length);
  return { title: titled ? first : null, text: text.trimEnd(), listed: titled ? listed : arts };
}

// withoutListed drops the content's last paragraph when it is the plain-text list of listed.
function withoutListed(content: string, listed: BotCardArticle[]): string {
  const at = content.lastIndexOf('\n\n');
  if (!listed.length || at < 0) return content;
  const lines = content.slice(at + 2).split('\n').slice(1);
  const same = lines.length === listed.length && lines.every((l, i) => l.trim() === `• ${listed[i].title}`);
  return same ? content.slice(0, at) : content;
}

/** kbLink is the workspace route opening an article in the knowledge base. */
export const kbLink = (id: string) => ({ name: 'settings-knowledge', query: { article: id } });
