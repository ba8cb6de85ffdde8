// Notices above the messages: the connection is being restored, no one is available (the
// inbox's away message, in the visitor's language; not while the bot answers), or where the
// visitor stands in the queue — only while the server says it is queued, i.e. someone of the
// inbox is online to answer (a conversation the bot handed over included).

import { useController } from './context';
import { awayMessage, backAgain } from './texts';
import { botChats } from '../core/botcard';

export function Banners() {
  const c = useController();
  const { client, t } = c;
  const q = client.queue;
  return (
    <div class="kefu-banners" aria-live="polite">
      {!client.connected ? <p class="kefu-banner warn">{t('reconnecting')}</p> : null}
      {!client.online && !botChats(client.current, client.bot) ? (
        <p class="kefu-banner" data-testid="away">
          {awayMessage(c)}
          {backAgain(c) ? <span data-testid="back-at"> {backAgain(c)}</span> : null}
        </p>
      ) : null}
      {q?.state === 'queued' && q.position > 0 && client.current?.status !== 'resolved' ? (
        <p class="kefu-banner" data-testid="queue">
          {t('queue', { n: q.position })}
          {q.estimated_wait_seconds > 0 ? t('wait', { m: Math.max(1, Math.round(q.estimated_wait_seconds / 60)) }) : ''}
        </p>
      ) : null}
    </div>
  );
}
