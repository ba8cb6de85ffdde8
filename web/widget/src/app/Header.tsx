// The chat header: who the visitor talks to, whether anyone is available, and a close button
// when the chat sits in the host page's launcher.

import { Avatar } from './Avatar';
import { useController } from './context';
import { botChats } from '../core/botcard';

export function Header() {
  const c = useController();
  const { client, t } = c;
  const name = client.session?.inbox.name || t('title');
  // Offline, the visitor cannot know whether anyone is there: say so instead of "We are online".
  // While the bot answers and nobody is online, "We are away" would contradict the chat.
  const bot = !client.online && botChats(client.current, client.bot);
  const away = bot ? t('botAnswering', { name: client.bot?.name || t('botName') }) : t('offline');
  const status = !c.networkOnline ? t('youOffline') : client.online ? t('online') : away;
  return (
    <header class="kefu-header">
      <Avatar name={name} />
      <div class="kefu-header-text">
        <h1 class="kefu-title">{name}</h1>
        <p class="kefu-status">
          <span class={client.online && c.networkOnline ? 'kefu-dot on' : 'kefu-dot'} aria-hidden="true" />
          {status}
        </p>
      </div>
      {c.embedded ? (
        <button type="button" class="kefu-icon-btn" aria-label={t('close')} onClick={() => c.close()}>
          <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
            <path d="M6 6l12 12M18 6L6 18" stroke="currentColor" stroke-width="2" stroke-linecap="round" />
          </svg>
        </button>
      ) : null}
    </header>
  );
}
