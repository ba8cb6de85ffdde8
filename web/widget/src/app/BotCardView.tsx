// How a bot message's card looks (docs/bot.md): an answer (the article's title in bold, its
// text, related questions, "did this help?"), "did you mean" choices, or a plain bubble for a
// greeting, a request to rephrase, thanks and the hand-off. Everything the server sends is
// drawn as text nodes, never as HTML. No hooks: the card's state comes in as props, so the
// unit tests draw it without a browser (tests/unit/botcard.test.tsx).

import { answerText, asksFeedback, related, suggestions } from '../core/botcard';
import type { Key } from '../core/i18n';
import type { BotCard, Message } from '../core/types';
import { Text } from './Text';

/** Translate is the view's t(). */
export type Translate = (k: Key, vars?: Record<string, string | number>) => string;

/** What a card needs to draw itself. */
export interface CardProps {
  m: Message;
  card: BotCard;
  t: Translate;
  live: boolean; // the newest card with nothing after it: it takes the visitor's answer
  holds: boolean; // the bot still answers the conversation
  busy: boolean; // a feedback request is on its way (or done)
  error: string; // why the last feedback request failed, '' when it did not
  onAsk(title: string): void; // send a title as the visitor's message
  onFeedback(helpful: boolean): void;
}

/** The plain actions, drawn as a bubble of the message's text. */
const PLAIN = new Set(['greeting', 'rephrase', 'thanks', 'handoff']);

/** BotCardView draws a bot message's card by its action. */
export function BotCardView(p: CardProps) {
  if (p.card.action === 'answer') return <AnswerView {...p} />;
  if (p.card.action === 'suggest') return <SuggestView {...p} />;
  // A newer server's unknown action still says what its text says.
  const action = PLAIN.has(p.card.action) ? p.card.action : 'text';
  return (
    <div class={`kefu-bubble kefu-card kefu-card-${action}`} data-testid={`bot-${action}`}>
      {action === 'handoff' ? <HandoffIcon /> : null}
      <span>
        <Text text={p.m.content} />
      </span>
    </div>
  );
}

function AnswerView(p: CardProps) {
  const { title, text } = answerText(p.m);
  const more = p.holds ? related(p.card) : [];
  return (
    <div class="kefu-bubble kefu-card" data-testid="bot-answer">
      {title ? <strong class="kefu-card-title">{title}</strong> : null}
      {text ? (
        <p class="kefu-card-text">
          <Text text={text} />
        </p>
      ) : null}
      {p.card.generated ? <p class="kefu-card-note">{p.t('botGenerated')}</p> : null}
      {more.length ? (
        <div class="kefu-card-related" role="group" aria-label={p.t('botRelated')}>
          <span class="kefu-card-note">{p.t('botRelated')}</span>
          {more.map((a) => (
            <button key={a.id} type="button" class="kefu-link" onClick={() => p.onAsk(a.title)}>
              {a.title}
            </button>
          ))}
        </div>
      ) : null}
      {p.live && asksFeedback(p.card) ? <Feedback {...p} /> : null}
    </div>
  );
}

function Feedback(p: CardProps) {
  return (
    <div class="kefu-feedback" role="group" aria-label={p.t('botHelpful')} data-testid="bot-feedback">
      <span>{p.t('botHelpful')}</span>
      <button type="button" class="kefu-pill" disabled={p.busy} onClick={() => p.onFeedback(true)}>
        {p.t('botYes')}
      </button>
      <button type="button" class="kefu-pill" disabled={p.busy} onClick={() => p.onFeedback(false)}>
        {p.t('botNo')}
      </button>
      {p.error ? (
        <p class="kefu-card-error" role="alert">
          {p.error}
        </p>
      ) : null}
    </div>
  );
}

function SuggestView(p: CardProps) {
  const choices = suggestions(p.card);
  return (
    <div class="kefu-bubble kefu-card" data-testid="bot-suggest">
      <p>{p.t('botSuggest')}</p>
      {/* Only the card that takes an answer offers buttons; older ones list what they offered. */}
      {p.live ? (
        <div class="kefu-choices" role="group" aria-label={p.t('botSuggest')}>
          {choices.map((a) => (
            <button key={a.id} type="button" class="kefu-choice" onClick={() => p.onAsk(a.title)}>
              {a.title}
            </button>
          ))}
        </div>
      ) : (
        <ul class="kefu-card-list">
          {choices.map((a) => (
            <li key={a.id}>{a.title}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

function HandoffIcon() {
  return (
    <svg class="kefu-card-icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
      <path d="M4 15v-3a8 8 0 0 1 16 0v3M4 14h3v6H5a1 1 0 0 1-1-1zM20 14h-3v6h2a1 1 0 0 0 1-1z" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round" />
    </svg>
  );
}
