// Satisfaction rating, offered once the team resolved the conversation: 1–5 and a comment.

import { useState } from 'preact/hooks';
import { useController } from './context';

export function Rating() {
  const c = useController();
  const { t } = c;
  const [score, setScore] = useState(0);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!score) return;
    setBusy(true);
    try {
      await c.client.rate(score, comment.trim());
    } catch {
      setError(t('failedLoad'));
      setBusy(false);
    }
  };

  return (
    <form class="kefu-rating" onSubmit={submit} data-testid="rating">
      <fieldset>
        <legend>{t('rateTitle')}</legend>
        <div class="kefu-stars">
          {[1, 2, 3, 4, 5].map((n) => (
            <label key={n} class={n <= score ? 'on' : ''}>
              <input type="radio" name="score" value={n} checked={score === n} onChange={() => setScore(n)} aria-label={t('rateStar', { n })} />
              <span aria-hidden="true">★</span>
            </label>
          ))}
        </div>
      </fieldset>
      <textarea rows={2} value={comment} aria-label={t('comment')} placeholder={t('comment')} maxLength={1000} onInput={(e) => setComment((e.target as HTMLTextAreaElement).value)} />
      {error ? <p role="alert">{error}</p> : null}
      <button type="submit" class="kefu-send" disabled={!score || busy}>
        {t('submit')}
      </button>
    </form>
  );
}
