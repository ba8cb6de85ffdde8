// "Talk to a person": while the bot answers, the visitor can ask for the team at any time. The
// bot hands over; the conversation joins the queue, where the banner shows the visitor's place.

import { useState } from 'preact/hooks';
import { botErrorKey } from '../core/botcard';
import { focusComposer } from './BotMessage';
import { useController } from './context';

/** HumanButton asks the bot for a person, saying in place why that failed if it did. */
export function HumanButton() {
  const c = useController();
  const { client, t } = c;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const handOff = async () => {
    setBusy(true);
    setError('');
    try {
      await client.talkToPerson();
      focusComposer(); // the button goes with the bot
    } catch (e) {
      setError(t(botErrorKey(e)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="kefu-bot-bar">
      {error ? (
        <p class="kefu-card-error" role="alert">
          {error}
        </p>
      ) : null}
      <button type="button" class="kefu-human" disabled={busy} onClick={handOff} data-testid="talk-to-person">
        <svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true">
          <path d="M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4 20a8 8 0 0 1 16 0" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" />
        </svg>
        {t('talkToPerson')}
      </button>
    </div>
  );
}
