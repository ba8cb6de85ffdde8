// Notices above the messages: the connection is being restored, no one is available (the
// inbox's away message), or where the visitor stands in the queue.

import { useController } from './context';

export function Banners() {
  const c = useController();
  const { client, t } = c;
  const q = client.queue;
  return (
    <div class="kefu-banners" aria-live="polite">
      {!client.connected ? <p class="kefu-banner warn">{t('reconnecting')}</p> : null}
      {!client.online ? <p class="kefu-banner">{client.settings.away_message || t('away')}</p> : null}
      {q && !q.assigned && q.position > 0 && client.current?.status !== 'resolved' ? (
        <p class="kefu-banner" data-testid="queue">
          {t('queue', { n: q.position })}
          {q.estimated_wait_seconds > 0 ? ' ' + t('wait', { m: Math.max(1, Math.round(q.estimated_wait_seconds / 60)) }) : ''}
        </p>
      ) : null}
    </div>
  );
}
