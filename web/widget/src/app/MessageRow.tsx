// One message: the visitor's, the team's or the bot's (a card, see BotMessage). Text is
// rendered as text nodes — never as HTML — with http(s) links as safe anchors (Text).

import type { TimelineItem } from '../core/timeline';
import type { Attachment, Message } from '../core/types';
import { FILE_PATH, formatSize, linkExpired } from '../core/files';
import { safeHref } from '../core/linkify';
import { Avatar, BotAvatar } from './Avatar';
import { BotMessage } from './BotMessage';
import { useController } from './context';
import { Text } from './Text';

/** live: this row's bot card takes the visitor's answer (see liveCardKey). */
export function MessageRow({ item, live = false }: { item: TimelineItem; live?: boolean }) {
  const c = useController();
  const { t } = c;
  const m = item.message;
  const mine = m.sender_type === 'contact';
  // The knowledge-base bot's messages carry a card; a proactive message (also sent as the
  // bot) speaks for the team under the name it was given, so it looks like the team's.
  const bot = m.sender_type === 'bot' && !!m.bot;
  const name = mine ? t('you') : m.sender_name || (bot ? c.client.bot?.name || t('botName') : t('someone'));
  return (
    <div class={mine ? 'kefu-row mine' : bot ? 'kefu-row them bot' : 'kefu-row them'} data-testid="message" data-state={item.state ?? undefined}>
      {bot ? <BotAvatar /> : !mine ? <Avatar name={name} /> : null}
      <div class="kefu-col">
        {!mine ? <span class="kefu-name">{name}</span> : null}
        {bot ? (
          <BotMessage item={item} live={live} />
        ) : m.content ? (
          <div class="kefu-bubble">
            <Text text={m.content} />
          </div>
        ) : null}
        {m.attachments.map((a) => (
          <AttachmentView key={a.id || a.file_name} a={a} m={m} />
        ))}
        {item.state ? <State item={item} /> : null}
      </div>
    </div>
  );
}

/** The largest box an image is shown in (app.css .kefu-image img). */
const IMAGE_BOX = 220;

/** imageBox is the image's shown size from its stored one, so the thread reserves the space
 *  before it loads and scrolls to the true bottom; nothing when the size is unknown. */
function imageBox(a: Attachment): { width?: number; height?: number } {
  if (!a.width || !a.height) return {};
  const scale = Math.min(1, IMAGE_BOX / a.width, IMAGE_BOX / a.height);
  return { width: Math.max(1, Math.round(a.width * scale)), height: Math.max(1, Math.round(a.height * scale)) };
}

function AttachmentView({ a, m }: { a: Attachment; m: Message }) {
  const c = useController();
  // Attachment URLs are kefu's signed links; anything else (or nothing yet: still sending) is not linked.
  const href = a.url && a.url.startsWith(FILE_PATH) ? a.url : a.url ? safeHref(a.url) : null;
  // Signed links expire: an image that fails to load on an expired link, or a file clicked
  // after its link expired, fetches the message again for fresh ones.
  const expired = () => !!href && href.startsWith(FILE_PATH) && linkExpired(href);
  const onImageError = () => {
    if (expired()) void c.client.refreshLinks(m);
  };
  const onFileClick = (e: MouseEvent) => {
    if (!expired()) return;
    e.preventDefault();
    void c.client.refreshLinks(m).then((fresh) => {
      const url = fresh?.attachments.find((x) => x.id === a.id)?.url;
      if (url) window.open(url, '_blank', 'noopener');
    });
  };
  if (href && a.content_type.startsWith('image/')) {
    return (
      <a class="kefu-image" href={href} target="_blank" rel="noopener noreferrer" onClick={onFileClick}>
        <img src={href} alt={a.file_name} loading="lazy" onError={onImageError} {...imageBox(a)} />
      </a>
    );
  }
  const label = `${a.file_name} (${formatSize(a.size)})`;
  return href ? (
    <a class="kefu-file" href={href} target="_blank" rel="noopener noreferrer" download={a.file_name} onClick={onFileClick}>
      📎 {label}
    </a>
  ) : (
    <span class="kefu-file">📎 {label}</span>
  );
}

function State({ item }: { item: TimelineItem }) {
  const c = useController();
  const { t } = c;
  if (item.state === 'failed') {
    return (
      <button type="button" class="kefu-state failed" onClick={() => c.client.retry(item.message.client_msg_id)}>
        {t('failed')}
      </button>
    );
  }
  return <span class="kefu-state">{t(item.state as 'sending' | 'waiting' | 'sent' | 'read')}</span>;
}
