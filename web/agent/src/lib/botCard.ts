// How a bot message is shown to agents: an answer taken from an article is its title (a link to
// the article) over the article's text, which the message's content repeats after the title and
// a blank line; anything else shows the content as the customer saw it.
import type { BotCard } from '@/api/bot';

/** A bot message split for display: the article it answers with, if any, and the text. */
export interface BotMessageView {
  title: { id: string; title: string } | null;
  text: string;
}

/** botMessageView splits an answer card's content into its article's title and text. */
export function botMessageView(card: BotCard, content: string): BotMessageView {
  const first = card.articles?.[0];
  const head = first ? `${first.title}\n\n` : '';
  if (card.action === 'answer' && !card.generated && first && content.startsWith(head)) {
    return { title: first, text: content.slice(head.length) };
  }
  return { title: null, text: content };
}

/** kbLink is the workspace route opening an article in the knowledge base. */
export const kbLink = (id: string) => ({ name: 'settings-knowledge', query: { article: id } });
