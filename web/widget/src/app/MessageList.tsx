// The conversation: the inbox greeting, history (with earlier pages on demand), the messages,
// and who is typing. It is a live region so screen readers announce new messages.

import { Fragment } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useController } from './context';
import { MessageRow } from './MessageRow';
import { OfflineNotice, noticeAfter } from './OfflineNotice';
import { greeting as greetingOf } from './texts';
import { withProactive } from './proactive';
import { liveCardKey } from '../core/botcard';

export function MessageList() {
  const c = useController();
  const { client, t } = c;
  const rows = withProactive(client.rows(), c.proactive);
  const end = useRef<HTMLDivElement>(null);
  // Whether the visitor is at the bottom: an image that loads later (no stored size) is then
  // followed down instead of pushing the newest message out of view.
  const pinned = useRef(true);
  const onScroll = (e: Event) => {
    const el = e.currentTarget as HTMLElement;
    pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
  };
  const onLoad = (e: Event) => {
    if ((e.target as HTMLElement).tagName === 'IMG' && pinned.current) end.current?.scrollIntoView({ block: 'end' });
  };
  const [loadingOlder, setLoadingOlder] = useState(false);
  const last = rows[rows.length - 1]?.key;

  useEffect(() => end.current?.scrollIntoView({ block: 'end' }), [last, client.agentTyping]);

  const older = async () => {
    setLoadingOlder(true);
    await client.loadOlder().catch(() => {});
    setLoadingOlder(false);
  };
  const greeting = greetingOf(c);
  const notice = noticeAfter(client.current, rows, client.hasOlder);
  const liveCard = liveCardKey(rows, client.current);
  return (
    <div class="kefu-messages" role="log" aria-live="polite" aria-label={t('messages')} tabIndex={0} onScroll={onScroll} onLoadCapture={onLoad}>
      {client.hasOlder ? (
        <button type="button" class="kefu-older" disabled={loadingOlder} onClick={older}>
          {t('older')}
        </button>
      ) : null}
      {greeting ? (
        <div class="kefu-row them kefu-greeting">
          <div class="kefu-bubble">{greeting}</div>
        </div>
      ) : null}
      {rows.map((r) => (
        <Fragment key={r.key}>
          <MessageRow item={r} live={r.key === liveCard} />
          {r.key === notice ? <OfflineNotice /> : null}
        </Fragment>
      ))}
      {client.agentTyping !== null ? (
        <p class="kefu-typing" data-testid="typing">
          {t('typing', { name: client.agentTyping || t('someone') })}
        </p>
      ) : null}
      <div ref={end} />
    </div>
  );
}
