// The team's answer to a message left while nobody was online: how and where the reply will
// come. It sits after the visitor's first message and is drawn from the conversation (marked
// offline_message by the server) and the contact, so it is there again after a reload. When the
// bot handed the conversation over while nobody was available, it follows the hand-off instead.

import type { TimelineItem } from '../core/timeline';
import type { Conversation } from '../core/types';
import { replyNotice } from '../core/reply';
import { useController } from './context';

/** noticeAfter returns the key of the row the notice follows: the conversation's first
 * message, or the bot's hand-off when the bot handed it over while nobody was available. */
export function noticeAfter(conv: Conversation | null, rows: TimelineItem[], hasOlder: boolean): string | null {
  if (!conv?.offline_message) return null;
  const handoff = [...rows].reverse().find((r) => r.message.conversation_id === conv.id && r.message.bot?.action === 'handoff');
  if (handoff) return handoff.key;
  return hasOlder ? null : (rows.find((r) => r.message.conversation_id === conv.id)?.key ?? null);
}

export function OfflineNotice() {
  const { client, t } = useController();
  const { key, vars } = replyNotice(client.session?.contact);
  return (
    <p class="kefu-system" role="status" data-testid="offline-notice">
      {t(key, vars)}
    </p>
  );
}
