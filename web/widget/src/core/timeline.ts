// The messages of the visitor's conversations, merged from every source — REST history, the
// ack of a send, the message.created echo of the same send, replay after a reconnect — into one
// ordered list per conversation with each message exactly once (keyed by message id).

import type { Message } from './types';
import type { OutboxItem } from './outbox';

/** What the visitor sees about one of their messages. */
// waiting: queued while there is no connection; it is sent on reconnect without the visitor's
// help. failed: the server refused it, and only a tap (a retry) sends it again.
export type DeliveryState = 'sending' | 'waiting' | 'sent' | 'failed' | 'read';

/** One row of the message list: a stored message or a queued one. */
export interface TimelineItem {
  key: string;
  message: Message;
  state: DeliveryState | null; // null for messages from the team
  pending: boolean;
}

/** Timeline holds stored messages per conversation. */
export class Timeline {
  private readonly byConv = new Map<string, Map<string, Message>>();

  /** add stores a message; it returns false when the message was already there. */
  add(m: Message): boolean {
    let msgs = this.byConv.get(m.conversation_id);
    if (!msgs) this.byConv.set(m.conversation_id, (msgs = new Map()));
    if (msgs.has(m.id)) return false;
    msgs.set(m.id, m);
    return true;
  }

  /** replace updates a stored message (message.updated); unknown ones are added. */
  replace(m: Message): void {
    let msgs = this.byConv.get(m.conversation_id);
    if (!msgs) this.byConv.set(m.conversation_id, (msgs = new Map()));
    msgs.set(m.id, m);
  }

  /** messages returns a conversation's messages in seq order. */
  messages(conversationID: string): Message[] {
    return [...(this.byConv.get(conversationID)?.values() ?? [])].sort((a, b) => a.seq - b.seq);
  }

  /** hasClientMsg reports whether a message with this client id is stored. */
  hasClientMsg(conversationID: string, clientMsgID: string): boolean {
    for (const m of this.byConv.get(conversationID)?.values() ?? []) if (m.client_msg_id === clientMsgID) return true;
    return false;
  }

  /** oldestSeq is the seq of the earliest stored message, for paging back. */
  oldestSeq(conversationID: string): number {
    return this.messages(conversationID)[0]?.seq ?? 0;
  }

  /** clear forgets everything (reset of the visitor). */
  clear(): void {
    this.byConv.clear();
  }
}

/**
 * items builds the rows of one conversation: stored messages, then queued ones that are not
 * stored yet. A queued message whose ack or echo arrived is shown once, as the stored one.
 */
export function items(
  stored: Message[],
  queued: readonly OutboxItem[],
  conversationID: string | null,
  agentLastReadSeq: number,
  connected: boolean,
): TimelineItem[] {
  const rows: TimelineItem[] = stored.map((m) => ({
    key: m.id,
    message: m,
    pending: false,
    state: m.sender_type === 'contact' ? (m.seq <= agentLastReadSeq ? 'read' : 'sent') : null,
  }));
  const storedIDs = new Set(stored.map((m) => m.client_msg_id).filter(Boolean));
  for (const q of queued) {
    if (storedIDs.has(q.client_msg_id)) continue;
    if (q.conversation_id !== null && q.conversation_id !== conversationID) continue;
    rows.push({
      key: q.client_msg_id,
      pending: true,
      state: q.failed ? 'failed' : connected ? 'sending' : 'waiting',
      message: {
        id: '',
        conversation_id: q.conversation_id ?? '',
        seq: 0,
        sender_type: 'contact',
        sender_name: '',
        kind: q.attachment_ids.length ? 'file' : 'text',
        content: q.content,
        attachments: (q.attachments_preview ?? []).map((a, i) => ({ id: q.attachment_ids[i] ?? '', ...a })),
        client_msg_id: q.client_msg_id,
        created_at: q.created_at,
      },
    });
  }
  return rows;
}

/** unreadCount is how many messages from the team arrived after the visitor's read position. */
export function unreadCount(stored: Message[], contactLastReadSeq: number): number {
  return stored.filter((m) => m.sender_type !== 'contact' && m.seq > contactLastReadSeq).length;
}
