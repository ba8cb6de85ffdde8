// The chat app's frame: header, then whichever body the visitor needs now — a form before the
// first message (pre-chat, or offline when no one is available) or the conversation.

import { useEffect } from 'preact/hooks';
import { useController } from './context';
import { Header } from './Header';
import { Banners } from './Banners';
import { MessageList } from './MessageList';
import { Composer } from './Composer';
import { Rating } from './Rating';
import { ContactForm } from './ContactForm';
import { HumanButton } from './HumanButton';
import { botChats, botHolds, showsHumanButton } from '../core/botcard';

export function App() {
  const c = useController();
  const { client, t } = c;
  const color = client.settings.color;

  useEffect(() => {
    // A CSS variable set through the CSSOM: allowed by a CSP without 'unsafe-inline'.
    if (/^#[0-9a-fA-F]{6}$/.test(color)) document.documentElement.style.setProperty('--kefu-color', color);
  }, [color]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && c.embedded && c.close();
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, [c]);

  if (!c.isOpen) return null;
  return (
    <div class="kefu" role="dialog" aria-label={client.session?.inbox.name || t('title')}>
      <Header />
      <Body />
    </div>
  );
}

function Body() {
  const c = useController();
  const { client, t } = c;
  if (client.phase === 'refused') return <p class="kefu-notice" role="alert">{t('refused')}</p>;
  if (client.phase === 'failed') return <p class="kefu-notice" role="alert">{t('failedLoad')}</p>;
  if (client.phase === 'loading') return <p class="kefu-notice" aria-live="polite">{t('connecting')}</p>;
  const contactID = client.session?.contact.id ?? '';
  // A proactive message on show is a conversation about to begin: the thread, not a form.
  const noConversation = !client.current && client.outbox.list().length === 0 && !c.proactive;
  // With the bot answering first, nobody online is no reason for the offline form.
  if (noConversation && !client.online && !botChats(null, client.bot)) return <ContactForm kind="offline" />;
  const pre = client.settings.pre_chat;
  if (noConversation && pre?.enabled && pre.fields?.length && !client.kv.get(client.key(`prechat:${contactID}`))) return <ContactForm kind="prechat" />;
  const cur = client.current;
  // The rating is for the team: a question the bot settled was answered by its "did this help?".
  const rated = cur?.status === 'resolved' && !botHolds(cur);
  return (
    <>
      <Banners />
      <MessageList />
      {rated && !cur.rating ? <Rating /> : null}
      {rated && cur.rating ? <p class="kefu-notice" role="status">{t('thanks')}</p> : null}
      {showsHumanButton(cur, client.bot) ? <HumanButton /> : null}
      <Composer />
    </>
  );
}
