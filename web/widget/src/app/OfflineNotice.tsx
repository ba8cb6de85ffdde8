// The team's answer to a message left while nobody was online: how and where the reply will
// come. It sits after the visitor's first message and is drawn from the conversation (marked
// offline_message by the server) and the contact, so it is there again after a reload.

import type { TimelineItem } from '../core/timeline';
import type { Conversation } from '../core/types';
import { replyNotice } from '../core/reply';
import { useController } from './context';

/** noticeAfter returns the key of the row the notice follows: the conversation's first message. */
export function noticeAfter(conv: Conversation | null, rows: TimelineItem[], hasOlder: boolean): string | null {
  if (!conv?.offline_message || hasOlder) return null;
  return rows.find((r) => r.message.conversation_id === conv.id)?.key ?? null;
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
