// A bot message in the thread: the card (BotCardView) wired to the chat — a chosen question is
// sent as the visitor's message through the outbox (durable, acked and retried like any), and
// "did this help?" is answered over the API, with its buttons disabled while that runs.

import { useState } from 'preact/hooks';
import { botErrorKey, botHolds } from '../core/botcard';
import type { TimelineItem } from '../core/timeline';
import type { BotCard } from '../core/types';
import { BotCardView } from './BotCardView';
import { useController } from './context';

/** BotMessage is a bot message's card, answering to the visitor's clicks. */
export function BotMessage({ item, live }: { item: TimelineItem; live: boolean }) {
  const c = useController();
  const { client, t } = c;
  const m = item.message;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const onAsk = (title: string) => {
    client.send(title);
    focusComposer(); // the buttons go with the card's turn: keep the keyboard in the chat
  };
  const onFeedback = async (helpful: boolean) => {
    setBusy(true);
    setError('');
    try {
      await client.botFeedback(m.id, helpful);
      focusComposer(); // stays busy: the bot's reply takes the card's turn away
    } catch (e) {
      setError(t(botErrorKey(e)));
      setBusy(false);
    }
  };
  return <BotCardView m={m} card={m.bot as BotCard} t={t} live={live} holds={botHolds(client.current)} busy={busy} error={error} onAsk={onAsk} onFeedback={onFeedback} />;
}

/** focusComposer moves the keyboard to the message box, for controls that go away once used. */
export function focusComposer(): void {
  document.querySelector<HTMLTextAreaElement>('.kefu-input textarea')?.focus();
}
